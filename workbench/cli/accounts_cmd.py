"""`workbench accounts list|add|show|remove`.

`list` and `show` only read: on a SQLite file of the current schema they read it with
plain sqlite3 (`workbench.storage.plain_read`, `show`'s summary through
`account_summary`), so they never import SQLAlchemy; the other actions (and every other
database) go through `workbench.accounts`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.cli import Context


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("accounts", help="list, add, show or remove accounts")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    sub.add_parser("list", help="list all accounts").set_defaults(handler=cmd_list)

    add = sub.add_parser("add", help="add an account")
    add.add_argument("name", nargs="?", default="", help="company name (default: from the website)")
    add.add_argument("--website", default="", help="company website, e.g. example.com")
    add.add_argument("--industry", default="")
    add.add_argument("--tier", choices=["A", "B", "C"], default="B")
    add.add_argument("--stage", choices=["prepare", "prospect", "progress", "close"],
                     default="prepare")
    add.set_defaults(handler=cmd_add)

    show = sub.add_parser("show", help="show one account (a readable summary)")
    show.add_argument("account", help="id, name or domain")
    show.add_argument("--json", action="store_true", help="print the fields as JSON")
    show.set_defaults(handler=cmd_show)

    remove = sub.add_parser("remove", help="delete an account and everything stored about it")
    remove.add_argument("account", help="id, name or domain")
    remove.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    remove.set_defaults(handler=cmd_remove)


def _when(value: Any) -> str:
    """A stored (UTC) time in the user's local time zone."""
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "—"


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    reader = ctx.sqlite_reader()
    if reader is not None:
        from workbench.storage.plain_read import list_account_rows

        rows: Any = list_account_rows(reader)
    else:
        from workbench import accounts

        rows = accounts.list_accounts(ctx.db)
    if not rows:
        print("No accounts yet. Add one with `workbench accounts add NAME --website URL`, "
              "or load the demo with `workbench demo`.")
        return 0
    print(f"{'ID':>4}  {'NAME':<30} {'DOMAIN':<28} {'TIER':<4} {'STAGE':<9} "
          f"{'RESEARCHED':<16} NEXT CALL")
    for r in rows:
        print(f"{r.id:>4}  {r.name[:30]:<30} {r.domain[:28]:<28} {r.tier:<4} {r.stage:<9} "
              f"{_when(r.last_researched_at):<16} {_when(r.next_call_at)}")
    return 0


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    from workbench import accounts

    account_id = accounts.create_account(
        ctx.db, args.name, args.website, industry=args.industry, tier=args.tier,
        stage=args.stage)
    account = accounts.get_account(ctx.db, account_id)
    print(f"Added account {account.id}: {account.name}"
          + (f" ({account.domain})" if account.domain else ""))
    return 0


def _account_fields(ctx: Context, ref: str) -> tuple[dict[str, Any], bool]:
    """The stored fields of one account, and whether they were read the plain way
    (then its summary can be too)."""
    reader = ctx.sqlite_reader()
    if reader is not None:
        from workbench.storage.plain_read import find_account_fields

        found = find_account_fields(reader, ref)
        if found is not None:
            return found, True
        # None or several match: the core says which, in its own words.
    from workbench import accounts

    account = accounts.find_account(ctx.db, ref)
    return {"id": account.id, "name": account.name, "website": account.website,
            "domain": account.domain, "industry": account.industry,
            "tier": account.tier.value, "stage": account.stage.value,
            "last_researched_at": account.last_researched_at, "notes": account.notes}, False


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    account, plain = _account_fields(ctx, args.account)
    fields = {
        "id": account["id"], "name": account["name"], "website": account["website"],
        "domain": account["domain"], "industry": account["industry"],
        "tier": account["tier"], "stage": account["stage"],
        "last_researched": _when(account["last_researched_at"]), "notes": account["notes"],
    }
    if args.json:
        import json

        print(json.dumps(fields, indent=2, ensure_ascii=False))
        return 0
    from workbench.cli import account_summary

    account_id = account["id"]
    reader = ctx.sqlite_reader()
    summary = (account_summary.read_plain(reader, account_id) if plain and reader is not None
               else account_summary.read_orm(ctx.db, account_id))
    print(f"{account['name']} (id {account_id})")
    for label, value in (("Website", account["website"]), ("Domain", account["domain"]),
                         ("Industry", account["industry"]),
                         ("Tier", account["tier"]), ("Stage", account["stage"]),
                         ("Researched", _when(account["last_researched_at"]))):
        print(f"  {label + ':':<13}{value or '—'}")
    print(f"  {'Holds:':<13}{summary.pages} pages, {summary.news} news items, "
          f"{summary.stakeholders} people on the committee, {summary.calls} calls")
    call = summary.next_call
    if call is not None:
        print(f"  {'Next call:':<13}{_when(call.scheduled_at)} {call.label} (id {call.id})"
              + (f": {call.objective}" if call.objective else ""))
    for kind, value in summary.facts:
        print(f"  {kind.capitalize() + ':':<13}{value}")
    if account["notes"]:
        print("\nNotes:\n  " + "\n  ".join(account["notes"].splitlines()))
    return 0


def cmd_remove(args: argparse.Namespace, ctx: Context) -> int:
    from workbench import accounts

    account = accounts.find_account(ctx.db, args.account)
    if not args.yes:
        question = f"Delete “{account.name}” and everything stored about it? [y/N] "
        # Without a terminal (a script, a pipe) there is no one to answer: say so plainly.
        if not sys.stdin or not sys.stdin.isatty():
            print(f"Nothing was deleted: removing “{account.name}” needs a yes. Run "
                  "`workbench accounts remove ACCOUNT --yes` to delete without asking.",
                  file=sys.stderr)
            return 1
        try:
            answer = input(question)
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was deleted.")
            return 1
    accounts.delete_account(ctx.db, account.id)
    print(f"Deleted account {account.id}: {account.name}")
    return 0
