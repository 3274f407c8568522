"""Backups of the rep's database: on demand, once a day when something changed, thinned.

Every copy is made with SQLite's online backup (`storage.backup.online_backup`),
never a file copy of a live database. Old copies are thinned to a few daily,
weekly and monthly ones, the way a careful person keeps paper archives.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from workbench import errors
from workbench.safety.backup_contents import holds_accounts
from workbench.storage.backup import (  # noqa: F401 - BackupInfo and the look-ups are ours too
    BackupInfo,
    backups_dir,
    list_backups,
    newest_good_backup,
    online_backup,
    unique_backup_path,
)
from workbench.storage.sqlite_file import COMPANION_SUFFIXES

log = logging.getLogger("workbench.safety")

KEEP_LAST = 3  # the newest few always stay, in case the very newest turns out bad
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 6


def _require_sqlite_file(db_path: Path) -> None:
    if not db_path.exists():
        raise errors.NotFound(f"There is no database at {db_path} to back up.")


def backup_now(db_path: Path, *, reason: str = "manual", out: Path | None = None,
               thin: bool = True, when: datetime | None = None) -> Path:
    """Make a backup now and return its path.

    Without `out` it goes to the backups folder (which is then thinned); `out`
    may be a file name or an existing folder. `when` (UTC) names the copy; tests
    use it to make backups "on other days".
    """
    _require_sqlite_file(db_path)
    if out is None:
        target = unique_backup_path(db_path, reason, when)
    elif out.is_dir():
        target = out / unique_backup_path(db_path, reason, when).name
    else:
        target = out
    if target.resolve() == db_path.resolve():
        raise errors.InvalidInput("A backup cannot overwrite the database itself.")
    online_backup(db_path, target)
    log.info("backed up %s to %s (%s)", db_path, target, reason)
    if out is None and thin:
        thin_backups(db_path)
    return target


def _newest_per_bucket(backups: list[BackupInfo], key: object, count: int) -> set[Path]:
    """The newest backup of each of the `count` most recent buckets that have one."""
    kept: dict[object, Path] = {}
    for backup in backups:  # newest first
        bucket = key(backup.made_at.astimezone())  # type: ignore[operator]
        if bucket not in kept:
            if len(kept) == count:
                break
            kept[bucket] = backup.path
    return set(kept.values())


def backups_to_keep(backups: list[BackupInfo], *, last: int = KEEP_LAST,
                    daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY,
                    monthly: int = KEEP_MONTHLY) -> set[Path]:
    """Which backups survive thinning: the newest few, and one per day, week and month."""
    ordered = sorted(backups, key=lambda b: (b.made_at, b.path.name), reverse=True)
    keep = {b.path for b in ordered[:max(1, last)]}
    keep |= _newest_per_bucket(ordered, lambda t: t.date(), daily)
    keep |= _newest_per_bucket(ordered, lambda t: t.isocalendar()[:2], weekly)
    keep |= _newest_per_bucket(ordered, lambda t: (t.year, t.month), monthly)
    return keep


def thin_backups(db_path: Path, **policy: int) -> list[Path]:
    """Delete the backups the policy does not keep; return what was deleted."""
    backups = list_backups(db_path)
    keep = backups_to_keep(backups, **policy)
    removed = []
    for backup in backups:
        if backup.path in keep:
            continue
        try:
            backup.path.unlink()
            for suffix in COMPANION_SUFFIXES:
                backup.path.with_name(backup.path.name + suffix).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot remove old backup %s: %s", backup.path, exc)
            continue
        removed.append(backup.path)
    if removed:
        log.info("thinned %d old backups of %s", len(removed), db_path)
    return removed


def _last_change(db_path: Path) -> float:
    """When the database last changed: the file itself or its write-ahead log."""
    latest = 0.0
    for candidate in (db_path, db_path.with_name(db_path.name + "-wal")):
        try:
            latest = max(latest, candidate.stat().st_mtime)
        except OSError:
            pass
    return latest


def daily_backup_due(db_path: Path, now: datetime | None = None) -> bool:
    """Cheap (two stats and one folder listing): is today's automatic backup due?

    Due when no backup was made today (local time) and the file changed after
    the newest backup was made.
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        return False
    now = (now or datetime.now(UTC)).astimezone()
    backups = list_backups(db_path)
    if not backups:
        # A database with no account yet (a first start, before the demo) is not worth
        # a copy: a rep restoring "the oldest backup" would get nothing back.
        return holds_accounts(db_path)
    newest = backups[0]
    if newest.made_at.astimezone().date() == now.date():
        return False
    try:
        made = newest.path.stat().st_mtime
    except OSError:
        return True
    return _last_change(db_path) > made and holds_accounts(db_path)


def daily_backup_if_due(db_path: Path, now: datetime | None = None, *,
                        warn: Callable[[str], None] | None = None) -> Path | None:
    """Make the day's automatic backup if it is due; return it, or None.

    Never raises for an environment problem: a start-up backup that cannot be
    made (a full disk, a backups folder that cannot be created) is logged and
    passed to ``warn``, and the program opens the file anyway.
    """
    try:
        if not daily_backup_due(db_path, now):
            return None
        return backup_now(db_path, reason="daily")
    except (errors.KnownError, OSError) as exc:
        text = exc.message if isinstance(exc, errors.KnownError) else str(exc)
        log.warning("the daily backup of %s was not made: %s", db_path, text)
        if warn is not None:
            warn(f"Warning: today's backup of {db_path.name} was not made: {text}")
        return None
