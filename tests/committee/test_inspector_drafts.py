"""Stakeholder free-text fields (needs, plan, ...) keep a draft while the rep types: text
typed before a crash (focus never left the field) is back on the next start, and saved."""

from __future__ import annotations

import pytest
from PySide6.QtTest import QTest

from workbench.committee import stakeholders as service
from workbench.safety.drafts import DraftStore


@pytest.mark.sqlite_only("drafts are kept in a folder beside the SQLite file")
def test_needs_typed_before_a_crash_come_back(qtbot, tab, db) -> None:
    from ui.committee_map.tab import CommitteeTab

    priya = next(p.id for p in tab.committee.people if p.name == "Priya Raman")
    tab.scene.select_ids([priya])
    needs = tab.inspector.texts["needs"]
    needs.moveCursor(needs.textCursor().MoveOperation.End)
    typed = needs.toPlainText() + " and a pilot in Columbus"
    with qtbot.waitSignal(tab.inspector.drafts["needs"].draft_saved, timeout=3000):
        QTest.keyClicks(needs, " and a pilot in Columbus")
    assert service.get_values(db, priya)["needs"] != typed  # not saved yet
    assert [d.text for d in DraftStore.for_database(db.path).pending()] == [typed]
    # The crash: a new tab (the next start) opens the same account and person.
    again = CommitteeTab(db, today=tab.today)
    qtbot.addWidget(again)
    again.set_account(tab.account_id)
    again.scene.select_ids([priya])
    assert again.inspector.texts["needs"].toPlainText() == typed
    assert service.get_values(db, priya)["needs"] == typed
    assert DraftStore.for_database(db.path).pending() == []
