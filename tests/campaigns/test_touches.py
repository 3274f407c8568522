"""Logging touches: replies stop campaigns, out of office shifts them, coverage and the sheet
hear of every touch."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from tests.campaigns.conftest import Committee
from workbench.campaigns import enrolment
from workbench.campaigns.queue import touches_due
from workbench.campaigns.touches import log_touch
from workbench.committee.coverage import NEVER_CONTACTED, SINGLE_THREADED, coverage_for_account
from workbench.storage.database import Database
from workbench.storage.models import (
    Enrolment,
    EnrolmentState,
    PlannedState,
    PlannedTouch,
    Stakeholder,
)

MON = date(2026, 11, 23)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _state(db: Database, person_id: int) -> EnrolmentState:
    with db.session() as session:
        row = session.scalars(select(Enrolment).where(
            Enrolment.stakeholder_id == person_id).order_by(Enrolment.id.desc())).first()
        assert row is not None
        return row.state


def test_a_reply_stops_that_persons_campaign_only(db: Database, committee: Committee) -> None:
    enrolment.enrol(db, committee.account_id, start=MON)
    result = log_touch(db, committee.champion, "email", "replied", note="Call me Thursday",
                       at=_at(MON))
    assert len(result.stopped_enrolments) == 1
    assert _state(db, committee.champion) is EnrolmentState.STOPPED
    assert _state(db, committee.buyer) is EnrolmentState.ACTIVE
    names = {t.person_name for t in touches_due(db, date(2026, 12, 31))}
    assert "Cai Champion" not in names and "Bea Buyer" in names


def test_a_booked_meeting_can_stop_the_whole_account(db: Database, committee: Committee) -> None:
    enrolment.enrol(db, committee.account_id, start=MON)
    result = log_touch(db, committee.buyer, "phone", "meeting_booked", at=_at(MON),
                       stop_account=True)
    assert len(result.stopped_enrolments) == 3
    assert touches_due(db, date(2026, 12, 31)) == []
    with db.session() as session:
        reasons = set(session.scalars(select(Enrolment.reason)))
    assert "Bea Buyer meeting booked on 23 Nov 2026" in reasons


def test_out_of_office_shifts_the_rest(db: Database, committee: Committee) -> None:
    (eid,) = enrolment.enrol(db, committee.account_id, start=MON,
                             person_ids=[committee.user]).enrolment_ids
    with db.session() as session:
        before = {p.position: p.due_date for p in session.scalars(
            select(PlannedTouch).where(PlannedTouch.enrolment_id == eid))}
    result = log_touch(db, committee.user, "email", "out_of_office", at=_at(MON),
                       out_of_office_until=date(2026, 12, 4))   # back after Friday 4 Dec
    assert result.shifted_touches > 0
    with db.session() as session:
        after = {p.position: (p.due_date, p.state) for p in session.scalars(
            select(PlannedTouch).where(PlannedTouch.enrolment_id == eid))}
    assert after[1][1] is PlannedState.DONE                  # the email step was the touch
    next_due = min(d for d, s in after.values() if s is PlannedState.PLANNED)
    assert next_due == date(2026, 12, 7)                     # Monday after the return
    assert _state(db, committee.user) is EnrolmentState.ACTIVE
    assert after[10][0] > before[10]


def test_a_logged_call_changes_coverage_and_last_contact(db: Database,
                                                         committee: Committee) -> None:
    today = date(2026, 11, 25)
    flags = {f.code: f for f in coverage_for_account(db, committee.account_id, today).flags}
    assert committee.champion in flags[NEVER_CONTACTED].stakeholder_ids
    result = log_touch(db, committee.champion, "phone", "voicemail", at=_at(today))
    assert result.planned_touch_id is None           # not in a campaign: an unplanned touch
    with db.session() as session:
        person = session.get(Stakeholder, committee.champion)
        assert person is not None and person.last_contact == today
    flags = {f.code: f for f in coverage_for_account(db, committee.account_id, today).flags}
    assert committee.champion not in flags[NEVER_CONTACTED].stakeholder_ids
    assert flags[SINGLE_THREADED].stakeholder_ids == (committee.champion,)


def test_a_logged_call_completes_the_days_call_step(db: Database, committee: Committee) -> None:
    enrolment.enrol(db, committee.account_id, start=MON, person_ids=[committee.buyer])
    due = [t for t in touches_due(db, MON) if t.channel.value == "phone"]
    assert len(due) == 1
    assert "Bea" in due[0].script and "Northwind Freight" in due[0].script
    result = log_touch(db, committee.buyer, "phone", "no_answer", at=_at(MON, 15))
    assert result.planned_touch_id == due[0].planned_touch_id
    assert [t.channel.value for t in touches_due(db, MON)] == ["email"]
