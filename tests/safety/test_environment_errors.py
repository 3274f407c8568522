"""A locked file, a read-only file, a full disk: a plain message, the edit not applied, no loss."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import read_only_folder
from tests.safety.helpers import (
    ROOT,
    TINY_FS_BYTES,
    immutable_file,
    make_filled_database,
    stored_notes,
)
from workbench import accounts, cli, errors
from workbench.safety import backups
from workbench.safety.integrity import quick_check
from workbench.storage.database import open_database

HOLD_WRITE_LOCK = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE account SET notes = 'other program' WHERE id = 1")
    print("locked", flush=True)
    sys.stdin.readline()  # hold the write transaction until told to let go
    conn.execute("ROLLBACK")
""")


@pytest.fixture
def write_lock_held(db_path: Path) -> Iterator[dict[str, str]]:
    """A database with two accounts, and another process holding a write transaction on it.

    Yields the notes as they were before the other process started writing.
    """
    expected = make_filled_database(db_path, accounts_count=2)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK, str(db_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield expected
    finally:
        if holder.poll() is None:
            holder.communicate("\n", timeout=10)


def test_a_locked_file_waits_then_says_so_plainly(
        db_path: Path, write_lock_held: dict[str, str], request: pytest.FixtureRequest) -> None:
    db = open_database(db_path, busy_timeout=300)
    request.addfinalizer(db.dispose)
    # Reading still works while the other program writes (WAL).
    assert len(accounts.list_accounts(db)) == 2
    started = time.monotonic()
    with pytest.raises(errors.DatabaseLocked) as caught:
        accounts.update_account(db, 2, notes="my edit")
    waited = time.monotonic() - started
    assert waited >= 0.25  # it waited for the other writer before giving up
    assert str(caught.value) == (
        f"The database ({db_path}) is busy: another window or program is writing to it. "
        "Your last change was not saved. Try again in a moment.")
    assert stored_notes(db_path) == write_lock_held  # neither edit is in the file


def test_a_write_succeeds_once_the_other_program_lets_go(db_path: Path) -> None:
    make_filled_database(db_path, accounts_count=2)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK, str(db_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    db = open_database(db_path, busy_timeout=5000)
    # The other program finishes half a second into our wait: the edit goes through.
    releaser = threading.Timer(0.5, lambda: holder.communicate("\n", timeout=10))
    releaser.start()
    try:
        accounts.update_account(db, 2, notes="my edit")
    finally:
        releaser.join()
        db.dispose()
    assert stored_notes(db_path)["Account 001"] == "my edit"


def test_the_cli_reports_a_locked_file_without_a_traceback(
        db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        write_lock_held: dict[str, str]) -> None:
    monkeypatch.setenv("WORKBENCH_BUSY_TIMEOUT_MS", "200")
    code = cli.main(["--db", str(db_path), "accounts", "add", "Second Window"])
    err = capsys.readouterr().err
    assert code == 1
    assert "is busy: another window or program is writing to it" in err
    assert "Traceback" not in err
    assert set(stored_notes(db_path)) == set(write_lock_held)


def test_a_read_only_file_opens_for_reading_and_refuses_edits_plainly(db_path: Path) -> None:
    expected = make_filled_database(db_path, accounts_count=3)
    before = db_path.read_bytes()
    with immutable_file(db_path):
        db = open_database(db_path)
        try:
            assert db.read_only
            assert {r.name for r in accounts.list_accounts(db)} == set(expected)
            with pytest.raises(errors.ReadOnlyDatabase) as caught:
                accounts.update_account(db, 1, notes="cannot be saved")
        finally:
            db.dispose()
    assert "read-only; changes cannot be saved. Your last change was not saved." in str(caught.value)
    assert db_path.read_bytes() == before


def test_a_full_disk_says_so_keeps_every_saved_edit_and_recovers(tiny_disk: Path) -> None:
    path = tiny_disk / "workbench.sqlite3"
    db = open_database(path)
    filler = tiny_disk / "someone-elses-video.bin"
    filler.write_bytes(b"\0" * (TINY_FS_BYTES // 2))
    confirmed: list[str] = []
    failed = None
    try:
        for i in range(200):
            name = f"Account {i}"
            try:
                accounts.create_account(db, name, notes=f"{name} " + "n" * 60_000)
            except errors.DiskFull as exc:
                failed = (name, str(exc))
                break
            confirmed.append(name)
        assert failed is not None, "the tiny disk never filled up"
        assert failed[1] == (f"The disk holding the database ({path}) is full. Your last "
                             "change was not saved. Free some space and try again.")
        names = {r.name for r in accounts.list_accounts(db)}
        assert failed[0] not in names and set(confirmed) <= names
        filler.unlink()  # the user frees some space ...
        accounts.create_account(db, "After cleaning up")  # ... and carries on
    finally:
        db.dispose()
    assert quick_check(path, full=True).ok
    assert set(stored_notes(path)) == {*confirmed, "After cleaning up"}


FILL_UNDER_LIMIT = textwrap.dedent("""
    import os, resource, signal, sys
    from workbench import accounts, errors
    from workbench.storage.database import open_database
    db = open_database(sys.argv[1])
    # A write past the limit fails (EFBIG) instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limit = 600_000
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    for i in range(100):
        try:
            accounts.create_account(db, f"Account {i}", notes="n" * 50_000)
        except errors.KnownError as exc:
            print("refused", f"Account {i}", exc, flush=True)
            break
        print("saved", f"Account {i}", flush=True)
    db.dispose()
""")


def test_a_file_size_limit_refuses_the_edit_plainly_and_keeps_the_saved_ones(
        db_path: Path) -> None:
    open_database(db_path).dispose()  # migrated while no limit applies
    done = subprocess.run([sys.executable, "-c", FILL_UNDER_LIMIT, str(db_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    saved = [line.split(" ", 1)[1] for line in lines if line.startswith("saved ")]
    refused = [line for line in lines if line.startswith("refused ")]
    assert saved and len(refused) == 1, done.stdout
    assert "Your last change was not saved." in refused[0]
    assert "Traceback" not in done.stderr
    assert quick_check(db_path, full=True).ok
    assert set(stored_notes(db_path)) == set(saved)


TWO_WINDOWS_WRITER = textwrap.dedent("""
    import sys
    from workbench import accounts
    from workbench.storage.database import open_database
    db = open_database(sys.argv[1])
    for i in range(40):
        accounts.create_account(db, f"{sys.argv[2]} {i}", notes="n" * 2000)
        accounts.update_account(db, 1, notes=f"{sys.argv[2]} was here {i}")
    db.dispose()
""")


def test_two_programs_writing_the_same_file_both_keep_every_edit(db_path: Path) -> None:
    make_filled_database(db_path, accounts_count=1)
    writers = [subprocess.Popen([sys.executable, "-c", TWO_WINDOWS_WRITER, str(db_path), who],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for who in ("window", "cli")]
    results = [w.communicate(timeout=120) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], results
    names = set(stored_notes(db_path))
    assert {f"{who} {i}" for who in ("window", "cli") for i in range(40)} <= names
    assert quick_check(db_path, full=True).ok


def test_a_database_in_a_read_only_folder_opens_for_reading(tmp_path: Path) -> None:
    """A read-only USB stick or share: no room for the -wal and -shm files beside it."""
    stick = tmp_path / "stick"
    stick.mkdir()
    path = stick / "workbench.sqlite3"
    expected = make_filled_database(path, accounts_count=3)
    before = path.read_bytes()
    with read_only_folder(stick):
        db = open_database(path)
        try:
            assert db.read_only
            assert {r.name for r in accounts.list_accounts(db)} == set(expected)
            with pytest.raises(errors.ReadOnlyDatabase, match="Your last change was not saved"):
                accounts.create_account(db, "Nowhere to go")
        finally:
            db.dispose()
        backup = backups.backup_now(path, out=tmp_path / "copy.sqlite3")
    assert path.read_bytes() == before
    assert sorted(p.name for p in stick.iterdir()) == [path.name]
    assert set(stored_notes(backup)) == set(expected)


def test_every_commit_is_flushed_to_disk_and_the_wait_is_configurable(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import text

    db = open_database(db_path, busy_timeout=1234)
    with db.engine.connect() as conn:
        # FULL (2): in WAL mode NORMAL may lose the last confirmed edits on a power cut.
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 1234
    db.dispose()
    monkeypatch.setenv("WORKBENCH_BUSY_TIMEOUT_MS", "250")
    db = open_database(db_path)
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 250
    db.dispose()
