"""The sheet's content, composed from the database: every part, and prompts where data is missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from tests.prep.conftest import add_people
from workbench.prep import calls
from workbench.prep.context import diff_lines, load_sheet
from workbench.prep.fit import ONE_PAGE_LEVELS
from workbench.prep.shaping import PROMPTS, shape_sheet
from workbench.storage.database import Database
from workbench.storage.models import BankQuestion, NewsItem, NewsTrigger, PageSnapshot, Role, Source


def test_the_demo_call_has_every_part(db: Database, demo: int) -> None:
    call_id = calls.next_call_id(db, demo)
    assert call_id is not None
    data = load_sheet(db, call_id)
    assert len(data.attendees) == 6 and data.committee_size == 14
    assert data.triggers_pinned and [t.kinds for t in data.triggers][0] == ["funding",
                                                                            "expansion"]
    assert data.previous_call is not None and "budget" in data.previous_call.outcome
    # Since the last call: the about page (staff count) and the leadership page (new COO).
    about, leadership = sorted(data.changes, key=lambda change: change.url)[:2]
    assert about.url.endswith("/about") and leadership.url.endswith("/leadership")
    assert any("Marcus Oyelaran" in line for line in leadership.added)
    assert data.changes_basis == "last call"
    assert any("1,400 people" in line for line in about.added)
    assert any("1,250 people" in line for line in about.removed)
    sheet = shape_sheet(data, ONE_PAGE_LEVELS[0])
    assert sheet["questions"] and sheet["objections"] and sheet["talking_points"]
    assert not sheet["call"]["objective"]["missing"]
    assert sheet["facts"] and sheet["snapshot"]
    assert sheet["map_prompt"] == ""  # the committee is mapped: flags, not a prompt
    assert sheet["prompts"] == []  # the demo has a champion and an economic buyer


def test_an_account_with_no_data_gets_prompts_not_empty_boxes(
        db: Database, empty_account: int) -> None:
    call_id = calls.create_call(db, empty_account)
    sheet = shape_sheet(load_sheet(db, call_id), ONE_PAGE_LEVELS[0])
    assert sheet["prompts"] == [PROMPTS["committee"]]
    assert sheet["attendees_prompt"] == PROMPTS["attendees"]
    assert sheet["triggers_prompt"] == PROMPTS["triggers"]
    assert sheet["snapshot_prompt"] == PROMPTS["snapshot"]
    assert sheet["call"]["objective"] == {"text": PROMPTS["objective"], "missing": True}
    assert sheet["objections_prompt"] and sheet["talking_points_prompt"]
    # With no questions of its own, the call borrows the bank's for its kind, and
    # reading them writes nothing (a sheet prints from a read-only file too).
    assert sheet["questions_from_bank"] and sheet["questions"]
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(BankQuestion)) == 0


def test_a_committee_without_champion_says_what_to_ask(db: Database, empty_account: int) -> None:
    people = add_people(db, empty_account, [{"name": "Eve", "role": Role.ECONOMIC_BUYER}])
    call_id = calls.create_call(db, empty_account, attendee_ids=people)
    sheet = shape_sheet(load_sheet(db, call_id), ONE_PAGE_LEVELS[0])
    assert sheet["prompts"] == [PROMPTS["champion"]]
    assert sheet["attendees"][0]["never_contacted"]
    assert sheet["attendees"][0]["needs"]["missing"]


def test_without_pins_the_newest_tagged_news_gives_the_reason(
        db: Database, empty_account: int) -> None:
    with db.session() as session:
        for day, title, kind in ((1, "Old funding", "funding"), (9, "New plant", "expansion"),
                                 (12, "Untagged chatter", None)):
            item = NewsItem(account_id=empty_account, dedupe_key=title, title=title,
                            published_at=datetime(2026, 10, day, tzinfo=UTC))
            if kind:
                item.triggers = [NewsTrigger(kind=kind, evidence=f"{title} evidence.")]
            session.add(item)
    data = load_sheet(db, calls.create_call(db, empty_account))
    assert not data.triggers_pinned
    assert [t.title for t in data.triggers] == ["New plant", "Old funding"]


def test_without_an_earlier_call_changes_compare_the_last_two_captures(
        db: Database, empty_account: int) -> None:
    with db.session() as session:
        source = Source(account_id=empty_account, url="https://x.example/team", kind="page")
        source.snapshots = [
            PageSnapshot(captured_at=datetime(2026, 9, 1, tzinfo=UTC), text="A\nB\nC"),
            PageSnapshot(captured_at=datetime(2026, 10, 1, tzinfo=UTC), text="A\nC\nD")]
        session.add(source)
    data = load_sheet(db, calls.create_call(db, empty_account))
    assert data.changes_basis == "previous capture"
    assert (data.changes[0].added, data.changes[0].removed) == (["D"], ["B"])


def test_diff_ignores_whitespace_only_changes() -> None:
    assert diff_lines("One  line\n\nTwo", "One line\nTwo\n") == ([], [])


@dataclass
class _Flag:
    code: str
    message: str
    advice: str
    stakeholder_ids: list[int]


def test_coverage_flags_reach_the_sheet(db: Database, demo: int) -> None:
    data = load_sheet(db, calls.next_call_id(db, demo), today=date(2026, 11, 20))
    sheet = shape_sheet(data, ONE_PAGE_LEVELS[0])
    assert sheet["coverage"]["percent"] == 100
    assert any("Priya Raman" in flag["message"] for flag in sheet["coverage"]["flags"])
    assert sheet["map_prompt"] == ""

