"""Files that are odd rather than ours to refuse: zeros or a scribbled header (damage, with
the newest good backup named), a file from a newer version (nothing changed, nothing
copied), backups that cannot be made (a warning), half copies left by a kill."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from pathlib import Path

import pytest

from tests.helpers import read_only_folder
from tests.safety.helpers import make_filled_database
from workbench import cli, errors
from workbench.safety import backups
from workbench.safety.integrity import DamagedDatabase
from workbench.storage.backup import backups_dir, remove_stale_partials
from workbench.storage.database import open_database
from workbench.storage.schema import NewerVersionDatabase


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return run


def _with_backup(db_path: Path) -> Path:
    make_filled_database(db_path, accounts_count=2)
    return backups.backup_now(db_path, reason="manual")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- 12 and 18: zeros and scribbled headers are damage ----------------------------------------

@pytest.mark.parametrize("damage", ["zeros", "random-header"])
def test_a_zeroed_or_scribbled_file_is_damage_and_names_the_good_backup(
        db_path: Path, run_cli, damage: str) -> None:
    good = _with_backup(db_path)
    data = bytearray(db_path.read_bytes())
    if damage == "zeros":
        data = bytearray(len(data))
    else:
        data[:100] = os.urandom(100)
    db_path.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabase) as info:
        open_database(db_path)
    assert info.value.newest_good == good
    code, _out, err = run_cli("--db", str(db_path), "accounts", "list")
    assert code != 0
    assert str(good) in err and f"workbench --db {db_path} restore {good}" in err
    assert db_path.read_bytes() == bytes(data)  # nothing was changed
    code, out, err = run_cli("--db", str(db_path), "restore", str(good))
    assert code == 0, err
    assert open_database(db_path) is not None


def test_damaged_pages_name_the_backup_and_the_command_too(db_path: Path, run_cli) -> None:
    good = _with_backup(db_path)
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[page * 2: page * 3] = os.urandom(page)  # a page in the middle, header intact
    db_path.write_bytes(bytes(data))
    code, _out, err = run_cli("--db", str(db_path), "accounts", "list")
    assert code != 0
    assert "damaged" in err and f"restore {good}" in err


def test_some_other_file_without_backups_is_not_ours(tmp_path: Path) -> None:
    other = tmp_path / "notes.sqlite3"
    other.write_bytes(b"%PDF-1.7 not a database at all" * 10)
    with pytest.raises(errors.CorruptDatabase, match="not a workbench database"):
        open_database(other)


# -- 13: a file from a newer version --------------------------------------------------------

def test_a_file_from_a_newer_version_is_left_alone(db_path: Path, run_cli) -> None:
    make_filled_database(db_path, accounts_count=2)
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = 'z9future'")
    conn.commit()
    conn.close()
    before = _digest(db_path)
    folder = db_path.parent / "backups"
    backups_before = sorted(folder.iterdir()) if folder.exists() else []
    for _ in range(3):
        with pytest.raises(NewerVersionDatabase, match="newer version"):
            open_database(db_path)
        code, _out, err = run_cli("--db", str(db_path), "accounts", "list")
        assert code != 0 and "newer version" in err and "unexpected" not in err
    assert _digest(db_path) == before
    assert (sorted(folder.iterdir()) if folder.exists() else []) == backups_before


# -- 14: backups that cannot be made --------------------------------------------------------

def test_a_file_named_backups_is_a_warning_not_a_refusal(db_path: Path, run_cli) -> None:
    make_filled_database(db_path, accounts_count=2)
    (db_path.parent / "backups").write_text("not a folder", encoding="utf-8")
    code, out, err = run_cli("--db", str(db_path), "export", "1")  # opens the file whole
    assert code == 0, err
    assert "Warning" in err and "backups folder" in err and "unexpected" not in err
    assert out.strip()


def test_a_read_only_folder_is_a_warning_not_a_refusal(db_path: Path, run_cli) -> None:
    make_filled_database(db_path, accounts_count=2)
    with read_only_folder(db_path.parent):
        with pytest.raises(errors.DatabaseError, match="backups folder"):
            backups_dir(db_path)
        assert backups.daily_backup_if_due(db_path) is None
        code, _out, err = run_cli("--db", str(db_path), "accounts", "list")
        assert "unexpected" not in err
        assert code == 0, err


# -- 11: half copies of killed backups and restores -------------------------------------------

def test_half_copies_left_by_a_kill_are_removed_on_the_next_start(db_path: Path) -> None:
    make_filled_database(db_path, accounts_count=2)
    folder = backups_dir(db_path)
    stale = folder / f"{db_path.stem}-20260101-101010-daily.sqlite3.partial"
    fresh = folder / f"{db_path.stem}-20260101-101011-manual.sqlite3.partial"
    other = folder / "someone-else-20260101-101010-daily.sqlite3.partial"
    for file in (stale, fresh, other):
        file.write_bytes(b"\0" * 4096)
    old = time.time() - 3600
    for file in (stale, other):
        os.utime(file, (old, old))
    open_database(db_path).dispose()
    assert not stale.exists()  # a killed copy, untouched for an hour
    assert fresh.exists()  # may be another window's backup in progress
    assert other.exists()  # another database's
    os.utime(fresh, (old, old))
    assert remove_stale_partials(db_path) == [fresh]
