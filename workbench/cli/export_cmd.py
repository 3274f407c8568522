"""`workbench export ACCOUNT --format json [-o FILE]`: the account's whole dossier."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench import accounts, errors
from workbench.dossier import build_dossier

if TYPE_CHECKING:
    from workbench.cli import Context


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("export", help="print an account's whole dossier as JSON")
    parser.add_argument("account", help="id, name or domain")
    parser.add_argument("--format", choices=["json"], default="json")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.set_defaults(handler=cmd_export)


def write_atomically(path: Path, text: str) -> None:
    """Write a file whole or not at all: a full disk never leaves half an export."""
    folder = path.resolve().parent
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise errors.KnownError(f"Cannot write {path}: {exc.strerror}.") from exc


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    account = accounts.find_account(ctx.db, args.account)
    text = json.dumps(build_dossier(ctx.db, account.id), indent=2, ensure_ascii=False)
    if args.output:
        write_atomically(Path(args.output), text + "\n")
        print(f"Exported {account.name} to {args.output}", file=sys.stderr)
    else:
        print(text)
    return 0
