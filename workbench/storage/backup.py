"""Copies of a live SQLite database made with SQLite's online backup, never a file copy."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path


def backups_dir(db_path: Path) -> Path:
    """Backups live in a `backups` folder beside the database file."""
    folder = db_path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def online_backup(source: Path, destination: Path) -> Path:
    """Copy `source` to `destination` page by page while others may be using it."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    # Only a finished copy gets the real name, so a crash never leaves half a backup.
    partial.replace(destination)
    return destination


def backup_name(db_path: Path, reason: str, when: datetime | None = None) -> str:
    when = when or datetime.now(UTC)
    return f"{db_path.stem}-{when:%Y%m%d-%H%M%S}-{reason}.sqlite3"


def backup_before_migration(db_path: Path, from_revision: str) -> Path:
    target = backups_dir(db_path) / backup_name(db_path, f"before-migration-{from_revision}")
    return online_backup(db_path, target)
