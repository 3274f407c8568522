"""The `workbench` command: starts the desktop program, or runs a headless command.

Adding a command: write a module with `register(subparsers)` that adds its
sub-parser(s) and sets `handler`, and add one line per command name to `COMMANDS`
(name -> module, one-line help). A command imports only what it uses: the parser
imports just the module of the command being run (every other command is listed
for `--help` from the table alone), and a module imports its heavy parts inside
its handlers. Commands that need Qt to draw live in the UI package, which names
them in the `workbench.commands` entry-point group; their table line says
`ENTRY_POINT` instead of a module (a test checks the table against the modules,
the entry points and their help texts). A handler gets the parsed arguments and a
`Context` (the database, opened on first use) and returns an exit code.

For example, a `calls` command in `workbench/cli/calls_cmd.py`::

    "calls": ("workbench.cli.calls_cmd", "list the calls planned across the territory"),

with `register(subparsers)` calling `subparsers.add_parser("calls", help=<the same
line>)`. A command that only reads may use `ctx.sqlite_reader()` (plain sqlite3 on a
current SQLite file, None otherwise) to skip importing SQLAlchemy.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from workbench import __version__, errors

if TYPE_CHECKING:
    from workbench.storage.database import Database

log = logging.getLogger("workbench.cli")

# Registered through the `workbench.commands` entry points (the UI package's drawing commands).
ENTRY_POINT = "entry point"

# Command name -> (the module whose `register` adds it, or ENTRY_POINT; its help line).
# The order is the order `workbench --help` lists them in.
COMMANDS: dict[str, tuple[str, str]] = {
    "accounts": ("workbench.cli.accounts_cmd", "list, add, show or remove accounts"),
    "export": ("workbench.cli.export_cmd", "print an account's whole dossier as JSON"),
    "demo": ("workbench.cli.demo_cmd", "add the demo account (a fictional company)"),
    "backup": ("workbench.cli.backup_cmd",
               "back up the database now (SQLite online backup)"),
    "restore": ("workbench.cli.backup_cmd",
                "replace the database by a backup (the current file is kept first)"),
    "import": ("workbench.cli.backup_cmd",
               "add an account from an export file (`workbench export -o FILE`)"),
    "research": ("workbench.cli.research_cmd",
                 "research a company's website (creates the account if needed)"),
    "refresh": ("workbench.cli.research_cmd",
                "research accounts again; unchanged pages are not stored twice"),
    "filings": ("workbench.cli.filings_cmd",
                "follow a listed company's SEC EDGAR filings (8-K items as triggers)"),
    "calls": ("workbench.cli.calls_cmd", "list an account's calls with their ids"),
    "touches": ("workbench.cli.touches_cmd",
                "the campaign touches due today (or this week) and overdue"),
    "touch": ("workbench.cli.touches_cmd", "log a touch with a person"),
    "campaign": ("workbench.cli.campaign_cmd",
                 "enrol people in campaigns; templates, days off"),
    "search": ("workbench.cli.search_cmd",
               "search accounts, people, news, pages, calls and notes"),
    "signals": ("workbench.cli.signals_cmd",
                "trigger events across the territory, ranked"),
    "today": (ENTRY_POINT, "the day's brief: calls, new signals, touches due, people gone quiet"),
    "map": (ENTRY_POINT, "export an account's buying-committee map as PNG, SVG or PDF"),
    "prep": (ENTRY_POINT, "write the call-prep sheet for an account's call as a PDF"),
}
# Kept for callers that iterate the modules (each once, in table order).
COMMAND_MODULES = tuple(dict.fromkeys(
    module for module, _help in COMMANDS.values() if module != ENTRY_POINT))

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


class Context:
    """What a command handler needs: the `--db` target, opened lazily."""

    # A plain class, not a dataclass: importing `dataclasses` (and `inspect` with it)
    # costs a command that only reads a tenth of its run.
    def __init__(self, db_target: str | None) -> None:
        self.db_target = db_target
        self._db: Database | None = None
        self._reader: sqlite3.Connection | None = None
        self._reader_tried = False

    def __repr__(self) -> str:
        return f"Context(db_target={self.db_target!r})"

    def sqlite_reader(self) -> sqlite3.Connection | None:
        """A plain read-only sqlite3 connection for listing commands, when `--db` is a
        workbench SQLite file on the newest schema; else None (use `db`, the full road
        that migrates, recovers and explains). Reading opens no engine, imports no
        SQLAlchemy and makes no daily backup (a read changes nothing)."""
        if not self._reader_tried:
            self._reader_tried = True
            from workbench.storage.plain_read import open_current

            self._reader = open_current(self.db_target)
        return self._reader

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
        if self._reader is not None:
            self._reader.close()
        if self._db is not None:
            self._db.dispose()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the command line, it imports only the module of the command in it.

    Without `argv` every command is registered in full (for tests and documentation).
    """
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
    wanted = None if argv is None else _command_in(argv)
    # A module registers all its commands at once, where its first one is listed.
    wanted_module = COMMANDS[wanted][0] if wanted else None
    for name, (module, help_text) in COMMANDS.items():
        if name in subparsers.choices:
            continue  # added with another command of its module
        if argv is None or name == wanted or (module == wanted_module != ENTRY_POINT):
            if module == ENTRY_POINT:
                _register_entry_point(name, subparsers)
            else:
                importlib.import_module(module).register(subparsers)
        if name not in subparsers.choices and (wanted is None or name == wanted):
            # Listed for --help only, never parsed: the command being run is registered.
            # With a command named, the others are not listed at all (a parser each costs
            # a command that only reads more than a millisecond).
            subparsers.add_parser(name, help=help_text, add_help=False)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """The command named on the command line (its first word that is not an option)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word == "--db":
            skip = True
        elif word == "--":
            continue
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def _register_entry_point(name: str, subparsers: Any) -> None:
    # Commands that draw (map and sheet exports) live in the UI package, which names
    # them in its metadata; the core never imports it.
    for entry in _plugin_commands():
        if entry.name == name:
            entry.load()(subparsers)


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
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    from workbench import logs

    logs.configure()
    context = Context(db_target=args.db)
    try:
        if args.command is None:
            return start_gui(args.db)
        if not hasattr(args, "handler"):
            parser.error(f"the command {args.command!r} is not installed")
        return int(args.handler(args, context) or EXIT_OK)
    except errors.KnownError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except Exception:
        from workbench.storage.server_url import mask

        log.exception("unexpected error in `%s`", mask(" ".join(sys.argv)))
        print(f"workbench: an unexpected error occurred; details are in {logs.log_file()}",
              file=sys.stderr)
        return EXIT_ERROR
    finally:
        context.close()
        if "workbench.research.reader_pool" in sys.modules:
            # Research's reader processes end now, even mid-page (Ctrl-C), not at exit.
            sys.modules["workbench.research.reader_pool"].shutdown()
        # A closed pipe (`| head`) should not print a traceback at exit.
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
