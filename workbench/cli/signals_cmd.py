"""`workbench signals [--since DATE] [--tier A] [--json]`: the territory's signals, best first.

Also `--why` (the factors behind each rank), `--dismiss ID`, `--restore ID` and
`--mute KIND --account A` / `--unmute KIND --account A`.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from workbench import accounts, errors

if TYPE_CHECKING:
    from workbench.cli import Context


def _since(text: str) -> datetime:
    """A date (2026-11-30) or a number of days back (7d)."""
    value = text.strip().lower()
    if value.endswith("d") and value[:-1].isdigit():
        return datetime.now(UTC) - timedelta(days=int(value[:-1]))
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date like 2026-11-30 or 7d") from exc
    return datetime(day.year, day.month, day.day).astimezone()


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("signals", help="trigger events across the territory, ranked")
    parser.add_argument("--since", type=_since, metavar="DATE",
                        help="only events since DATE (2026-11-30) or N days back (7d)")
    parser.add_argument("--tier", action="append", choices=["A", "B", "C"],
                        help="only accounts of this tier (repeatable)")
    parser.add_argument("--account", help="only this account (id, name or domain)")
    parser.add_argument("--all", action="store_true", help="include dismissed signals")
    parser.add_argument("--limit", type=int, default=50, help="at most this many (50)")
    parser.add_argument("--why", action="store_true", help="show why each signal ranks there")
    parser.add_argument("--json", action="store_true", help="print the signals as JSON")
    change = parser.add_mutually_exclusive_group()
    change.add_argument("--dismiss", type=int, metavar="ID", help="dismiss a signal")
    change.add_argument("--restore", type=int, metavar="ID", help="bring a dismissed signal back")
    change.add_argument("--mute", metavar="KIND", help="stop showing a kind for --account")
    change.add_argument("--unmute", metavar="KIND", help="show a muted kind again for --account")
    parser.set_defaults(handler=cmd_signals)


def cmd_signals(args: argparse.Namespace, ctx: Context) -> int:
    from workbench.signals import store
    from workbench.signals.model import kind_label

    account = accounts.find_account(ctx.db, args.account) if args.account else None
    if args.dismiss is not None or args.restore is not None:
        signal_id = args.dismiss if args.dismiss is not None else args.restore
        store.dismiss(ctx.db, signal_id, dismissed=args.dismiss is not None)
        print(f"Signal {signal_id} {'dismissed' if args.dismiss is not None else 'restored'}.")
        return 0
    if args.mute or args.unmute:
        if account is None:
            raise errors.InvalidInput("Say which account with --account.")
        kind = args.mute or args.unmute
        store.mute_kind(ctx.db, account.id, kind, muted=bool(args.mute))
        print(f"{kind_label(kind)} signals {'muted' if args.mute else 'shown again'} "
              f"for {account.name}.")
        return 0
    ranked = store.ranked_signals(ctx.db, since=args.since, tiers=args.tier,
                                  account_id=account.id if account else None,
                                  include_dismissed=args.all, limit=max(1, args.limit))
    if args.json:
        print(json.dumps([{
            "id": r.signal.id, "account_id": r.signal.account_id,
            "account": r.signal.account_name, "tier": r.signal.tier, "kind": r.signal.kind,
            "title": r.signal.title, "evidence": r.signal.evidence, "origin": r.signal.origin,
            "occurred_at": r.signal.occurred_at.isoformat(), "sources": r.signal.source_count,
            "seen": r.signal.seen, "dismissed": r.signal.dismissed, "score": r.score,
            "in_buying_window": r.in_window, "why": list(r.reasons)} for r in ranked],
            indent=2, ensure_ascii=False))
        return 0
    if not ranked:
        print("No signals. They appear after research or a refresh finds trigger events.")
        return 0
    for r in ranked:
        s = r.signal
        flags = " (dismissed)" if s.dismissed else ""
        sources = f" · {s.source_count} sources" if s.source_count > 1 else ""
        print(f"{r.score:>5.1f}  #{s.id} {s.account_name} (tier {s.tier}) · {kind_label(s.kind)} "
              f"· {s.occurred_at.astimezone():%Y-%m-%d}{sources}{flags}")
        print(f"       {s.title}")
        if args.why:
            for reason in r.reasons:
                print(f"         {reason}")
    return 0
