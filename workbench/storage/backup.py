"""Copies of a live SQLite database made with SQLite's online backup, never a file copy."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workbench import errors
from workbench.storage.sqlite_file import quick_check, read_only_uri, translate_error

BACKUP_SUFFIX = ".sqlite3"
# `{stem}-{YYYYmmdd-HHMMSS}-{reason}.sqlite3`, the time in UTC.
BACKUP_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[A-Za-z0-9_-]+)\.sqlite3$")
COPY_TIMEOUT_S = 10.0

log = logging.getLogger("workbench.safety")


PARTIAL_SUFFIX = ".partial"
# A copy in progress rewrites its file all the time; one untouched this long is what a
# killed backup or restore left behind.
STALE_PARTIAL_S = 120.0


def backups_dir(db_path: Path, *, create: bool = True) -> Path:
    """Backups live in a `backups` folder beside the database file. Raises
    `DatabaseError` when the folder cannot be created (a read-only folder, a file
    named `backups` in its place)."""
    folder = db_path.parent / "backups"
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = ("a file of that name is in its place" if folder.exists()
                      and not folder.is_dir() else exc.strerror or str(exc))
            raise errors.DatabaseError(
                f"Cannot create the backups folder {folder} ({reason}).",
                hint="No backup was made; your data is unchanged.") from exc
    return folder


def remove_stale_partials(db_path: Path, *, older_than_s: float = STALE_PARTIAL_S) -> list[Path]:
    """Delete the half-made copies (``*.sqlite3.partial``) of this database that a killed
    backup or restore left in its backups folder; return what was removed. Quiet: a
    folder that cannot be read or a file that cannot be removed is left for next time."""
    folder = db_path.parent / "backups"
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        name = entry.name
        if not (name.endswith(BACKUP_SUFFIX + PARTIAL_SUFFIX) and name.startswith(db_path.stem)):
            continue
        try:
            if now - entry.stat().st_mtime < older_than_s:
                continue  # another window's backup may be writing it right now
            entry.unlink()
            for companion in ("-journal", "-wal", "-shm"):
                entry.with_name(name + companion).unlink(missing_ok=True)
        except OSError:
            continue
        removed.append(entry)
    return removed


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def online_backup(source: Path, destination: Path) -> Path:
    """Copy `source` to `destination` page by page while others may be using it.

    The copy is checked (`PRAGMA quick_check`) and flushed to disk before it gets
    its real name, so a crash, a full disk or a damaged source never leaves
    something that looks like a good backup.
    """
    partial = destination.with_name(destination.name + PARTIAL_SUFFIX)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        src = sqlite3.connect(read_only_uri(source), uri=True, timeout=COPY_TIMEOUT_S)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                # A backup is one self-contained file: no -wal beside it to lose.
                dst.execute("PRAGMA journal_mode=DELETE")
                verdict = dst.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if verdict != "ok":
            raise errors.CorruptDatabase(
                f"The copy of {source.name} failed its check ({verdict}); no backup was made.",
                hint="The database itself may be damaged.")
        _fsync(partial)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise _copy_error(exc, source, destination) from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise errors.DatabaseError(f"Cannot write the backup {destination}: {exc.strerror}.",
                                   hint="No backup was made; your data is unchanged.") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    # Only a finished copy gets the real name, so a crash never leaves half a backup.
    partial.replace(destination)
    return destination


def _copy_error(exc: sqlite3.Error, source: Path, destination: Path) -> BaseException:
    """Name the side that failed: the source is only read, so a full disk or a file
    that cannot be created is the destination's."""
    message = str(exc).lower()
    unchanged = "No backup was made; your data is unchanged."
    if "full" in message:
        return errors.DiskFull(f"The disk for the backup ({destination.parent}) is full.",
                               hint=unchanged)
    if "disk i/o" in message or ("unable to open" in message and source.exists()):
        return errors.DatabaseError(f"Cannot write the backup {destination}.", hint=unchanged)
    return translate_error(exc, source)


def backup_name(db_path: Path, reason: str, when: datetime | None = None) -> str:
    when = when or datetime.now(UTC)
    return f"{db_path.stem}-{when:%Y%m%d-%H%M%S}-{reason}{BACKUP_SUFFIX}"


def unique_backup_path(db_path: Path, reason: str, when: datetime | None = None) -> Path:
    """A fresh name in the backups folder; two backups in one second do not collide."""
    folder = backups_dir(db_path)
    target = folder / backup_name(db_path, reason, when)
    counter = 1
    while target.exists():
        counter += 1
        target = folder / backup_name(db_path, f"{reason}-{counter}", when)
    return target


def backup_before_migration(db_path: Path, from_revision: str) -> Path:
    target = unique_backup_path(db_path, f"before-migration-{from_revision}")
    return online_backup(db_path, target)


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where it is, when it was made (UTC) and why."""

    path: Path
    made_at: datetime
    reason: str
    size: int

    @property
    def label(self) -> str:
        local = self.made_at.astimezone()
        return f"{local:%Y-%m-%d %H:%M} ({self.reason.replace('-', ' ')})"


def list_backups(db_path: Path) -> list[BackupInfo]:
    """This database's backups in its backups folder, newest first."""
    folder = backups_dir(db_path, create=False)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        match = BACKUP_NAME.match(entry.name)
        if not match or match["stem"] != db_path.stem:
            continue
        made_at = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(entry, made_at, match["reason"], size))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def newest_good_backup(db_path: Path, candidates: Iterable[BackupInfo] | None = None
                       ) -> BackupInfo | None:
    """The newest backup that passes the quick check, for recovering a damaged file."""
    for backup in candidates if candidates is not None else list_backups(db_path):
        if quick_check(backup.path).ok:
            return backup
        log.warning("backup %s fails its check; trying an older one", backup.path)
    return None
