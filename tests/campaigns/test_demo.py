"""The demo account shows a running campaign with touches logged, whatever today is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from workbench.campaigns.people import committee_campaigns
from workbench.campaigns.queue import touches_due
from workbench.demo import demo_dossier, load_demo
from workbench.storage.database import Database


def test_demo_has_a_running_campaign_with_touches(db: Database) -> None:
    account_id = load_demo(db)
    members = {m.name: m for m in committee_campaigns(db, account_id)}
    dana = members["Dana Whitfield"]
    assert dana.state == "active" and dana.cadence_name == "Tier A: strategic"
    assert dana.touches.startswith("4 touches since") and "2 voicemails" in dana.touches
    assert members["Marcus Oyelaran"].touches.startswith("4 touches since")
    assert dana.last_contact is not None and dana.next_due is not None
    # Something is due today or overdue in the demo, so the queue is never empty at first.
    assert any(t.account_id == account_id for t in touches_due(db, date.today()))


def test_demo_dates_move_with_today() -> None:
    later = demo_dossier(datetime.now(UTC) + timedelta(days=7))
    now = demo_dossier()
    day = date.fromisoformat
    assert day(later["enrolments"][0]["start_date"]) - day(now["enrolments"][0]["start_date"]) \
        == timedelta(days=7)
    assert later["touches"][0]["at"] > now["touches"][0]["at"]
