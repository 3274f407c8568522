"""The Today hook for prospecting touches: nothing without campaigns, their rows when they exist."""

from __future__ import annotations

import sys
import types
from datetime import date

from sqlalchemy import text

from workbench.territory.touches_hook import TOUCH_QUEUE_PROVIDER, touches_due_today
from workbench.today import build_today

DAY = date(2026, 12, 1)


def test_no_campaigns_module_shows_nothing(db) -> None:
    assert TOUCH_QUEUE_PROVIDER.startswith("workbench.campaigns")
    assert touches_due_today(db, DAY, provider="workbench.no_such_campaigns:touches_due") == []
    assert build_today(db).touches == []


def test_provider_without_tables_shows_nothing(db, monkeypatch) -> None:
    module = types.ModuleType("fake_campaigns")

    def touches_due(database, day):
        with database.session() as session:
            return session.execute(text("SELECT * FROM touch_that_does_not_exist")).all()

    module.touches_due = touches_due
    monkeypatch.setitem(sys.modules, "fake_campaigns", module)
    assert touches_due_today(db, DAY, provider="fake_campaigns:touches_due") == []


def test_provider_rows_become_touches(db, monkeypatch) -> None:
    module = types.ModuleType("fake_campaigns")
    module.touches_due = lambda database, day: [
        {"account_id": 3, "account_name": "Acme", "person": "Priya Raman", "channel": "email",
         "step": "Day 1", "stakeholder_id": 7, "id": 11},
        types.SimpleNamespace(account_id=4, account_name="Globex", person="Tom", channel="phone"),
        {"account_name": "no account id"},
    ]
    monkeypatch.setitem(sys.modules, "fake_campaigns", module)
    touches = touches_due_today(db, DAY, provider="fake_campaigns:touches_due")
    assert [(t.account_id, t.person, t.channel, t.stakeholder_id, t.touch_id) for t in touches] \
        == [(3, "Priya Raman", "email", 7, 11), (4, "Tom", "phone", None, None)]
