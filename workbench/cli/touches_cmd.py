"""`workbench touches [--due today|week] [--json] [--ics OUT]` and `workbench touch log PERSON`."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.cli import Context

CHANNELS = ("phone", "email", "letter", "courier", "gift", "book", "social", "meeting", "other")
OUTCOMES = ("connected", "voicemail", "no_answer", "sent", "replied", "meeting_booked",
            "bounced", "not_interested", "out_of_office")


def register(subparsers: Any) -> None:
    touches = subparsers.add_parser(
        "touches", help="the campaign touches due today (or this week) and overdue",
        description="List the campaign touches due across the territory, overdue first, "
                    "grouped by channel, with their scripts filled in.")
    touches.add_argument("--due", choices=["today", "week"], default="today",
                         help="today's touches (default) or the rest of this week's")
    touches.add_argument("--date", type=date.fromisoformat, metavar="YYYY-MM-DD",
                         help="the day to list for (default: today)")
    touches.add_argument("--json", action="store_true", help="print JSON, scripts included")
    touches.add_argument("--ics", metavar="OUT", type=Path,
                         help="also write the calls and touches as an .ics calendar file")
    touches.set_defaults(handler=cmd_touches)

    touch = subparsers.add_parser("touch", help="log a touch with a person")
    sub = touch.add_subparsers(dest="action", metavar="ACTION", required=True)
    log = sub.add_parser("log", help="log a call, email, letter... and its outcome")
    log.add_argument("person", help="the person's id or name")
    log.add_argument("--account", help="the account, when the name is not unique")
    log.add_argument("--channel", choices=CHANNELS, required=True)
    log.add_argument("--outcome", choices=OUTCOMES, required=True)
    log.add_argument("--note", default="")
    log.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD",
                     help="with --outcome out_of_office: the day they are back")
    log.add_argument("--stop-account", action="store_true",
                     help="a reply or booked meeting stops every campaign on the account")
    log.set_defaults(handler=cmd_touch_log)


def cmd_touches(args: argparse.Namespace, ctx: Context) -> int:
    from workbench.campaigns.queue import due_window, group_by_channel, touches_due

    today = args.date or date.today()
    until = due_window(today, args.due)
    due = touches_due(ctx.db, today, until=until)
    if args.ics:
        from workbench.campaigns.ics import write_calendar

        count = write_calendar(ctx.db, args.ics, today, until)
        if not args.json:
            print(f"Wrote {count} event{'s' if count != 1 else ''} to {args.ics}.")
    if args.json:
        print(json.dumps([t.as_dict(today) for t in due], indent=2, ensure_ascii=False))
        return 0
    if not due:
        print("No touches due. Enrol a committee with `workbench campaign enrol ACCOUNT`.")
        return 0
    for channel, items in group_by_channel(due):
        print(f"\n{channel.label} ({len(items)})")
        for t in items:
            late = t.overdue_days(today)
            when = f"{late} day{'s' if late != 1 else ''} overdue" if late else \
                ("today" if t.due_date == today else f"{t.due_date:%a %d %b}")
            contact = t.phone if channel.value == "phone" else t.email
            print(f"  [{t.planned_touch_id}] {t.person_name} ({t.account_name})"
                  f"{' · ' + contact if contact else ''} · {t.title} · {when}")
    return 0


def cmd_touch_log(args: argparse.Namespace, ctx: Context) -> int:
    from workbench import accounts
    from workbench.campaigns.people import find_person
    from workbench.campaigns.touches import log_touch

    account_id = accounts.find_account(ctx.db, args.account).id if args.account else None
    person_id, name = find_person(ctx.db, args.person, account_id)
    result = log_touch(ctx.db, person_id, args.channel, args.outcome, note=args.note,
                       out_of_office_until=args.until, stop_account=args.stop_account)
    said = [f"Logged {args.channel} ({args.outcome.replace('_', ' ')}) with {name}."]
    if result.planned_touch_id:
        said.append("The campaign step due is done.")
    if result.stopped_enrolments:
        n = len(result.stopped_enrolments)
        said.append(f"Stopped {n} campaign{'s' if n != 1 else ''}.")
    if result.shifted_touches:
        said.append(f"Moved {result.shifted_touches} planned touches to after their return.")
    print(" ".join(said))
    return 0
