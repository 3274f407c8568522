"""The command line imports only what a command uses, and its plain sqlite3 reads agree
with the core's ORM reads."""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from workbench import accounts, cli
from workbench.storage import plain_read
from workbench.storage.database import Database
from workbench.storage.models import Account, Call, utcnow

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
from workbench.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in ("sqlalchemy", "workbench.storage.database", "workbench.accounts")
               if m in sys.modules)
print("HEAVY", ",".join(heavy))
"""


def imported_heavy(*argv: str) -> tuple[str, str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    heavy = [line for line in done.stdout.splitlines() if line.startswith("HEAVY")]
    return (heavy[0][6:] if heavy else "exited before the probe"), done.stdout


@pytest.fixture
def filled(db: Database, db_path: Path) -> Path:
    accounts.create_account(db, "Zeta Rail", "zeta.example", tier="A")
    second = accounts.create_account(db, "alpha Ports", "alpha.example")
    accounts.create_account(db, "Nameless", "")
    with db.session() as session:
        account = session.get(Account, second)
        assert account is not None
        account.last_researched_at = utcnow() - timedelta(days=2)
        session.add_all([Call(account_id=second, scheduled_at=utcnow() + timedelta(days=3)),
                         Call(account_id=second, scheduled_at=utcnow() + timedelta(days=9)),
                         Call(account_id=second, scheduled_at=utcnow() - timedelta(days=1))])
    db.dispose()
    return db_path


@pytest.mark.sqlite_only("the plain read road is for a current SQLite file")
def test_plain_reads_agree_with_the_orm(db: Database, filled: Path) -> None:
    conn = plain_read.open_current(filled)
    assert conn is not None
    try:
        plain = plain_read.list_account_rows(conn)
        assert plain == list(accounts.list_accounts(db))
        assert [r.name for r in plain] == ["alpha Ports", "Nameless", "Zeta Rail"]
        assert plain[0].next_call_at is not None and plain[0].last_researched_at is not None
        assert plain_read.list_account_rows(conn, plain[2].id) == list(
            accounts.list_accounts(db, plain[2].id))
        for ref in ("1", "zeta.example", "https://www.zeta.example/", "ALPHA PORTS"):
            fields = plain_read.find_account_fields(conn, ref)
            account = accounts.find_account(db, ref)
            assert fields is not None and fields["id"] == account.id
            assert fields["tier"] == account.tier.value
            assert fields["last_researched_at"] == account.last_researched_at
        assert plain_read.find_account_fields(conn, "nobody") is None
    finally:
        conn.close()


@pytest.mark.sqlite_only("the plain read road is for a current SQLite file")
def test_only_a_current_sqlite_file_takes_the_plain_road(filled: Path, tmp_path: Path) -> None:
    assert plain_read.open_current("postgresql://u@h/db") is None
    assert plain_read.open_current(tmp_path / "missing.sqlite3") is None
    other = tmp_path / "notes.txt"
    other.write_text("not a database")
    assert plain_read.open_current(other) is None
    conn = sqlite3.connect(filled)
    conn.execute("UPDATE alembic_version SET version_num = 'older1'")
    conn.commit()
    conn.close()
    assert plain_read.open_current(filled) is None  # an older file goes the full road


def test_the_plain_road_checks_files_as_open_database_does() -> None:
    from workbench.storage import database

    assert plain_read.CHECK_ALWAYS_BELOW_BYTES == database.CHECK_ALWAYS_BELOW_BYTES


@pytest.mark.sqlite_only("the plain read road is for a current SQLite file")
def test_listing_commands_import_no_sqlalchemy(filled: Path) -> None:
    # `accounts show` without --json also prints what the account holds, its next call
    # and its chosen facts: read plainly too, and chosen by the same pure trust order.
    for argv, printed in ((["accounts", "list"], "Zeta Rail"),
                          (["accounts", "show", "zeta.example", "--json"], "Zeta Rail"),
                          (["accounts", "show", "alpha ports"], "Next call:")):
        heavy, out = imported_heavy("--db", str(filled), *argv)
        assert heavy == "", (argv, heavy)
        assert printed in out
    # --help and --version exit through argparse: check the modules they load instead.
    done = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom workbench.cli import main\n"
         "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
         "print('HEAVY', [m for m in sys.modules if m.startswith(('sqlalchemy', "
         "'workbench.cli.'))])"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert "HEAVY []" in done.stdout and "research" in done.stdout


def test_a_command_that_writes_still_goes_through_the_core(filled: Path) -> None:
    heavy, out = imported_heavy("--db", str(filled), "accounts", "add", "Omega",
                                "--website", "omega.example")
    assert "sqlalchemy" in heavy and "Added account" in out


def registered_help(register: object) -> dict[str, str]:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    register(subparsers)  # type: ignore[operator]
    return {action.dest: action.help or "" for action in subparsers._choices_actions}


def test_the_command_table_matches_the_modules_and_entry_points() -> None:
    from importlib import import_module
    from importlib.metadata import entry_points

    seen: dict[str, str] = {}
    for module in cli.COMMAND_MODULES:
        seen.update(registered_help(import_module(module).register))
    for entry in entry_points(group="workbench.commands"):
        assert cli.COMMANDS[entry.name][0] == cli.ENTRY_POINT
        seen.update(registered_help(entry.load()))
    assert seen == {name: help_text for name, (_m, help_text) in cli.COMMANDS.items()}
    for name, (module, _help) in cli.COMMANDS.items():
        if module != cli.ENTRY_POINT:
            assert name in registered_help(import_module(module).register)


def test_the_command_is_found_past_the_db_option() -> None:
    assert cli._command_in(["--db", "accounts", "backup"]) == "backup"
    assert cli._command_in(["--db=x", "restore", "f"]) == "restore"
    assert cli._command_in(["--version"]) is None
    parser = cli.build_parser(["restore", "x"])
    assert parser.parse_args(["restore", "x"]).backup == "x"
