"""Which of an account's calls comes next, and the order the call history is shown in.

Pure Python over any rows with an `id` and an aware `scheduled_at` (or None): the ORM
read (`calls.list_calls`, `calls.next_call_id`) and the plain sqlite3 read of
`workbench accounts show` both decide with these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Protocol, TypeVar


class _Dated(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def scheduled_at(self) -> datetime | None: ...


Row = TypeVar("Row", bound=_Dated)
_FAR_FUTURE = datetime.max.replace(tzinfo=UTC)


def newest_first(rows: Iterable[Row]) -> list[Row]:
    """Newest first; calls without a date come first (they are being planned)."""
    return sorted(rows, key=lambda r: (r.scheduled_at or _FAR_FUTURE, r.id), reverse=True)


def next_call(rows: Iterable[Row], now: datetime | None = None) -> Row | None:
    """The next planned call (the soonest dated upcoming one, else an undated one),
    else the most recent; None without calls."""
    now = now or datetime.now(UTC)
    ordered = newest_first(rows)
    upcoming = [r for r in ordered if r.scheduled_at is None or r.scheduled_at >= now]
    if upcoming:
        dated = [r for r in upcoming if r.scheduled_at is not None]
        return dated[-1] if dated else upcoming[0]
    return ordered[0] if ordered else None
