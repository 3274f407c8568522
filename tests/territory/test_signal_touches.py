"""Signals feed campaigns, and Today shows the day's touches.

A new high-ranked signal proposes a touch (or restarts a stopped campaign) citing its
evidence; the proposal waits in Today until the rep accepts it. The demo's campaign
fills Today's touches section, in the core and in `workbench today`.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from tests.campaigns.conftest import Committee, committee
from workbench.campaigns import enrolment
from workbench.campaigns.queue import touches_due
from workbench.demo import load_demo
from workbench.signals.produce import produce_signals
from workbench.signals.proposals import accept_signal_proposal, proposals
from workbench.storage.database import Database
from workbench.storage.models import NewsItem, NewsTrigger
from workbench.today import build_today

__all__ = ["committee"]

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
EVIDENCE = "Northwind Freight closed a $40 million Series C led by Harbor Ventures."


def _news(db: Database, account_id: int, kind: str, evidence: str, when: datetime,
          key: str) -> None:
    with db.session() as session:
        item = NewsItem(account_id=account_id, dedupe_key=key, title=evidence,
                        url=f"https://northwind.example/news/{key}", published_at=when)
        item.triggers = [NewsTrigger(kind=kind, evidence=evidence)]
        session.add(item)


def test_a_new_funding_signal_restarts_a_stopped_campaign(db: Database,
                                                           committee: Committee) -> None:
    ids = enrolment.enrol(db, committee.account_id, start=NOW.date()).enrolment_ids
    for eid in ids:
        enrolment.stop(db, eid, "no answer after three weeks")
    assert touches_due(db, NOW.date()) == []
    _news(db, committee.account_id, "funding", EVIDENCE, NOW, "n1")

    result = produce_signals(db, committee.account_id, now=NOW)
    assert result.proposal_signal_ids == result.new_signal_ids and result.new_signal_ids
    [pending] = proposals(db)
    assert pending.proposal.action == "restart"
    assert pending.proposal.stakeholder_ids[0] == committee.champion
    assert EVIDENCE in pending.proposal.script and pending.score >= 50

    # Nothing is enrolled until the rep accepts; Today lists the proposal with the touches.
    assert touches_due(db, NOW.date()) == []
    today = build_today(db, now=NOW).touches
    assert [(t.proposed_by_signal, t.when) for t in today] == [(pending.signal_id, "proposed")]
    assert EVIDENCE in today[0].step and today[0].person.startswith("Cai Champion")

    made = accept_signal_proposal(db, pending.signal_id)
    assert len(made) == len(pending.proposal.stakeholder_ids)
    assert proposals(db) == [] and proposals(db, state="accepted")
    due = touches_due(db, NOW.date())
    assert due and EVIDENCE in due[0].script
    assert [t.proposed_by_signal for t in build_today(db, now=NOW).touches] == \
        [None] * len(due)

    # The same research again makes no second signal and no second proposal.
    assert produce_signals(db, committee.account_id, now=NOW).proposal_signal_ids == []


def test_an_old_or_minor_signal_proposes_nothing(db: Database, committee: Committee) -> None:
    _news(db, committee.account_id, "earnings", "Midwest 3PLs report a strong quarter.",
          datetime(2026, 8, 1, tzinfo=UTC), "old")
    result = produce_signals(db, committee.account_id, now=NOW)
    assert result.new_signal_ids and result.proposal_signal_ids == []
    assert proposals(db) == [] and build_today(db, now=NOW).touches == []


def test_demo_fills_todays_touches(db: Database, tmp_path: Path) -> None:
    load_demo(db)
    touches = build_today(db).touches
    queued = [t for t in touches if t.proposed_by_signal is None]
    assert queued and all(t.person and t.step and t.touch_id for t in queued)
    assert all(t.when == "" or t.when.startswith("overdue") for t in queued)

    path = tmp_path / "demo.sqlite3"
    run = [sys.executable, "-m", "workbench", "--db", str(path)]
    subprocess.run([*run, "demo"], check=True, capture_output=True, text=True)
    out = subprocess.run([*run, "today"], check=True, capture_output=True, text=True).stdout
    section = out.split("Touches due today", 1)[1].split("Gone quiet", 1)[0]
    lines = [line for line in section.splitlines() if line.strip()]
    assert lines and all("Harbor Lane Logistics" in line for line in lines)
    assert queued[0].person in section and queued[0].step in section


def test_a_proposal_stays_in_its_database(db: Database, committee: Committee) -> None:
    from workbench.dossier import build_dossier
    from workbench.transfer import import_dossier

    _news(db, committee.account_id, "funding", EVIDENCE, NOW, "n1")
    produce_signals(db, committee.account_id, now=NOW)
    assert proposals(db)
    dossier = build_dossier(db, committee.account_id)
    assert dossier["signals"] and all("proposal" not in s["detail"]
                                      for s in dossier["signals"])  # this database's ids
    dossier["account"] = {**dossier["account"], "website": ""}
    copy = import_dossier(db, dossier, rename="Northwind copy")
    assert [p.proposal.account_id for p in proposals(db)] == [committee.account_id]
    assert copy != committee.account_id
