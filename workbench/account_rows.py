"""One line of the account list, as a named tuple: importable without SQLAlchemy.

The start-up window and the command line build these from a plain sqlite3 read
(`workbench.storage.plain_read`); `workbench.accounts` builds them through the ORM.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple


class AccountRow(NamedTuple):
    """One line of the account list: what the list shows and sorts by.

    A named tuple rather than a frozen dataclass: ten thousand of them are made in
    a fifth of the time, and the listing commands need not import `dataclasses`.
    """

    id: int
    name: str
    domain: str
    tier: str
    stage: str
    last_researched_at: datetime | None
    next_call_at: datetime | None
