"""`workbench today [--pdf OUT]`: the day's calls, signals, touches and quiet people.

Registered through the `workbench.commands` entry point because the PDF is drawn by
Qt (offscreen: no display is used or needed); the text brief needs no Qt at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.cli import Context


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "today", help="the day's brief: calls, new signals, touches due, people gone quiet")
    parser.add_argument("--pdf", metavar="OUT", help="write the one-page daily brief as a PDF")
    parser.add_argument("--page-size", choices=["A4", "Letter"],
                        help="paper size (default: from your locale)")
    parser.set_defaults(handler=cmd_today)


def cmd_today(args: argparse.Namespace, ctx: Context) -> int:
    from workbench.territory.brief import brief_text
    from workbench.today import build_today

    data = build_today(ctx.db)
    if not args.pdf:
        print(brief_text(data))
        return 0
    from ui.committee_map.export import ensure_app

    ensure_app(headless=True)
    from ui.calls.sheet_document import locale_page_size
    from ui.territory.brief_pdf import write_brief_pdf

    out = Path(args.pdf)
    page_size = args.page_size or locale_page_size()
    pages = write_brief_pdf(data, out, page_size)
    print(f"Wrote {out} ({pages} page{'s' if pages != 1 else ''}, {page_size}).", file=sys.stderr)
    return 0
