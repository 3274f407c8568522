"""Enrolling people in a campaign, and pausing, resuming, skipping a step or stopping it.

Dates come from the start date by working days (`schedule.py`). Enrolling the
whole committee puts the champion and the economic buyer first: they start on
the start date, everyone else a working day later (when a champion or economic
buyer is among those enrolled), so the first touches go where the map says
they matter most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench import errors
from workbench.campaigns.cadences import find_cadence
from workbench.campaigns.schedule import add_working_days, load_days_off, working_days_between
from workbench.storage.database import Database
from workbench.storage.models import (
    Account,
    Cadence,
    Enrolment,
    EnrolmentState,
    PlannedState,
    PlannedTouch,
    Role,
    Stakeholder,
)

RUNNING = (EnrolmentState.ACTIVE, EnrolmentState.PAUSED)
_FIRST_ROLES = {Role.CHAMPION: 0, Role.ECONOMIC_BUYER: 1}


@dataclass(frozen=True)
class EnrolResult:
    """What enrolling did: the new enrolments and the people left out (already running)."""

    enrolment_ids: tuple[int, ...]
    cadence_name: str
    already_running: tuple[str, ...] = ()


def committee_order(people: Sequence[Stakeholder]) -> list[Stakeholder]:
    """Champion first, then the economic buyer, then the others in map order."""
    return sorted(people, key=lambda p: (_FIRST_ROLES.get(p.role, 2), p.id))


def plan_enrolment(session: Session, enrolment: Enrolment, cadence: Cadence,
                   days_off: frozenset[date]) -> None:
    enrolment.planned = [
        PlannedTouch(position=step.position,
                     due_date=add_working_days(enrolment.start_date, step.day_offset, days_off),
                     channel=step.channel, title=step.title, script=step.script, item=step.item,
                     cost=step.cost, lead_days=step.lead_days)
        for step in cadence.steps]


def enrol(db: Database, account_id: int, *, start: date, cadence_id: int | None = None,
          template: str | None = None, person_ids: Sequence[int] | None = None) -> EnrolResult:
    """Enrol some of an account's people (default: the whole committee) in a campaign.

    The template is `cadence_id`, else the one named `template`, else the one for the
    account's tier. People already in a running campaign are left as they are.
    """
    days_off = load_days_off(db)
    with db.session() as session:
        account = session.get(Account, account_id)
        if account is None:
            raise errors.NotFound(f"There is no account with id {account_id}.")
        if cadence_id is not None:
            cadence = session.get(Cadence, cadence_id)
            if cadence is None:
                raise errors.NotFound(f"There is no campaign template with id {cadence_id}.")
        else:
            cadence = find_cadence(session, template, account.tier)
        if not cadence.steps:
            raise errors.InvalidInput(f"The template “{cadence.name}” has no steps.")
        query = select(Stakeholder).where(Stakeholder.account_id == account_id)
        if person_ids is not None:
            query = query.where(Stakeholder.id.in_(list(person_ids)))
        people = committee_order(session.scalars(query).all())
        if person_ids is not None and len(people) != len(set(person_ids)):
            raise errors.NotFound(f"Not everyone chosen is on {account.name}'s committee.")
        if not people:
            raise errors.InvalidInput(f"{account.name} has no one on its committee to enrol.",
                                      hint="Add people to the committee map first.")
        running = set(session.scalars(select(Enrolment.stakeholder_id).where(
            Enrolment.account_id == account_id, Enrolment.state.in_(RUNNING))))
        created, skipped = [], []
        first_start = add_working_days(start, 0, days_off)
        # The others wait a day only behind a champion or economic buyer being enrolled now.
        any_lead = any(p.role in _FIRST_ROLES and p.id not in running for p in people)
        later_start = add_working_days(start, 1, days_off) if any_lead else first_start
        for person in people:
            if person.id in running:
                skipped.append(person.name)
                continue
            leads = person.role in _FIRST_ROLES
            enrolment = Enrolment(account_id=account_id, stakeholder_id=person.id,
                                  cadence_id=cadence.id, cadence_name=cadence.name,
                                  start_date=first_start if leads else later_start)
            plan_enrolment(session, enrolment, cadence, days_off)
            session.add(enrolment)
            created.append(enrolment)
        session.flush()
        return EnrolResult(tuple(e.id for e in created), cadence.name, tuple(skipped))


def _enrolment(session: Session, enrolment_id: int) -> Enrolment:
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None:
        raise errors.NotFound(f"There is no campaign enrolment with id {enrolment_id}.")
    return enrolment


def remaining(enrolment: Enrolment) -> list[PlannedTouch]:
    return [p for p in enrolment.planned if p.state is PlannedState.PLANNED]


def pause(db: Database, enrolment_id: int, on: date) -> None:
    with db.session() as session:
        enrolment = _enrolment(session, enrolment_id)
        if enrolment.state is not EnrolmentState.ACTIVE:
            raise errors.InvalidInput(f"This campaign is {enrolment.state.value}, not running.")
        enrolment.state, enrolment.paused_on = EnrolmentState.PAUSED, on


def resume(db: Database, enrolment_id: int, on: date) -> int:
    """Resume a paused campaign: the rest moves by the working days it was paused.
    Returns that number of days."""
    days_off = load_days_off(db)
    with db.session() as session:
        enrolment = _enrolment(session, enrolment_id)
        if enrolment.state is not EnrolmentState.PAUSED:
            raise errors.InvalidInput("This campaign is not paused.")
        gap = working_days_between(enrolment.paused_on or on, on, days_off)
        for planned in remaining(enrolment):
            if planned.due_date >= (enrolment.paused_on or on):
                planned.due_date = add_working_days(planned.due_date, gap, days_off)
        enrolment.state, enrolment.paused_on = EnrolmentState.ACTIVE, None
        return gap


def shift_remaining(enrolment: Enrolment, first_day: date, days_off: frozenset[date]) -> int:
    """Move the rest of a campaign so its next touch falls on `first_day` (or the next working
    day), keeping the working-day gaps between the touches. Returns how many moved."""
    rest = remaining(enrolment)
    if not rest:
        return 0
    base = rest[0].due_date
    new_base = add_working_days(first_day, 0, days_off)
    if new_base <= base:
        return 0
    for planned in rest:
        offset = working_days_between(base, planned.due_date, days_off)
        planned.due_date = add_working_days(new_base, offset, days_off)
    return len(rest)


def skip_step(db: Database, enrolment_id: int) -> str:
    """Skip the campaign's next planned touch; returns its title."""
    with db.session() as session:
        enrolment = _enrolment(session, enrolment_id)
        rest = remaining(enrolment)
        if not rest:
            raise errors.InvalidInput("This campaign has no step left to skip.")
        rest[0].state = PlannedState.SKIPPED
        finish_if_done(enrolment)
        return rest[0].title


def stop_enrolment(enrolment: Enrolment, reason: str) -> None:
    enrolment.state, enrolment.reason, enrolment.paused_on = EnrolmentState.STOPPED, reason, None
    for planned in remaining(enrolment):
        planned.state = PlannedState.CANCELLED


def stop(db: Database, enrolment_id: int, reason: str = "stopped by the rep") -> None:
    with db.session() as session:
        enrolment = _enrolment(session, enrolment_id)
        if enrolment.state not in RUNNING:
            raise errors.InvalidInput(f"This campaign is already {enrolment.state.value}.")
        stop_enrolment(enrolment, reason)


def finish_if_done(enrolment: Enrolment) -> None:
    if enrolment.state in RUNNING and not remaining(enrolment):
        enrolment.state, enrolment.reason = EnrolmentState.FINISHED, "every step done"


def skip_planned(db: Database, planned_touch_id: int) -> str:
    """Skip one planned touch (from the day's queue); returns its title."""
    with db.session() as session:
        planned = session.get(PlannedTouch, planned_touch_id)
        if planned is None or planned.state is not PlannedState.PLANNED:
            raise errors.InvalidInput("That step is no longer planned.")
        planned.state = PlannedState.SKIPPED
        finish_if_done(planned.enrolment)
        return planned.title
