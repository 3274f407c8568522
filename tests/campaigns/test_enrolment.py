"""Enrolling a committee, and pausing, resuming, skipping and stopping a campaign."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.campaigns.conftest import Committee
from workbench import errors
from workbench.campaigns import enrolment
from workbench.campaigns.cadences import BUILTIN, list_cadences
from workbench.campaigns.schedule import set_days_off
from workbench.storage.database import Database
from workbench.storage.models import Enrolment, EnrolmentState, PlannedState, PlannedTouch

THU = date(2026, 11, 26)


def _planned(db: Database, enrolment_id: int) -> list[PlannedTouch]:
    with db.session() as session:
        return list(session.scalars(select(PlannedTouch).where(
            PlannedTouch.enrolment_id == enrolment_id).order_by(PlannedTouch.position)))


def test_builtins_follow_the_tier(db: Database) -> None:
    stored = {c.tier.value: c for c in list_cadences(db) if c.tier}
    assert 10 <= len(stored["A"].steps) <= 12
    assert 6 <= len(stored["B"].steps) <= 8
    assert 4 <= len(stored["C"].steps) <= 5
    assert all(c.builtin for c in stored.values())
    assert len(list_cadences(db)) == len(BUILTIN)  # seeded once, not on every read


def test_whole_committee_champion_and_buyer_first(db: Database, committee: Committee) -> None:
    set_days_off(db, [date(2026, 11, 30)])
    result = enrolment.enrol(db, committee.account_id, start=THU)
    assert result.cadence_name.startswith("Tier A")
    with db.session() as session:
        rows = session.scalars(select(Enrolment).order_by(Enrolment.id)).all()
        order = [(r.stakeholder_id, r.start_date) for r in rows]
    assert order[0] == (committee.champion, THU)
    assert order[1] == (committee.buyer, THU)
    # Everyone else starts the next working day: Friday.
    assert order[2] == (committee.user, date(2026, 11, 27))
    dates = [p.due_date for p in _planned(db, result.enrolment_ids[0])]
    assert all(d.weekday() < 5 and d != date(2026, 11, 30) for d in dates)
    # Step 2 (working day 2 after Thursday, Monday off) falls on Tuesday.
    assert dates[2] == date(2026, 12, 1)
    again = enrolment.enrol(db, committee.account_id, start=THU)
    assert again.enrolment_ids == () and len(again.already_running) == 3


def test_pause_resume_skip_stop(db: Database, committee: Committee) -> None:
    (eid,) = enrolment.enrol(db, committee.account_id, start=THU,
                             person_ids=[committee.user]).enrolment_ids
    before = [p.due_date for p in _planned(db, eid)]
    enrolment.pause(db, eid, date(2026, 11, 30))
    gap = enrolment.resume(db, eid, date(2026, 12, 3))
    assert gap == 3
    after = [p.due_date for p in _planned(db, eid)]
    assert after[:2] == before[:2]                 # done before the pause: not moved
    assert after[2] > before[2]
    title = enrolment.skip_step(db, eid)
    assert title == "Introduction call"
    enrolment.stop(db, eid, "wrong person")
    states = {p.state for p in _planned(db, eid)}
    assert states == {PlannedState.SKIPPED, PlannedState.CANCELLED}
    with db.session() as session:
        row = session.get(Enrolment, eid)
        assert row is not None and row.state is EnrolmentState.STOPPED
        assert row.reason == "wrong person"
    with pytest.raises(errors.InvalidInput):
        enrolment.stop(db, eid)


def test_without_a_champion_or_buyer_everyone_starts_on_the_day(db: Database,
                                                                committee: Committee) -> None:
    enrolment.enrol(db, committee.account_id, start=THU, person_ids=[committee.user])
    with db.session() as session:
        assert session.scalars(select(Enrolment.start_date)).all() == [THU]
