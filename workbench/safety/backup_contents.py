"""What a database file (the live one or a backup) holds: accounts, records, last edit.

Read with a read-only SQLite connection, so a backup is never changed by looking
at it. Used to skip backing up an empty database, to say in `backup --list` what
each copy holds, and to ask before a restore would replace more data with less.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workbench.storage.database import read_only_uri

# The tables whose rows are the rep's data (a restore that loses rows here loses work).
DATA_TABLES = ("account", "stakeholder", "relationship", "call", "page_snapshot", "news_item",
               "fact", "found_person")


@dataclass(frozen=True)
class Contents:
    """What one database file holds."""

    accounts: int
    account_names: tuple[str, ...]
    records: int  # rows of the rep's data across DATA_TABLES
    last_edit: datetime | None  # UTC: the newest account edit
    size: int

    def summary(self) -> str:
        """One line: "2 accounts (Harbor Lane Logistics, Zeta), 120 records, last edit …"."""
        if self.accounts == 0:
            return "empty (no accounts)"
        names = ", ".join(self.account_names[:3])
        if self.accounts > 3:
            names += f", +{self.accounts - 3} more"
        plural = "s" if self.accounts != 1 else ""
        edit = (f", last edit {self.last_edit.astimezone():%Y-%m-%d %H:%M}"
                if self.last_edit else "")
        return f"{self.accounts} account{plural} ({names}), {self.records} records{edit}"

    def has_less_than(self, other: Contents) -> bool:
        """Whether putting this in place of `other` would lose accounts or records."""
        return self.accounts < other.accounts or self.records < other.records


EMPTY = Contents(0, (), 0, None, 0)


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def read_contents(path: Path) -> Contents:
    """What the SQLite file at `path` holds; an unreadable or foreign file holds nothing."""
    try:
        size = path.stat().st_size
    except OSError:
        return EMPTY
    if size == 0:
        return EMPTY
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=2)
    except sqlite3.Error:
        return Contents(0, (), 0, None, size)
    try:
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}
        if "account" not in tables:
            return Contents(0, (), 0, None, size)
        names = tuple(row[0] for row in conn.execute("SELECT name FROM account ORDER BY name"))
        records = sum(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                      for table in DATA_TABLES if table in tables)
        latest = conn.execute("SELECT max(updated_at) FROM account").fetchone()[0]
    except sqlite3.Error:
        return Contents(0, (), 0, None, size)
    finally:
        conn.close()
    return Contents(len(names), names, records, _parse_time(latest), size)


def holds_accounts(path: Path) -> bool:
    """Whether the file holds at least one account (an empty one is not worth a backup)."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=2)
    except sqlite3.Error:
        return True  # unknown: err on the side of keeping a copy
    try:
        return conn.execute("SELECT 1 FROM account LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return False  # no account table yet: a database not yet set up
    finally:
        conn.close()
