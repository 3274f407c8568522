"""`workbench search QUERY [--account A] [--kind K] [--json]`: one search across the territory."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from workbench import accounts, search
from workbench.territory.search_service import group_hits, matched_words, target_of

if TYPE_CHECKING:
    from workbench.cli import Context


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "search", help="search accounts, people, news, pages, calls and notes")
    parser.add_argument("query", nargs="+", help="the words to find (the last may be a prefix)")
    parser.add_argument("--account", help="only this account (id, name or domain)")
    parser.add_argument("--kind", action="append", choices=search.KINDS,
                        help="only this kind of thing (repeatable)")
    parser.add_argument("--limit", type=int, default=50, help="at most this many hits (50)")
    parser.add_argument("--json", action="store_true", help="print the hits as JSON")
    parser.set_defaults(handler=cmd_search)


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    text = " ".join(args.query)
    account_id = accounts.find_account(ctx.db, args.account).id if args.account else None
    hits = search.search(ctx.db, text, kinds=args.kind, account_id=account_id,
                         limit=max(1, args.limit))
    groups = group_hits(hits)
    if args.json:
        out = [{"kind": h.kind, "id": h.id, "account_id": h.account_id,
                "account": h.account_name, "title": h.title, "snippet": h.snippet,
                "matched": matched_words(h.snippet), "tab": target_of(h).tab}
               for g in groups for h in g.hits]
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    if not groups:
        print(f"Nothing matches “{text}”.")
        return 0
    for group in groups:
        print(f"{group.label} ({len(group.hits)})")
        for hit in group.hits:
            where = "" if hit.kind == "account" else f"  [{hit.account_name}]"
            print(f"  {hit.title or '(untitled)'}{where}")
            if hit.snippet and hit.snippet != hit.title:
                print(f"      {hit.snippet}")
    return 0
