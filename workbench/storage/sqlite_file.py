"""The SQLite file itself, below the engine: its header, read-only URIs, error words, quick check.

Everything here works on a path with the `sqlite3` module only, so the backups and the
integrity check can use it without importing the engine (`storage.database`).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from workbench import errors

SQLITE_HEADER = b"SQLite format 3\x00"
# SQLite keeps recent commits of a WAL database in these companion files; a copy
# or a move without them would lose edits.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


def folder_writable(folder: Path) -> bool:
    # os.access() says yes to root even where the folder is immutable or on a
    # read-only mount; creating a file is the only honest test.
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".workbench-probe-")
    except OSError:
        return False
    os.close(fd)
    os.unlink(probe)
    return True


def read_only_uri(path: Path) -> str:
    """A SQLite URI that reads `path` without writing a byte of it.

    Reading a WAL database needs its -shm file. Where the folder cannot hold one
    (a read-only mount, an immutable folder) and none exists, `immutable=1` tells
    SQLite that nothing can change the file, which is then true: no one can
    write it in WAL mode without creating the -wal file beside it.
    """
    uri = f"file:{path}?mode=ro"
    if not path.with_name(path.name + "-shm").exists() and not folder_writable(path.parent):
        uri += "&immutable=1"
    return uri


def translate_error(exc: BaseException, path: Path | None = None) -> errors.KnownError | BaseException:
    """Map a driver error to the error vocabulary; unknown errors stay as they are (bugs)."""
    message = str(getattr(exc, "orig", exc)).lower()
    where = f" ({path})" if path else ""
    if "database is locked" in message or "database is busy" in message:
        return errors.DatabaseLocked(
            f"The database{where} is busy: another window or program is writing to it.",
            hint="Your last change was not saved. Try again in a moment.")
    if "database or disk is full" in message or "disk is full" in message:
        return errors.DiskFull(
            f"The disk holding the database{where} is full.",
            hint="Your last change was not saved. Free some space and try again.")
    if "readonly" in message or "read-only" in message:
        return errors.ReadOnlyDatabase(
            f"The database{where} is read-only; changes cannot be saved.",
            hint="Your last change was not saved.")
    if "disk i/o error" in message:
        # Also what a write past a file-size limit or a failing disk reports.
        return errors.DatabaseError(
            f"The database{where} could not be written (a disk error).",
            hint="Your last change was not saved. Check the free space and the disk, "
                 "then try again.")
    if "malformed" in message or "corrupt" in message:
        return errors.DamagedDatabase(path, detail=str(getattr(exc, "orig", exc)))
    if "not a database" in message:
        return errors.DamagedDatabase(path, detail=str(getattr(exc, "orig", exc)))
    if "unable to open" in message:
        return errors.DatabaseError(f"Cannot open the database{where}.")
    return exc


@dataclass(frozen=True)
class CheckResult:
    """What the quick check said: `ok`, or the first problems SQLite found."""

    ok: bool
    problems: tuple[str, ...] = ()


def quick_check(path: Path, *, full: bool = False, limit: int = 5) -> CheckResult:
    """Run `PRAGMA quick_check` (or the slower `integrity_check`) read-only on `path`."""
    if not path.exists():
        return CheckResult(False, ("the file does not exist",))
    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return CheckResult(False, ("the file is not a SQLite database",))
    except OSError as exc:
        return CheckResult(False, (f"cannot read the file: {exc.strerror}",))
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=5)
        try:
            rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}({int(limit)})")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return CheckResult(False, (str(exc),))
    if rows == ["ok"]:
        return CheckResult(True)
    return CheckResult(False, tuple(rows))
