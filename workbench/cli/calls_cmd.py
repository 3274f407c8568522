"""`workbench calls ACCOUNT`: an account's calls with their ids (what `prep --call ID` takes)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.cli import Context


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("calls", help="list an account's calls with their ids")
    parser.add_argument("account", help="id, name or domain")
    parser.set_defaults(handler=cmd_calls)


def cmd_calls(args: argparse.Namespace, ctx: Context) -> int:
    from workbench import accounts
    from workbench.prep import calls

    account = accounts.find_account(ctx.db, args.account)
    rows = calls.list_calls(ctx.db, account.id)
    if not rows:
        print(f"{account.name} has no calls yet. Plan one in the Calls tab.")
        return 0
    next_id = calls.next_call_id(ctx.db, account.id)
    print(f"{'ID':>4}  {'WHEN (local time)':<17} {'KIND':<14} {'PEOPLE':>6}  OBJECTIVE")
    for row in rows:
        when = row.scheduled_at.astimezone().strftime("%Y-%m-%d %H:%M") \
            if row.scheduled_at else "not scheduled"
        mark = "  ← next" if row.id == next_id else ""
        print(f"{row.id:>4}  {when:<17} {row.kind.label:<14} {row.attendee_count:>6}  "
              f"{row.objective or '—'}{mark}")
    print(f"\nA sheet for one call: workbench prep {account.id} --call ID --pdf OUT")
    return 0
