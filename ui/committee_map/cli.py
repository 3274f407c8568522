"""`workbench map ACCOUNT --png|--svg|--pdf OUT`: the committee map as a file, from the shell.

Registered through the `workbench.commands` entry point, since drawing needs Qt
and the core never imports it. Works without a display (offscreen).
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
        "map", help="export an account's buying-committee map as PNG, SVG or PDF")
    parser.add_argument("account", metavar="ACCOUNT", help="id, name or domain")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--png", metavar="OUT", type=Path, help="write a PNG image")
    target.add_argument("--svg", metavar="OUT", type=Path, help="write an SVG drawing")
    target.add_argument("--pdf", metavar="OUT", type=Path, help="write a one-page PDF")
    parser.set_defaults(handler=cmd_map)




def cmd_map(args: argparse.Namespace, ctx: Context) -> int:
    from workbench import accounts

    account = accounts.find_account(ctx.db, args.account)
    from ui.committee_map.export import ensure_app

    ensure_app(headless=True)
    from ui.committee_map import export

    if args.png:
        size = export.export_png(ctx.db, account.id, args.png)
        print(f"Wrote {args.png} ({size.width()}×{size.height()} px) for {account.name}.",
              file=sys.stderr)
    elif args.svg:
        export.export_svg(ctx.db, account.id, args.svg)
        print(f"Wrote {args.svg} for {account.name}.", file=sys.stderr)
    else:
        export.export_pdf(ctx.db, account.id, args.pdf)
        print(f"Wrote {args.pdf} for {account.name}.", file=sys.stderr)
    return 0
