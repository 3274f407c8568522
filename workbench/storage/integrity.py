"""Is the file whole? The quick check on open, and setting a damaged file aside.

A damaged file is never "repaired" in place: the program says so in plain words,
moves the file (with its -wal and -shm companions) aside where the user can
still find it, and offers the newest backup that passes the same check.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from workbench import errors
from workbench.errors import DamagedDatabase
from workbench.storage.backup import list_backups, newest_good_backup
from workbench.storage.sqlite_file import (
    COMPANION_SUFFIXES,
    SQLITE_HEADER,
    quick_check,
    translate_error,
)

log = logging.getLogger("workbench.safety")


def damaged_header(path: Path, header: bytes) -> errors.CorruptDatabase:
    """The error for a file that does not start like a SQLite database. Zeros, or a file
    of this name that has backups, is damage (offer the newest good backup); anything
    else is some other kind of file."""
    zeros = not header.strip(b"\0")
    if zeros or list_backups(path):
        what = ("it is filled with zeros" if zeros else
                "its beginning is overwritten, so it no longer reads as a database")
        good = newest_good_backup(path)
        return DamagedDatabase(path, detail="bad header", newest_good=good.path if good else None,
                               what=what)
    return errors.CorruptDatabase(
        f"{path.name} is not a workbench database (it is some other kind of file).",
        hint="Nothing was changed. Choose another file with --db.")


def require_intact(path: Path) -> None:
    """Raise `DamagedDatabase` if the quick check finds a problem in `path`."""
    result = quick_check(path)
    if result.ok:
        return
    if result.problems == ("the file is not a SQLite database",):
        with path.open("rb") as handle:
            raise damaged_header(path, handle.read(len(SQLITE_HEADER)))
    if any("locked" in p or "busy" in p for p in result.problems):
        raise translate_error(sqlite3.OperationalError(result.problems[0]), path)
    log.error("integrity check failed for %s: %s", path, "; ".join(result.problems))
    good = newest_good_backup(path)
    raise DamagedDatabase(path, detail="; ".join(result.problems),
                          newest_good=good.path if good else None)


def set_aside(path: Path, when: datetime | None = None) -> Path:
    """Move a damaged file and its companions to `NAME.damaged-STAMP.EXT`; return the new path.

    The file is renamed, never deleted: whatever can still be rescued from it
    stays with the user.
    """
    when = when or datetime.now()
    stamp = f"{when:%Y%m%d-%H%M%S}"
    target = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.stem}.damaged-{stamp}-{counter}{path.suffix}")
    try:
        os.replace(path, target)
        for suffix in COMPANION_SUFFIXES:
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, target.with_name(target.name + suffix))
    except OSError as exc:
        raise errors.DatabaseError(
            f"Cannot move the damaged file {path.name} aside: {exc.strerror}.",
            hint="Nothing was changed.") from exc
    log.warning("set the damaged database %s aside as %s", path, target)
    return target
