"""`workbench prep ACCOUNT [--call ID] --pdf OUT`: a call-prep sheet as PDF, headless.

Registered through the `workbench.commands` entry point because drawing the
sheet needs Qt (offscreen: no display is used or needed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench import accounts, errors

if TYPE_CHECKING:
    from workbench.cli import Context


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "prep", help="write the call-prep sheet for an account's call as a PDF",
        description="Write the call-prep sheet for a call (by default the account's next "
                    "planned call) as a PDF, without opening a window.")
    parser.add_argument("account", help="id, name or domain")
    parser.add_argument("--call", type=int, metavar="ID",
                        help="the call's id (default: the next planned call)")
    parser.add_argument("--pdf", required=True, metavar="OUT", help="the PDF file to write")
    # The default is render.DEFAULT_TEMPLATE, spelled out so `--help` needs no templates.
    parser.add_argument("--template", default="one_page", metavar="NAME",
                        help="one_page (default), detailed, or one of your own templates")
    parser.add_argument("--page-size", choices=["A4", "Letter"],
                        help="paper size (default: from your locale)")
    parser.set_defaults(handler=cmd_prep)



def choose_call(db: Any, account_id: int, account_name: str, call_id: int | None) -> int:
    from workbench.prep import calls

    if call_id is None:
        found = calls.next_call_id(db, account_id)
        if found is None:
            raise errors.NotFound(f"{account_name} has no calls yet.",
                                  hint="Plan one in the Calls tab first.")
        return found
    fields = calls.call_fields(db, call_id)
    if fields["account_id"] != account_id:
        raise errors.InvalidInput(f"Call {call_id} is not a call with {account_name}.")
    return call_id


def cmd_prep(args: argparse.Namespace, ctx: Context) -> int:
    # Imported here: templates and sheet code are not needed to start the program.
    from workbench.prep.context import load_sheet
    from workbench.prep.render import list_templates

    if args.template not in list_templates():
        raise errors.NotFound(f"There is no sheet template “{args.template}”.",
                              hint=f"Templates: {', '.join(list_templates())}.")
    account = accounts.find_account(ctx.db, args.account)
    call_id = choose_call(ctx.db, account.id, account.name, args.call)
    data = load_sheet(ctx.db, call_id)
    from ui.committee_map.export import ensure_app

    ensure_app(headless=True)  # the sheet's map is a QGraphicsScene: widgets needed
    from ui.calls.map_picture import sheet_map
    from ui.calls.sheet_document import locale_page_size, map_size_px, write_sheet_pdf

    width, height = map_size_px(args.template)
    picture = sheet_map(ctx.db, data, width, height)
    out = Path(args.pdf)
    page_size = args.page_size or locale_page_size()
    fitted = write_sheet_pdf(data, out, args.template, page_size, picture)
    pages = f"{fitted.page_count} page{'s' if fitted.page_count != 1 else ''}"
    print(f"Wrote {out} ({pages}, {page_size}, "
          f"{args.template}).", file=sys.stderr)
    if not fitted.fits:
        print(f"workbench: the sheet needs {pages}; the template asks for at most "
              f"{fitted.max_pages}. Shorten the call's notes or choose --template detailed.",
              file=sys.stderr)
    return 0
