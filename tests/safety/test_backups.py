"""Backups: online copies that hold every committed edit, thinning, the daily backup, restore."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.safety.helpers import (
    TINY_FS_BYTES,
    flip_bytes_inside_pages,
    make_filled_database,
    stored_notes,
)
from workbench import accounts, cli, errors
from workbench.safety import backups
from workbench.safety.backups import BackupInfo, backups_to_keep
from workbench.safety.integrity import quick_check
from workbench.storage.database import open_database


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """`workbench ...` with this branch's commands registered, returning (code, out, err)."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_a_backup_of_a_live_database_holds_every_committed_edit_and_nothing_else(
        db_path: Path) -> None:
    db = open_database(db_path)
    accounts.create_account(db, "Committed Co")
    # A second program is half-way through an edit it has not committed.
    other = sqlite3.connect(db_path)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE account SET notes = 'half-typed'")
    try:
        target = backups.backup_now(db_path)
    finally:
        other.rollback()
        other.close()
    db.dispose()
    assert stored_notes(target) == {"Committed Co": ""}
    assert quick_check(target, full=True).ok
    assert not Path(str(target) + "-wal").exists()  # one self-contained file


def test_backup_to_a_named_file_or_folder(db_path: Path, tmp_path: Path) -> None:
    expected = make_filled_database(db_path, accounts_count=3)
    out_file = backups.backup_now(db_path, out=tmp_path / "usb-stick.sqlite3")
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    in_folder = backups.backup_now(db_path, out=folder)
    assert out_file == tmp_path / "usb-stick.sqlite3"
    assert in_folder.parent == folder
    assert stored_notes(out_file) == stored_notes(in_folder) == expected


def _fake(when: datetime, reason: str = "daily") -> BackupInfo:
    return BackupInfo(Path(f"wb-{when:%Y%m%d-%H%M%S}-{reason}.sqlite3"), when, reason, 1)


def test_thinning_keeps_the_newest_few_and_one_per_day_week_and_month() -> None:
    now = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
    # Two backups a day (morning, evening) for a year.
    made = [_fake(now - timedelta(days=d, hours=h)) for d in range(365) for h in (0, 9)]
    keep = backups_to_keep(made, last=3, daily=7, weekly=4, monthly=6)
    kept = sorted((b for b in made if b.path in keep), key=lambda b: b.made_at, reverse=True)
    assert kept[0].made_at == now  # the newest always stays
    assert len(keep) <= 3 + 7 + 4 + 6
    days = {b.made_at.astimezone().date() for b in kept}
    assert len(days) >= 7  # a week of daily copies
    oldest = kept[-1].made_at
    assert timedelta(days=140) < now - oldest < timedelta(days=200)  # about six months back
    assert len(keep) < len(made) // 20


def test_thinning_deletes_files_and_keeps_the_right_ones(db_path: Path) -> None:
    make_filled_database(db_path, accounts_count=1)
    now = datetime.now(UTC)
    for days in range(0, 40, 2):
        backups.backup_now(db_path, reason="daily", when=now - timedelta(days=days), thin=False)
    before = backups.list_backups(db_path)
    removed = backups.thin_backups(db_path)
    after = backups.list_backups(db_path)
    assert len(before) == 20
    assert removed and all(not p.exists() for p in removed)
    assert {b.path for b in after} == backups_to_keep(before)
    assert after[0].path == before[0].path


def test_the_daily_backup_runs_once_a_day_and_only_after_a_change(db_path: Path) -> None:
    make_filled_database(db_path, accounts_count=1)
    first = backups.daily_backup_if_due(db_path)
    assert first is not None and "daily" in first.name
    assert backups.daily_backup_if_due(db_path) is None  # already done today

    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert backups.daily_backup_if_due(db_path, now=tomorrow) is None  # nothing changed

    db = open_database(db_path)
    accounts.create_account(db, "Changed today")
    db.dispose()
    stamp = first.stat().st_mtime - 60  # the backup is older than the edit
    os.utime(first, (stamp, stamp))
    second = backups.daily_backup_if_due(db_path, now=tomorrow)
    assert second is not None and "Changed today" in stored_notes(second)


def test_no_daily_backup_for_a_new_or_missing_file(tmp_path: Path) -> None:
    assert backups.daily_backup_if_due(tmp_path / "missing.sqlite3") is None
    assert not (tmp_path / "backups").exists()


def test_no_daily_backup_of_a_database_without_accounts(db_path: Path, run_cli) -> None:
    open_database(db_path).dispose()  # a first start: the file exists, set up, empty
    assert not backups.daily_backup_due(db_path)
    assert backups.daily_backup_if_due(db_path) is None
    # `workbench demo` on a fresh file: the first copy made holds the demo, never nothing.
    code, _out, err = run_cli("--db", str(db_path), "demo")
    assert code == 0, err
    code, out, _ = run_cli("--db", str(db_path), "backup", "--list")
    assert "empty (no accounts)" not in out
    made = backups.daily_backup_if_due(db_path)
    assert made is not None
    code, out, _ = run_cli("--db", str(db_path), "backup", "--list")
    assert "1 account (Harbor Lane Logistics)" in out


def test_cli_backup_list_and_restore(db_path: Path, run_cli, tmp_path: Path) -> None:
    expected = make_filled_database(db_path, accounts_count=3)
    code, out, _ = run_cli("--db", str(db_path), "backup")
    assert code == 0 and "Backed up test.sqlite3 to" in out
    saved = Path(out.strip().split(" to ", 1)[1])

    db = open_database(db_path)
    accounts.create_account(db, "Made after the backup")
    db.dispose()

    code, out, _ = run_cli("--db", str(db_path), "backup", "--list")
    assert code == 0 and saved.name in out
    assert "3 accounts (" in out and "records" in out and "last edit" in out

    # The backup holds one account less than the database: the restore asks first.
    code, out, err = run_cli("--db", str(db_path), "restore", str(saved))
    assert code == 1 and "holds less than the database" in err and "--yes" in err
    assert "4 accounts" in err and "3 accounts" in err
    assert "Made after the backup" in stored_notes(db_path)

    code, out, err = run_cli("--db", str(db_path), "restore", str(saved), "--yes")
    assert code == 0, err
    assert "Restored test.sqlite3" in out and "kept in" in out
    assert stored_notes(db_path) == expected
    safety = Path(out.split("kept in ", 1)[1].strip())
    assert "Made after the backup" in stored_notes(safety)  # nothing is lost by a restore


def test_cli_restore_refuses_a_file_that_is_not_a_backup(db_path: Path, run_cli,
                                                          tmp_path: Path) -> None:
    expected = make_filled_database(db_path, accounts_count=2)
    bogus = tmp_path / "holiday.jpg"
    bogus.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(4000))
    code, out, err = run_cli("--db", str(db_path), "restore", str(bogus))
    assert code == 1
    assert "holiday.jpg is not a workbench backup. Nothing was changed." in err
    assert "Traceback" not in err
    assert stored_notes(db_path) == expected


def test_restore_into_an_open_database_is_seen_by_the_open_window(db_path: Path) -> None:
    make_filled_database(db_path, accounts_count=2)
    saved = backups.backup_now(db_path)
    window = open_database(db_path)  # the program, still running
    accounts.create_account(window, "Soon gone")
    from workbench.safety.restore import restore_backup

    restore_backup(saved, db_path)
    assert "Soon gone" not in {r.name for r in accounts.list_accounts(window)}
    accounts.create_account(window, "After restore")  # and it can still write
    window.dispose()
    assert quick_check(db_path, full=True).ok
    assert "After restore" in stored_notes(db_path)


def test_a_backup_onto_a_full_disk_says_so_and_leaves_no_half_copy(
        db_path: Path, tiny_disk: Path) -> None:
    make_filled_database(db_path, accounts_count=40)
    (tiny_disk / "filler.bin").write_bytes(b"\0" * (TINY_FS_BYTES - 64 * 1024))
    with pytest.raises(errors.DiskFull) as caught:
        backups.backup_now(db_path, out=tiny_disk / "copy.sqlite3")
    assert str(caught.value) == (f"The disk for the backup ({tiny_disk}) is full. "
                                 "No backup was made; your data is unchanged.")
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler.bin"]
    assert quick_check(db_path).ok


def test_cli_restore_over_a_damaged_file_keeps_the_damaged_file_aside(
        db_path: Path, run_cli) -> None:
    expected = make_filled_database(db_path, accounts_count=40)
    saved = backups.backup_now(db_path)
    flip_bytes_inside_pages(db_path, range(20, 23))
    damaged = db_path.read_bytes()
    code, out, err = run_cli("--db", str(db_path), "restore", str(saved))
    assert code == 0, err
    aside = Path(out.split("is kept as ", 1)[1].strip())
    assert aside.read_bytes() == damaged
    assert stored_notes(db_path) == expected


def test_a_backup_from_a_newer_version_is_refused(db_path: Path, tmp_path: Path) -> None:
    from workbench.safety.restore import restore_backup

    expected = make_filled_database(db_path, accounts_count=2)
    newer = backups.backup_now(db_path, out=tmp_path / "from-the-future.sqlite3")
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'from_the_future'")
    conn.close()
    with pytest.raises(errors.InvalidInput, match="made by a newer version"):
        restore_backup(newer, db_path)
    assert stored_notes(db_path) == expected


def test_a_restore_whose_safety_copy_cannot_be_made_changes_nothing(
        tiny_disk: Path, tmp_path: Path) -> None:
    from workbench.safety.restore import restore_backup

    path = tiny_disk / "workbench.sqlite3"
    make_filled_database(path, accounts_count=40)
    elsewhere = backups.backup_now(path, out=tmp_path / "old.sqlite3")
    db = open_database(path)
    accounts.create_account(db, "Only in the current file")
    db.dispose()
    current = stored_notes(path)
    free = os.statvfs(tiny_disk)
    (tiny_disk / "filler.bin").write_bytes(b"\0" * (free.f_bavail * free.f_frsize - 32 * 1024))
    with pytest.raises(errors.DiskFull, match="No backup was made"):
        restore_backup(elsewhere, path)
    assert stored_notes(path) == current  # the restore stopped before touching the file
    assert quick_check(path).ok
