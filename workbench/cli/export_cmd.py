"""`workbench export ACCOUNT --format json [-o FILE]`: the account's whole dossier."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench import accounts
from workbench.dossier import build_dossier
from workbench.safety.account_file import export_account_file

if TYPE_CHECKING:
    from workbench.cli import Context


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("export", help="print an account's whole dossier as JSON")
    parser.add_argument("account", help="id, name or domain")
    parser.add_argument("--format", choices=["json"], default="json")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    account = accounts.find_account(ctx.db, args.account)
    if args.output:
        export_account_file(ctx.db, account.id, Path(args.output))
        print(f"Exported {account.name} to {args.output}", file=sys.stderr)
    else:
        print(json.dumps(build_dossier(ctx.db, account.id), indent=2, ensure_ascii=False))
    return 0
