"""`workbench campaign enrol ACCOUNT [--template NAME] [--person P]`, templates and days off."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.cli import Context


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("campaign", help="enrol people in campaigns; templates, "
                                                    "days off")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    enrol = sub.add_parser("enrol", help="enrol an account's committee (or some of it)")
    enrol.add_argument("account", help="id, name or domain")
    enrol.add_argument("--template", metavar="NAME",
                       help="the campaign template (default: the one for the account's tier)")
    enrol.add_argument("--person", action="append", metavar="P",
                       help="a person's id or name (repeat; default: the whole committee)")
    enrol.add_argument("--start", type=date.fromisoformat, metavar="YYYY-MM-DD",
                       help="first day (default: today)")
    enrol.set_defaults(handler=cmd_enrol)

    sub.add_parser("templates", help="list the campaign templates").set_defaults(
        handler=cmd_templates)

    off = sub.add_parser("days-off", help="list or add days off (no touch is planned on them)")
    off.add_argument("--add", type=date.fromisoformat, metavar="YYYY-MM-DD")
    off.add_argument("--days", type=int, default=1, help="with --add: how many days in a row")
    off.add_argument("--note", default="")
    off.set_defaults(handler=cmd_days_off)


def cmd_enrol(args: argparse.Namespace, ctx: Context) -> int:
    from workbench import accounts
    from workbench.campaigns.enrolment import enrol
    from workbench.campaigns.people import find_person

    account = accounts.find_account(ctx.db, args.account)
    ids = [find_person(ctx.db, p, account.id)[0] for p in args.person] if args.person else None
    result = enrol(ctx.db, account.id, start=args.start or date.today(),
                   template=args.template, person_ids=ids)
    n = len(result.enrolment_ids)
    print(f"Enrolled {n} {'person' if n == 1 else 'people'} from {account.name} in "
          f"“{result.cadence_name}”.")
    if result.already_running:
        print("Already in a running campaign: " + ", ".join(result.already_running) + ".")
    return 0


def cmd_templates(args: argparse.Namespace, ctx: Context) -> int:
    from workbench.campaigns.cadences import list_cadences

    for c in list_cadences(ctx.db):
        tier = f"tier {c.tier.value}" if c.tier else "any tier"
        print(f"{c.id:>3}  {c.name:<28} {tier:<9} {len(c.steps):>2} steps over "
              f"{c.span_working_days} working days, items {c.cost:.2f}")
    return 0


def cmd_days_off(args: argparse.Namespace, ctx: Context) -> int:
    from workbench.campaigns.schedule import list_days_off, set_days_off

    if args.add:
        days = [args.add + timedelta(days=i) for i in range(max(1, args.days))]
        added = set_days_off(ctx.db, days, args.note)
        print(f"Added {added} day{'s' if added != 1 else ''} off.")
        return 0
    rows = list_days_off(ctx.db)
    if not rows:
        print("No days off. Add one with `workbench campaign days-off --add YYYY-MM-DD`.")
    for day, note in rows:
        print(f"{day:%a %Y-%m-%d}  {note}")
    return 0
