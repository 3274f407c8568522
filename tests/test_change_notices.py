"""Change notices: a watcher on one database hears another writer's commit within 2 s,
on SQLite (data_version) and on PostgreSQL (LISTEN/NOTIFY)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import postgres
from workbench import accounts
from workbench.storage.database import Database, open_database
from workbench.storage.models import Account
from workbench.storage.notices import watch_changes

ROOT = Path(__file__).resolve().parents[1]


def _heard_within(watcher, seconds: float = 2.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if watcher.poll():
            return True
        time.sleep(0.05)
    return False


def test_another_writers_commit_is_heard_and_nothing_else(db: Database,
                                                          db_target: str | Path) -> None:
    accounts.create_account(db, "Mine")
    colleague = open_database(db_target)
    with watch_changes(db) as watcher:
        assert not watcher.poll()
        account_id = accounts.create_account(colleague, "Theirs")
        assert _heard_within(watcher)
        if db.is_server:
            assert "account" in watcher.changed_tables
        assert not watcher.poll(), "one commit is one notice"
        accounts.update_account(colleague, account_id, notes="Call the CFO")
        assert _heard_within(watcher)
        with pytest.raises(ZeroDivisionError), colleague.session() as session:
            session.get(Account, account_id).notes = "never committed"
            session.flush()
            raise ZeroDivisionError
        time.sleep(0.3)
        assert not watcher.poll(), "a rolled-back change is no change"
    colleague.dispose()


def test_a_change_by_another_program_is_heard(db: Database, db_target: str | Path) -> None:
    with watch_changes(db) as watcher:
        assert not watcher.poll()
        subprocess.run([sys.executable, "-m", "workbench", "--db", str(db_target),
                        "accounts", "add", "From Elsewhere"], cwd=ROOT, check=True,
                       capture_output=True, timeout=60)
        assert _heard_within(watcher)


def test_the_window_does_not_hear_its_own_edits(db: Database) -> None:
    with watch_changes(db) as watcher:
        accounts.create_account(db, "My own")
        time.sleep(0.3)
        assert not watcher.poll()


def test_the_watcher_comes_back_after_the_server_dropped_it(db: Database,
                                                           db_target: str | Path) -> None:
    if not db.is_server:
        pytest.skip("only a server drops connections")
    colleague = open_database(db_target)
    with watch_changes(db) as watcher:
        postgres.terminate_connections(str(db_target))
        # The first poll finds the connection gone; a later one is back and says
        # "changed", since anything may have happened meanwhile.
        assert _heard_within(watcher)
        accounts.create_account(colleague, "After the restart")
        assert _heard_within(watcher)
    colleague.dispose()


def test_a_watcher_closed_during_a_reconnect_keeps_no_connection(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window closes while its poll (on the watcher's thread) reconnects to a server:
    the connection opened then is closed at once, and no later poll opens another."""
    if not db.is_server:
        pytest.skip("only the server's watcher reconnects")
    import psycopg

    watcher = watch_changes(db)
    opened: list[psycopg.Connection] = []
    real_connect = psycopg.connect

    def connect_while_the_window_closes(*args, **kwargs):  # type: ignore[no-untyped-def]
        conn = real_connect(*args, **kwargs)
        opened.append(conn)
        watcher.close()  # the GUI thread, while this poll was connecting
        return conn

    monkeypatch.setattr(psycopg, "connect", connect_while_the_window_closes)
    postgres.terminate_connections(str(db.engine.url.render_as_string(hide_password=False)))
    for _ in range(3):  # the lost connection, then the reconnect
        assert watcher.poll() is False
    assert len(opened) == 1 and opened[0].closed
    assert watcher.poll() is False
    assert len(opened) == 1, "a closed watcher connected again"
