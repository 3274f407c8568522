"""Is the file whole? SQLite's quick check on open, and setting a damaged file aside.

A damaged file is never "repaired" in place: the program says so in plain words,
moves the file (with its -wal and -shm companions) aside where the user can
still find it, and offers the newest backup that passes the same check.
"""

from __future__ import annotations

import logging
import os
import shlex
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workbench import errors
from workbench.storage.database import SQLITE_HEADER, read_only_uri

log = logging.getLogger("workbench.safety")

# SQLite keeps recent commits of a WAL database in these companion files; a copy
# or a move without them would lose edits.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


_UNSET = Path()


def restore_command(path: Path | None, backup: Path | str) -> str:
    """The command line that restores ``backup`` over the database at ``path``."""
    target = f" --db {shlex.quote(str(path))}" if path is not None else ""
    return f"workbench{target} restore {shlex.quote(str(backup))}"


class DamagedDatabase(errors.CorruptDatabase):
    """A workbench database whose pages are damaged; carries the file for recovery.

    The message names the newest good backup and the command that restores it (looked
    up when not given)."""

    def __init__(self, path: Path | None, detail: str = "", newest_good: Path | None = _UNSET,
                 *, what: str = "") -> None:
        where = f" {path.name}" if path else ""
        if newest_good is _UNSET:
            newest_good = _newest_good(path)
        if newest_good is not None:
            hint = (f"Nothing was changed. The newest good backup is {newest_good}: restore it "
                    f"with File > Restore backup, or `{restore_command(path, newest_good)}`.")
        else:
            hint = ("Nothing was changed. Restore the newest good backup (none passes its "
                    "check in the backups folder beside it: File > Restore backup, or "
                    f"`{restore_command(path, 'BACKUP')}`).")
        super().__init__(
            f"The database file{where} is damaged: "
            + (what or "some of its pages cannot be read back correctly")
            + " (a disk fault, a copy cut short or another program wrote into it).",
            hint=hint)
        self.path = path
        self.detail = detail
        self.newest_good = newest_good


def _newest_good(path: Path | None) -> Path | None:
    if path is None:
        return None
    from workbench.safety.backups import newest_good_backup

    try:
        good = newest_good_backup(path)
    except OSError:
        return None
    return good.path if good else None


def damaged_header(path: Path, header: bytes) -> errors.CorruptDatabase:
    """The error for a file that does not start like a SQLite database. Zeros, or a file
    of this name that has backups, is damage (offer the newest good backup); anything
    else is some other kind of file."""
    from workbench.safety.backups import list_backups

    zeros = not header.strip(b"\0")
    if zeros or list_backups(path):
        what = ("it is filled with zeros" if zeros else
                "its beginning is overwritten, so it no longer reads as a database")
        return DamagedDatabase(path, detail="bad header", what=what)
    return errors.CorruptDatabase(
        f"{path.name} is not a workbench database (it is some other kind of file).",
        hint="Nothing was changed. Choose another file with --db.")


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


def require_intact(path: Path) -> None:
    """Raise `DamagedDatabase` if the quick check finds a problem in `path`."""
    result = quick_check(path)
    if result.ok:
        return
    if result.problems == ("the file is not a SQLite database",):
        with path.open("rb") as handle:
            raise damaged_header(path, handle.read(len(SQLITE_HEADER)))
    if any("locked" in p or "busy" in p for p in result.problems):
        from workbench.storage.database import translate_error

        raise translate_error(sqlite3.OperationalError(result.problems[0]), path)
    log.error("integrity check failed for %s: %s", path, "; ".join(result.problems))
    from workbench.safety.backups import newest_good_backup

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
