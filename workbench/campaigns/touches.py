"""Logging a touch: what happened, and what it does to the person's campaign and last contact.

A reply or a booked meeting stops the person's campaign (and, if the rep asks,
every campaign on the account); a bounce or "not interested" stops theirs; out of
office moves the rest of it to after their return. Every touch but a bounce
moves the person's last contact, which the map's coverage flags read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workbench import errors
from workbench.campaigns.enrolment import (
    RUNNING,
    finish_if_done,
    remaining,
    shift_remaining,
    stop_enrolment,
)
from workbench.campaigns.schedule import load_days_off
from workbench.storage.database import Database
from workbench.storage.models import (
    Channel,
    Enrolment,
    EnrolmentState,
    Outcome,
    PlannedState,
    PlannedTouch,
    Stakeholder,
    Touch,
)

STOPS_PERSON = {Outcome.REPLIED: "replied", Outcome.MEETING_BOOKED: "meeting booked",
                Outcome.BOUNCED: "email bounced", Outcome.NOT_INTERESTED: "not interested"}
# Outcomes that end every campaign on the account when the rep asks for it.
MAY_STOP_ACCOUNT = (Outcome.REPLIED, Outcome.MEETING_BOOKED)


@dataclass(frozen=True)
class LoggedTouch:
    """What logging changed: the touch, the planned step it completed, campaigns stopped or
    moved, and the person's last contact."""

    touch_id: int
    account_id: int
    stakeholder_id: int
    planned_touch_id: int | None
    stopped_enrolments: tuple[int, ...] = ()
    shifted_touches: int = 0
    last_contact: date | None = None


def log_touch(db: Database, stakeholder_id: int, channel: Channel | str, outcome: Outcome | str,
              *, note: str = "", at: datetime | None = None, planned_touch_id: int | None = None,
              out_of_office_until: date | None = None,
              stop_account: bool = False) -> LoggedTouch:
    """Record a touch with `stakeholder_id` and move their campaign on.

    Without `planned_touch_id`, a planned touch on the same channel due by that day
    counts as done (a call logged from the map completes the day's call step).
    """
    channel, outcome = Channel(channel), Outcome(outcome)
    at = at or datetime.now(UTC)
    if outcome is Outcome.OUT_OF_OFFICE and out_of_office_until is None:
        raise errors.InvalidInput("Out of office until when? Give the date they are back.")
    day = at.astimezone().date() if at.tzinfo else at.date()
    days_off = load_days_off(db) if outcome is Outcome.OUT_OF_OFFICE else frozenset()
    with db.session() as session:
        person = session.get(Stakeholder, stakeholder_id)
        if person is None:
            raise errors.NotFound(f"There is no person with id {stakeholder_id}.")
        touch = Touch(account_id=person.account_id, stakeholder_id=person.id, channel=channel,
                      at=at, outcome=outcome, note=note.strip(),
                      out_of_office_until=out_of_office_until)
        session.add(touch)
        session.flush()

        enrolments = list(session.scalars(
            select(Enrolment).where(Enrolment.stakeholder_id == person.id,
                                    Enrolment.state.in_(RUNNING))
            .options(selectinload(Enrolment.planned))))
        planned = _planned_for(session, enrolments, planned_touch_id, channel, day)
        if planned is not None:
            planned.state, planned.touch_id = PlannedState.DONE, touch.id

        stopped: list[int] = []
        shifted = 0
        if outcome in STOPS_PERSON:
            reason = f"{STOPS_PERSON[outcome]} on {day:%d %b %Y}"
            targets = list(enrolments)
            if stop_account and outcome in MAY_STOP_ACCOUNT:
                targets = list(session.scalars(select(Enrolment).where(
                    Enrolment.account_id == person.account_id, Enrolment.state.in_(RUNNING))
                    .options(selectinload(Enrolment.planned))))
            for enrolment in targets:
                why = reason if enrolment.stakeholder_id == person.id else \
                    f"{person.name} {reason}"
                stop_enrolment(enrolment, why)
                stopped.append(enrolment.id)
        elif outcome is Outcome.OUT_OF_OFFICE:
            assert out_of_office_until is not None
            for enrolment in enrolments:
                shifted += shift_remaining(enrolment, out_of_office_until + timedelta(days=1),
                                           days_off)
        for enrolment in enrolments:
            finish_if_done(enrolment)

        if outcome is not Outcome.BOUNCED and (person.last_contact is None
                                               or person.last_contact < day):
            person.last_contact = day
        return LoggedTouch(touch.id, person.account_id, person.id,
                           planned.id if planned is not None else None, tuple(stopped), shifted,
                           person.last_contact)


def _planned_for(session: object, enrolments: list[Enrolment], planned_touch_id: int | None,
                 channel: Channel, day: date) -> PlannedTouch | None:
    if planned_touch_id is not None:
        for enrolment in enrolments:
            for planned in enrolment.planned:
                if planned.id == planned_touch_id:
                    if planned.state is not PlannedState.PLANNED:
                        raise errors.InvalidInput("That step was already done or skipped.")
                    return planned
        raise errors.NotFound("That step is not part of a running campaign for this person.")
    due = [p for e in enrolments if e.state is EnrolmentState.ACTIVE for p in remaining(e)
           if p.channel is channel and p.due_date <= day]
    return min(due, key=lambda p: p.due_date) if due else None

