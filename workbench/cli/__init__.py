"""The `workbench` command: starts the desktop program, or runs a headless command.

Each command group lives in its own module with a `register(subparsers)` that
adds its sub-parser and sets `handler`; `COMMAND_MODULES` lists them. Commands
that need Qt to draw are registered by the UI package through the
`workbench.commands` entry-point group. A handler
gets the parsed arguments and an `Context` (the database, opened on first use)
and returns an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench import __version__, errors

if TYPE_CHECKING:
    from workbench.storage.database import Database

log = logging.getLogger("workbench.cli")

COMMAND_MODULES = (
    "workbench.cli.accounts_cmd",
    "workbench.cli.export_cmd",
    "workbench.cli.demo_cmd",
    "workbench.cli.backup_cmd",
    "workbench.cli.research_cmd",
)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


@dataclass
class Context:
    """What a command handler needs: the `--db` target, opened lazily."""

    db_target: str | None
    _db: Database | None = field(default=None, repr=False)

    @property
    def db(self) -> Database:
        if self._db is None:
            from workbench.storage.database import open_database

            self._db = open_database(self.db_target)
            if self._db.path is not None and not self._db.read_only:
                from workbench.safety.backups import daily_backup_if_due

                daily_backup_if_due(self._db.path,
                                    warn=lambda text: print(text, file=sys.stderr))
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Sales Prep Workbench: research accounts, map buying committees, "
                    "print call-prep sheets. With no command, starts the desktop program.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db", metavar="PATH",
        help="database file or SQLAlchemy URL (default: $WORKBENCH_DB, else a file in "
             "your data folder)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    for entry in _plugin_commands():
        # Commands that draw (map and sheet exports) live in the UI package, which
        # names them in its metadata; the core never imports it.
        entry.load()(subparsers)
    return parser


def _plugin_commands() -> list[Any]:
    from importlib.metadata import entry_points

    return sorted(entry_points(group="workbench.commands"), key=lambda e: e.name)


def start_gui(db_target: str | None) -> int:
    """Start the desktop program through the `workbench.gui` entry point.

    The core never imports the UI; the installed package names its GUI in its
    metadata, so `workbench` with no command can start it.
    """
    from importlib.metadata import entry_points

    found = entry_points(group="workbench.gui", name="app")
    if not found:
        print("workbench: the desktop program is not installed; "
              "install the project with `pip install -e .`.", file=sys.stderr)
        return EXIT_ERROR
    run = next(iter(found)).load()
    return int(run(db_target))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from workbench import logs

    logs.configure()
    context = Context(db_target=args.db)
    try:
        if args.command is None:
            return start_gui(args.db)
        return int(args.handler(args, context) or EXIT_OK)
    except errors.KnownError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except Exception:
        log.exception("unexpected error in `%s`", " ".join(sys.argv))
        print(f"workbench: an unexpected error occurred; details are in {logs.log_file()}",
              file=sys.stderr)
        return EXIT_ERROR
    finally:
        context.close()
        # A closed pipe (`| head`) should not print a traceback at exit.
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
