"""Working days: campaign dates skip weekends and the rep's days off (stored in the database)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import delete, select

from workbench import errors
from workbench.storage.database import Database
from workbench.storage.models import DayOff

WEEKEND = (5, 6)  # Saturday, Sunday


def is_working_day(day: date, days_off: frozenset[date] | set[date] = frozenset()) -> bool:
    return day.weekday() not in WEEKEND and day not in days_off


def next_working_day(day: date, days_off: frozenset[date] | set[date] = frozenset()) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day, days_off):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, count: int,
                     days_off: frozenset[date] | set[date] = frozenset()) -> date:
    """The working day `count` working days after `start` (day 0: `start` or the next working
    day when `start` is a weekend or a day off)."""
    if count < 0:
        raise errors.InvalidInput("A step cannot come before the campaign starts.")
    day = next_working_day(start, days_off)
    for _ in range(count):
        day = next_working_day(day + timedelta(days=1), days_off)
    return day


def working_days_between(first: date, last: date,
                         days_off: frozenset[date] | set[date] = frozenset()) -> int:
    """How many working days lie after `first` up to and including `last` (0 if none)."""
    count, day = 0, first
    while day < last:
        day += timedelta(days=1)
        if is_working_day(day, days_off):
            count += 1
    return count


def load_days_off(db: Database) -> frozenset[date]:
    with db.session() as session:
        return frozenset(session.scalars(select(DayOff.day)))


def list_days_off(db: Database) -> list[tuple[date, str]]:
    with db.session() as session:
        return [(d.day, d.note) for d in session.scalars(select(DayOff).order_by(DayOff.day))]


def set_days_off(db: Database, days: Iterable[date], note: str = "") -> int:
    """Add days off (a holiday, a week of leave); returns how many were new."""
    added = 0
    with db.session() as session:
        existing = set(session.scalars(select(DayOff.day)))
        for day in sorted(set(days)):
            if day not in existing:
                session.add(DayOff(day=day, note=note))
                added += 1
    return added


def remove_days_off(db: Database, days: Iterable[date]) -> None:
    with db.session() as session:
        session.execute(delete(DayOff).where(DayOff.day.in_(list(days))))
