"""Calls with an account: create, edit and delete them, with their attendees (Qt-free).

Every function does its work in one transaction, so each edit is saved the
moment it is made. Bad input is refused with an `InvalidInput` and nothing stored
changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workbench import errors
from workbench.prep.next_call import newest_first, next_call
from workbench.storage.database import Database
from workbench.storage.models import Account, Call, CallKind, Stakeholder

TEXT_FIELDS = ("objective", "commitment_best", "commitment_minimum", "value_hypothesis",
               "notes", "outcome", "next_step")
LIST_FIELDS = ("questions", "talking_points")
# Generous, but a pasted e-book in a note field should be refused, not stored.
MAX_TEXT = 20_000
MAX_ITEMS = 200


@dataclass(frozen=True)
class CallRow:
    """One line of an account's call history: what the list shows and sorts by."""

    id: int
    scheduled_at: datetime | None
    kind: CallKind
    objective: str
    attendee_count: int
    outcome: str


def parse_kind(value: Any) -> CallKind:
    """A call kind from its value or label ("demo", "Follow up", "follow-up")."""
    if isinstance(value, CallKind):
        return value
    text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return CallKind(text)
    except ValueError:
        allowed = ", ".join(k.value for k in CallKind)
        raise errors.InvalidInput(f"“{value}” is not a kind of call: use {allowed}.") from None


def _when(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        when = value
    else:
        try:
            when = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise errors.InvalidInput(
                f"“{value}” is not a date and time (use 2026-11-25 15:00).") from None
    if when.tzinfo is None:
        # A typed time is the rep's local time.
        when = when.astimezone()
    return when.astimezone(UTC)


def _text(name: str, value: Any) -> str:
    text = "" if value is None else str(value)
    if len(text) > MAX_TEXT:
        raise errors.InvalidInput(
            f"The {name.replace('_', ' ')} is too long ({len(text):,} characters; "
            f"at most {MAX_TEXT:,}).")
    return text


def _lines(name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.splitlines()
    items = [_text(name, item).strip() for item in value]
    items = [item for item in items if item]
    if len(items) > MAX_ITEMS:
        raise errors.InvalidInput(f"Too many {name.replace('_', ' ')} (at most {MAX_ITEMS}).")
    return items


def _objections(value: Any) -> list[dict[str, str]]:
    result = []
    for item in value or []:
        if isinstance(item, dict):
            objection, answer = item.get("objection", ""), item.get("answer", "")
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            objection, answer = item
        else:
            raise errors.InvalidInput("An objection needs the objection and its answer.")
        objection, answer = _text("objection", objection).strip(), _text("answer", answer).strip()
        if objection or answer:
            result.append({"objection": objection, "answer": answer})
    if len(result) > MAX_ITEMS:
        raise errors.InvalidInput(f"Too many objections (at most {MAX_ITEMS}).")
    return result


def _attendees(session: Session, account_id: int, ids: Iterable[int]) -> list[Stakeholder]:
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return []
    found = {s.id: s for s in session.scalars(
        select(Stakeholder).where(Stakeholder.id.in_(wanted)))}
    for sid in wanted:
        person = found.get(sid)
        if person is None:
            raise errors.InvalidInput("An attendee is no longer on the committee.")
        if person.account_id != account_id:
            raise errors.InvalidInput(
                f"{person.name} belongs to another account and cannot attend this call.")
    return [found[sid] for sid in wanted]


def _apply(session: Session, call: Call, fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        if key == "scheduled_at":
            call.scheduled_at = _when(value)
        elif key == "kind":
            call.kind = parse_kind(value)
        elif key in TEXT_FIELDS:
            setattr(call, key, _text(key, value))
        elif key in LIST_FIELDS:
            setattr(call, key, _lines(key, value))
        elif key == "objections":
            call.objections = _objections(value)
        elif key == "attendee_ids":
            call.attendees = _attendees(session, call.account_id, value)
        else:
            raise errors.InvalidInput(f"Unknown call field: {key}.")


WORK_START_HOUR, WORK_END_HOUR = 9, 17  # the last call of a working day starts at 16:00


def next_working_hour(now: datetime | None = None) -> datetime:
    """The next full hour in working time (Monday to Friday, 9:00 to 17:00, local time),
    in UTC: when a newly planned call most likely happens."""
    local = (now or datetime.now(UTC)).astimezone()
    candidate = local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    while (candidate.weekday() >= 5 or candidate.hour < WORK_START_HOUR
           or candidate.hour >= WORK_END_HOUR):
        if candidate.hour < WORK_START_HOUR and candidate.weekday() < 5:
            candidate = candidate.replace(hour=WORK_START_HOUR)
        else:
            candidate = (candidate + timedelta(days=1)).replace(hour=WORK_START_HOUR)
    return candidate.astimezone(UTC)


def create_call(db: Database, account_id: int, **fields: Any) -> int:
    """Plan a call with an account and return its id."""
    with db.session() as session:
        if session.get(Account, account_id) is None:
            raise errors.NotFound("That account no longer exists.")
        call = Call(account_id=account_id, kind=CallKind.DISCOVERY, questions=[],
                    objections=[], talking_points=[])
        session.add(call)
        _apply(session, call, fields)
        session.flush()
        return call.id


def update_call(db: Database, call_id: int, *, expected: dict[str, Any] | None = None,
                **fields: Any) -> None:
    """Change some fields of a call (attendees by `attendee_ids`).

    `expected` holds the values the editor showed (as `call_fields` gives them); where
    one is no longer stored, `errors.Conflict` says so and nothing is written.
    """
    with db.session() as session:
        call = session.get(Call, call_id, with_for_update=expected is not None or None,
                           options=[selectinload(Call.attendees)])
        if call is None:
            raise errors.NotFound("That call no longer exists.")
        if expected:
            stored = _fields_of(call)
            errors.check_unchanged("This call", stored, expected, fields)
        _apply(session, call, fields)


def delete_call(db: Database, call_id: int) -> None:
    with db.session() as session:
        call = session.get(Call, call_id)
        if call is None:
            raise errors.NotFound("That call no longer exists.")
        session.delete(call)


def call_fields(db: Database, call_id: int) -> dict[str, Any]:
    """Every editable field of a call, as `update_call` takes them (for the editor and undo)."""
    with db.session() as session:
        call = session.get(Call, call_id, options=[selectinload(Call.attendees)])
        if call is None:
            raise errors.NotFound(f"There is no call with id {call_id}.")
        return _fields_of(call)


def _fields_of(call: Call) -> dict[str, Any]:
    fields: dict[str, Any] = {key: getattr(call, key) for key in TEXT_FIELDS}
    fields.update(
        account_id=call.account_id, scheduled_at=call.scheduled_at, kind=call.kind,
        questions=list(call.questions or []), talking_points=list(call.talking_points or []),
        objections=[dict(o) for o in call.objections or []],
        attendee_ids=[s.id for s in call.attendees])
    return fields


def attendee_choices(db: Database, account_id: int) -> list[tuple[int, str, str, str]]:
    """Who can attend the account's calls: (id, name, title, role label), by name."""
    with db.session() as session:
        rows = session.execute(
            select(Stakeholder.id, Stakeholder.name, Stakeholder.title, Stakeholder.role)
            .where(Stakeholder.account_id == account_id).order_by(Stakeholder.name)).all()
    return [(r.id, r.name, r.title, r.role.label) for r in rows]


def list_calls(db: Database, account_id: int) -> Sequence[CallRow]:
    """An account's call history, newest first; calls without a date come first (being planned)."""
    with db.session() as session:
        calls = session.scalars(
            select(Call).where(Call.account_id == account_id)
            .options(selectinload(Call.attendees))).all()
        rows = [CallRow(c.id, c.scheduled_at, c.kind, c.objective, len(c.attendees), c.outcome)
                for c in calls]
    return newest_first(rows)


def next_call_id(db: Database, account_id: int, now: datetime | None = None) -> int | None:
    """The account's next planned call, else its most recent one; None without calls."""
    found = next_call(list_calls(db, account_id), now)
    return found.id if found is not None else None
