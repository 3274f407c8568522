"""Damaged files and files that are not databases: a plain message, nothing changed, recovery."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.safety.helpers import flip_bytes_inside_pages, make_filled_database, stored_notes
from workbench import accounts, errors
from workbench.safety import backups
from workbench.safety.integrity import DamagedDatabase, quick_check
from workbench.safety.restore import restore_backup
from workbench.storage.database import open_database


@pytest.fixture
def filled(db_path: Path) -> dict[str, str]:
    return make_filled_database(db_path)


def test_flipped_bytes_inside_pages_are_reported_before_anything_writes(
        db_path: Path, filled: dict[str, str]) -> None:
    flip_bytes_inside_pages(db_path, range(20, 23))
    damaged = db_path.read_bytes()
    with pytest.raises(DamagedDatabase) as caught:
        open_database(db_path)
    message = str(caught.value)
    assert "is damaged" in message and "Restore the newest good backup" in message
    assert "Traceback" not in message and "btree" not in message.lower()
    assert caught.value.path == db_path
    assert db_path.read_bytes() == damaged  # not "repaired" in place


def test_a_damaged_file_is_set_aside_and_the_newest_good_backup_restored(
        db_path: Path, filled: dict[str, str]) -> None:
    yesterday = datetime.now(UTC) - timedelta(days=1)
    good = backups.backup_now(db_path, reason="daily", when=yesterday)
    db = open_database(db_path)
    accounts.create_account(db, "After the backup")
    db.dispose()
    newer = backups.backup_now(db_path, reason="manual")
    flip_bytes_inside_pages(newer, range(20, 23))  # the newest backup is bad too
    flip_bytes_inside_pages(db_path, range(3, 6))
    damaged = db_path.read_bytes()

    best = backups.newest_good_backup(db_path)
    assert best is not None and best.path == good

    result = restore_backup(best.path, db_path, damaged=True)
    assert result.set_aside is not None and result.set_aside.read_bytes() == damaged
    assert "damaged" in result.set_aside.name
    again = open_database(db_path)
    assert {r.name for r in accounts.list_accounts(again)} == set(filled)
    again.dispose()
    assert quick_check(db_path, full=True).ok


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    bogus = tmp_path / "quarterly.sqlite3"
    bogus.write_bytes(os.urandom(8192))
    before = bogus.read_bytes()
    with pytest.raises(errors.CorruptDatabase, match="not a workbench database"):
        open_database(bogus)
    assert bogus.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quarterly.sqlite3"]


def test_a_file_cut_short_is_reported_as_damaged(db_path: Path, filled: dict[str, str]) -> None:
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])
    with pytest.raises(errors.CorruptDatabase, match="damaged"):
        open_database(db_path)


def test_a_damaged_backup_is_refused_and_the_database_is_left_alone(
        db_path: Path, filled: dict[str, str], tmp_path: Path) -> None:
    bad = backups.backup_now(db_path, out=tmp_path / "bad.sqlite3")
    flip_bytes_inside_pages(bad, range(20, 23))
    with pytest.raises(errors.CorruptDatabase, match="backup bad.sqlite3 is damaged"):
        restore_backup(bad, db_path)
    assert stored_notes(db_path) == filled
    assert backups.list_backups(db_path) == []  # refused before any safety copy


def test_a_backup_of_a_damaged_file_is_not_made(db_path: Path, filled: dict[str, str]) -> None:
    flip_bytes_inside_pages(db_path, range(20, 23))
    with pytest.raises(errors.CorruptDatabase):
        backups.backup_now(db_path)
    assert backups.list_backups(db_path) == []


def test_the_cli_names_the_newest_good_backup_of_a_damaged_file(
        db_path: Path, filled: dict[str, str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from workbench import cli

    good = backups.backup_now(db_path)
    flip_bytes_inside_pages(db_path, range(20, 23))
    assert cli.main(["--db", str(db_path), "accounts", "list"]) == 1
    err = capsys.readouterr().err
    assert "test.sqlite3 is damaged" in err
    assert f"`workbench --db {db_path} restore {good}`" in err and "Traceback" not in err


def test_a_large_file_closed_cleanly_is_not_read_whole_on_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick check reads every page: a large file pays it only after an unclean end."""
    from workbench.storage import database, integrity

    path = tmp_path / "big.sqlite3"
    open_database(path).dispose()
    checked: list[Path] = []
    monkeypatch.setattr(integrity, "require_intact", lambda p: checked.append(p))
    monkeypatch.setattr(database, "CHECK_ALWAYS_BELOW_BYTES", 1)
    open_database(path).dispose()
    assert checked == []
    path.with_name(path.name + "-wal").write_bytes(b"x" * 100)  # left by a crash
    try:
        open_database(path).dispose()
    except Exception:  # the fake log is not a real one; only the check matters here
        pass
    assert checked == [path]
