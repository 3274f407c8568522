"""Putting a backup back: checked first, the current file backed up (or set aside) first.

The restore itself is SQLite's online backup run in the other direction, into
the live file: it takes the write lock, replaces every page in one transaction
and leaves the file whole even if the program dies half-way. Other connections
(an open window) see the restored data on their next read.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from workbench import errors
from workbench.safety import backups
from workbench.safety.integrity import quick_check, set_aside
from workbench.storage.backup import COPY_TIMEOUT_S
from workbench.storage.database import busy_timeout_ms, read_only_uri, translate_error

log = logging.getLogger("workbench.safety")


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did, for the message to the user."""

    restored_from: Path
    safety_copy: Path | None  # the current file, backed up before it was replaced
    set_aside: Path | None  # the damaged file, moved out of the way


def check_backup(backup: Path) -> None:
    """Refuse, with a clear message, a file that is not a good workbench backup."""
    if not backup.exists():
        raise errors.NotFound(f"There is no backup file at {backup}.")
    result = quick_check(backup)
    if not result.ok:
        if result.problems == ("the file is not a SQLite database",):
            raise errors.InvalidInput(f"{backup.name} is not a workbench backup.",
                                      hint="Nothing was changed.")
        raise errors.CorruptDatabase(
            f"The backup {backup.name} is damaged ({result.problems[0]}).",
            hint="Nothing was changed. Choose an older backup.")
    conn = sqlite3.connect(read_only_uri(backup), uri=True)
    try:
        has_version = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone() \
            if has_version else None
    finally:
        conn.close()
    if revision is None:
        raise errors.InvalidInput(f"{backup.name} is a database, but not a workbench backup.",
                                  hint="Nothing was changed.")
    from alembic.script import ScriptDirectory

    from workbench.storage.schema import alembic_config

    known = {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision[0] not in known:
        raise errors.InvalidInput(
            f"{backup.name} was made by a newer version of the workbench.",
            hint="Nothing was changed. Update the program, then restore it.")


def restore_backup(backup: Path, db_path: Path, *, damaged: bool = False) -> RestoreResult:
    """Replace the database at `db_path` by `backup`; the current file is kept first.

    With `damaged`, the current file is moved aside instead of being backed up
    (a damaged file cannot be copied reliably); otherwise a "before-restore"
    backup is made and the restore stops if that backup fails.
    """
    backup = backup.resolve()
    check_backup(backup)
    if backup == db_path.resolve():
        raise errors.InvalidInput("That is the database itself, not a backup of it.")
    safety_copy = aside = None
    if db_path.exists() and db_path.stat().st_size > 0:
        if damaged or not quick_check(db_path).ok:
            aside = set_aside(db_path)
        else:
            safety_copy = backups.backup_now(db_path, reason="before-restore", thin=False)
    _copy_into(backup, db_path)
    verdict = quick_check(db_path)
    if not verdict.ok:  # pragma: no cover - the copy was checked; this is a disk fault
        raise errors.CorruptDatabase(
            f"The restored file does not pass its check ({verdict.problems[0]}).",
            hint=f"Your previous data is in {safety_copy or aside}.")
    log.info("restored %s from %s (previous data: %s)", db_path, backup, safety_copy or aside)
    return RestoreResult(backup, safety_copy, aside)


def _copy_into(backup: Path, db_path: Path) -> None:
    try:
        src = sqlite3.connect(read_only_uri(backup), uri=True)
        try:
            dst = sqlite3.connect(db_path, timeout=max(COPY_TIMEOUT_S, busy_timeout_ms() / 1000))
            try:
                dst.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
                src.backup(dst)
                # The backup is a plain file; the live database works in WAL mode.
                dst.execute("PRAGMA journal_mode=WAL")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise translate_error(exc, db_path) from exc
