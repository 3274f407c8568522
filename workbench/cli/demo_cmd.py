"""`workbench demo`: add the demo account, so there is something to see without a network."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from workbench.demo import load_demo

if TYPE_CHECKING:
    from workbench.cli import Context


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help="add the demo account (a fictional company)")
    parser.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    account_id = load_demo(ctx.db)
    print(f"The demo account is ready (id {account_id}). Start the program with `workbench`.")
    return 0
