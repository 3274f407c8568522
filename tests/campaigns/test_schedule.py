"""Campaign dates: working days skip weekends and the rep's days off."""

from __future__ import annotations

from datetime import date

from workbench.campaigns.schedule import (
    add_working_days,
    load_days_off,
    set_days_off,
    working_days_between,
)
from workbench.storage.database import Database

FRI = date(2026, 11, 27)
MON = date(2026, 11, 30)


def test_offsets_skip_the_weekend() -> None:
    assert add_working_days(FRI, 0) == FRI
    assert add_working_days(FRI, 1) == MON
    assert add_working_days(FRI, 5) == date(2026, 12, 4)
    assert add_working_days(FRI, 6) == date(2026, 12, 7)


def test_a_start_on_a_weekend_begins_on_monday() -> None:
    assert add_working_days(date(2026, 11, 28), 0) == MON
    assert add_working_days(date(2026, 11, 29), 2) == date(2026, 12, 2)


def test_days_off_are_skipped(db: Database) -> None:
    set_days_off(db, [MON, date(2026, 12, 1)], "leave")
    off = load_days_off(db)
    assert add_working_days(FRI, 1, off) == date(2026, 12, 2)
    assert add_working_days(date(2026, 11, 28), 0, off) == date(2026, 12, 2)
    assert working_days_between(FRI, date(2026, 12, 3), off) == 2
