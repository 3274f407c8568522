"""Calls: planning, editing and deleting them, and refusing bad input without losing data."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.prep.conftest import add_people
from workbench import errors
from workbench.accounts import create_account
from workbench.prep import calls
from workbench.storage.database import Database
from workbench.storage.models import CallKind


def test_plan_edit_and_read_back_a_call(db: Database, empty_account: int) -> None:
    people = add_people(db, empty_account, [{"name": "Ana"}, {"name": "Bo"}])
    call_id = calls.create_call(
        db, empty_account, scheduled_at="2026-12-01T10:00:00+00:00", kind="follow-up",
        objective="Agree a pilot", questions="Who signs?\n\n  What budget?  ",
        objections=[("Too expensive", "Compare with overtime")], attendee_ids=people)
    fields = calls.call_fields(db, call_id)
    assert fields["kind"] is CallKind.FOLLOW_UP
    assert fields["questions"] == ["Who signs?", "What budget?"]
    assert fields["objections"] == [{"objection": "Too expensive",
                                     "answer": "Compare with overtime"}]
    assert fields["attendee_ids"] == people
    assert fields["scheduled_at"] == datetime(2026, 12, 1, 10, tzinfo=UTC)

    calls.update_call(db, call_id, outcome="Pilot agreed", attendee_ids=people[:1])
    fields = calls.call_fields(db, call_id)
    assert fields["outcome"] == "Pilot agreed"
    assert fields["attendee_ids"] == people[:1]


def test_history_is_newest_first_and_next_call_is_the_soonest_ahead(
        db: Database, empty_account: int) -> None:
    old = calls.create_call(db, empty_account, scheduled_at="2026-01-01T09:00:00+00:00")
    soon = calls.create_call(db, empty_account, scheduled_at="2026-12-01T09:00:00+00:00")
    later = calls.create_call(db, empty_account, scheduled_at="2027-03-01T09:00:00+00:00")
    assert [r.id for r in calls.list_calls(db, empty_account)] == [later, soon, old]
    now = datetime(2026, 6, 1, tzinfo=UTC)
    assert calls.next_call_id(db, empty_account, now) == soon
    after_all = datetime(2028, 1, 1, tzinfo=UTC)
    assert calls.next_call_id(db, empty_account, after_all) == later


@pytest.mark.parametrize("fields, message", [
    ({"kind": "coffee"}, "not a kind of call"),
    ({"scheduled_at": "next Tuesday"}, "not a date"),
    ({"notes": "x" * 20_001}, "too long"),
    ({"objections": ["just one string"]}, "objection"),
    ({"colour": "blue"}, "Unknown call field"),
])
def test_bad_input_is_refused_and_nothing_changes(db: Database, empty_account: int,
                                                  fields: dict, message: str) -> None:
    call_id = calls.create_call(db, empty_account, objective="Keep me")
    with pytest.raises(errors.InvalidInput, match=message):
        calls.update_call(db, call_id, **fields)
    assert calls.call_fields(db, call_id)["objective"] == "Keep me"


def test_an_attendee_from_another_account_is_refused(db: Database, empty_account: int) -> None:
    other = create_account(db, "Other Co")
    (stranger,) = add_people(db, other, [{"name": "Stranger"}])
    with pytest.raises(errors.InvalidInput, match="another account"):
        calls.create_call(db, empty_account, attendee_ids=[stranger])
    assert calls.list_calls(db, empty_account) == []


def test_deleting_a_call_keeps_the_people(db: Database, empty_account: int) -> None:
    people = add_people(db, empty_account, [{"name": "Ana"}])
    call_id = calls.create_call(db, empty_account, attendee_ids=people)
    calls.delete_call(db, call_id)
    assert calls.list_calls(db, empty_account) == []
    with pytest.raises(errors.NotFound):
        calls.update_call(db, call_id, objective="gone")
    second = calls.create_call(db, empty_account, attendee_ids=people)
    assert calls.call_fields(db, second)["attendee_ids"] == people
