"""What leaves the program: the sheet's touch history, `.ics` files, `mailto:` links, the
account file carrying campaigns, and signals proposing touches."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import icalendar
import pytest

from tests.campaigns.conftest import Committee
from workbench import errors
from workbench.campaigns import enrolment
from workbench.campaigns.history import summarise, touches_by_person
from workbench.campaigns.ics import build_calendar
from workbench.campaigns.outbound import mailto_for, mailto_url
from workbench.campaigns.queue import (
    complete,
    due_window,
    group_by_channel,
    merge_into_queue,
    touches_due,
)
from workbench.campaigns.signals import accept_proposal, propose_touch_for_signal
from workbench.campaigns.touches import log_touch
from workbench.dossier import build_dossier
from workbench.prep import calls
from workbench.prep.context import load_sheet
from workbench.prep.fit import ONE_PAGE_LEVELS
from workbench.prep.render import render_html
from workbench.storage.database import Database
from workbench.transfer import import_dossier

MON = date(2026, 11, 23)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_the_sheet_shows_each_attendees_touches(db: Database, committee: Committee) -> None:
    log_touch(db, committee.buyer, "phone", "voicemail", at=_at(date(2026, 11, 10)))
    log_touch(db, committee.buyer, "phone", "voicemail", at=_at(date(2026, 11, 12)))
    log_touch(db, committee.buyer, "letter", "sent", at=_at(date(2026, 11, 13)))
    call_id = calls.create_call(db, committee.account_id, attendee_ids=[committee.buyer],
                                scheduled_at=_at(date(2026, 11, 26)).isoformat())
    data = load_sheet(db, call_id, today=date(2026, 11, 25))
    assert data.attendees[0].touches == "3 touches since 10 Nov: 2 voicemails, letter sent"
    html = render_html(data, "one_page", ONE_PAGE_LEVELS[0])
    assert "3 touches since 10 Nov: 2 voicemails, letter sent" in html
    assert all(not p.touches for p in data.others)


def test_ics_parses_with_a_real_calendar_library(db: Database, committee: Committee) -> None:
    enrolment.enrol(db, committee.account_id, start=MON)
    calls.create_call(db, committee.account_id, objective="Agree a pilot",
                      attendee_ids=[committee.champion],
                      scheduled_at=_at(date(2026, 11, 25), 14).isoformat())
    data = build_calendar(db, MON, due_window(MON, "week"))
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    call = [e for e in events if str(e["uid"]).startswith("call-")]
    assert len(call) == 1 and "Agree a pilot" in str(call[0]["description"])
    assert call[0].decoded("dtstart") == _at(date(2026, 11, 25), 14)
    touches = [e for e in events if str(e["uid"]).startswith("touch-")]
    assert len(touches) == len(touches_due(db, MON, until=date(2026, 11, 29)))
    first = touches[0]
    assert first.decoded("dtstart") == MON                     # an all-day date, not a time
    assert "Cai" in str(first["summary"]) or "Bea" in str(first["summary"]) or \
        "Una" in str(first["summary"])


def test_mailto_is_filled_and_encoded(db: Database, committee: Committee) -> None:
    enrolment.enrol(db, committee.account_id, start=MON, person_ids=[committee.buyer])
    email = next(t for t in touches_due(db, MON) if t.channel.value == "email")
    url = urlsplit(mailto_for(email))
    assert url.scheme == "mailto" and unquote(url.path) == "bea@northwind.example"
    query = parse_qs(url.query)
    assert query["subject"] == ["Northwind Freight and your plans"]
    assert query["body"][0].startswith("Hello Bea,\r\n\r\n")
    assert " " not in mailto_url("a@b.example", "Hi there", "x y")
    long = mailto_url("a@b.example", "s", "word " * 2000)
    assert len(long) < 2100 and long.endswith("%5B%E2%80%A6%5D")


def test_the_queue_groups_by_channel_and_fills_the_latest_signal(
        db: Database, committee: Committee) -> None:
    from workbench.storage.models import NewsItem, NewsTrigger

    with db.session() as session:
        item = NewsItem(account_id=committee.account_id, dedupe_key="a", title="Funding",
                        published_at=_at(date(2026, 11, 20)))
        item.triggers = [NewsTrigger(kind="funding",
                                     evidence="Northwind raised $40 million in a Series C.")]
        session.add(item)
    enrolment.enrol(db, committee.account_id, start=MON)
    due = touches_due(db, MON)
    groups = group_by_channel(due)
    assert [c.value for c, _ in groups] == ["phone", "email"]
    assert [t.person_name for t in groups[0][1]] == ["Bea Buyer", "Cai Champion"]
    assert "Northwind raised $40 million in a Series C" in groups[0][1][0].script
    # The list read without its texts, then one touch completed, says the same.
    bare = touches_due(db, MON, scripts=False)
    assert [t.planned_touch_id for t in bare] == [t.planned_touch_id for t in due]
    assert bare[0].script == "" and not bare[0].complete
    assert complete(db, bare[0]).script == due[0].script
    # Re-reading one person's rows and merging them back keeps the queue's order.
    someone = due[0].stakeholder_id
    rest = [t for t in due if t.stakeholder_id != someone]
    mine = touches_due(db, MON, stakeholder_ids=[someone])
    assert merge_into_queue(rest, mine, MON) == due
    # The next week: Una starts a day later, and overdue steps come first.
    later = touches_due(db, date(2026, 11, 26))
    assert later[0].due_date < date(2026, 11, 26)


def test_account_file_round_trip_carries_campaigns(db: Database, committee: Committee,
                                                   tmp_path: Path) -> None:
    enrolment.enrol(db, committee.account_id, start=MON)
    log_touch(db, committee.buyer, "phone", "voicemail", at=_at(MON), note="left a message")
    dossier = json.loads(json.dumps(build_dossier(db, committee.account_id)))
    assert len(dossier["enrolments"]) == 3 and len(dossier["touches"]) == 1
    new_id = import_dossier(db, {**dossier, "account": {**dossier["account"], "website": ""}},
                            rename="Northwind copy")
    copy = build_dossier(db, new_id)
    assert [e["state"] for e in copy["enrolments"]] == [e["state"] for e in dossier["enrolments"]]
    assert copy["touches"][0]["note"] == "left a message"
    done = [p for e in copy["enrolments"] for p in e["planned"] if p["touch_id"]]
    assert done and done[0]["touch_id"] == copy["touches"][0]["id"]
    assert copy["enrolments"][0]["cadence_name"] == dossier["cadences"][0]["name"]
    # An older file, with no campaign sections at all, still imports.
    older = {k: v for k, v in dossier.items() if k not in ("cadences", "enrolments", "touches")}
    older_id = import_dossier(db, {**older, "account": {**older["account"], "website": ""}},
                              rename="Northwind older")
    assert build_dossier(db, older_id)["enrolments"] == []
    broken = {**dossier, "touches": [{"stakeholder_id": 99999, "channel": "phone",
                                      "outcome": "voicemail"}],
              "account": {**dossier["account"], "website": ""}}
    with pytest.raises(errors.InvalidInput):
        import_dossier(db, broken, rename="Broken")


def test_a_signal_proposes_a_touch_citing_its_evidence(db: Database,
                                                       committee: Committee) -> None:
    evidence = "Northwind Freight named Dana Ortiz as its new Chief Operating Officer."
    proposal = propose_touch_for_signal(db, committee.account_id, "new_executive", evidence,
                                        today=date(2026, 11, 28))
    assert proposal is not None and proposal.action == "touch"
    assert proposal.stakeholder_ids == (committee.champion,)
    assert evidence in proposal.script and proposal.due_date == date(2026, 11, 30)
    accept_proposal(db, proposal)
    due = touches_due(db, date(2026, 11, 30))
    assert len(due) == 1 and evidence in due[0].script and "Cai" in due[0].script


def test_a_signal_restarts_a_stopped_campaign(db: Database, committee: Committee) -> None:
    ids = enrolment.enrol(db, committee.account_id, start=MON).enrolment_ids
    for eid in ids:
        enrolment.stop(db, eid, "no answer after three weeks")
    log_touch(db, committee.user, "email", "not_interested", at=_at(MON))
    proposal = propose_touch_for_signal(db, committee.account_id, "funding",
                                        "Northwind raised $40 million.", today=MON)
    assert proposal is not None and proposal.action == "restart"
    assert proposal.stakeholder_ids[0] == committee.champion
    made = accept_proposal(db, proposal)
    assert len(made) == len(proposal.stakeholder_ids)
    first = touches_due(db, MON)[0]
    assert "Northwind raised $40 million." in first.script


def test_fields_fill_only_known_names() -> None:
    from workbench.campaigns.fields import FieldValues, fill

    values = FieldValues(name="Bea Buyer", account="Northwind")
    assert fill("Hi {first_name} at {account}: {unknown} {__class__} {}", values) == \
        "Hi Bea at Northwind: {unknown} {__class__} {}"
    assert summarise([]) == ""


def test_touches_by_person_reads_all_at_once(db: Database, committee: Committee) -> None:
    log_touch(db, committee.user, "social", "sent", at=_at(MON))
    with db.session() as session:
        found = touches_by_person(session, [committee.user, committee.buyer])
    assert [t.channel.value for t in found[committee.user]] == ["social"]
    assert found[committee.buyer] == []
    assert summarise(found[committee.user]) == "1 touch since 23 Nov: social message"
