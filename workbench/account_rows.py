"""One line of the account list, as a plain dataclass: importable without SQLAlchemy.

The start-up window and the command line build these from a plain sqlite3 read
(`workbench.storage.plain_read`); `workbench.accounts` builds them through the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AccountRow:
    """One line of the account list: what the list shows and sorts by."""

    id: int
    name: str
    domain: str
    tier: str
    stage: str
    last_researched_at: datetime | None
    next_call_at: datetime | None
