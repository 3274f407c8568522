"""The Campaigns tab and Today's touches follow the pane contract: writes reach every pane
through the change bus, never by naming a pane."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from ui.campaigns.queue_view import QueueWidget
from ui.campaigns.tab import CampaignsTab
from ui.changes import bus_for
from ui.committee_map.tab import CommitteeTab
from workbench.committee.coverage import NEVER_CONTACTED
from workbench.demo import load_demo
from workbench.storage.database import Database
from workbench.vocabulary import Channel, Outcome
from workbench.workbook import Changes, Workbook
from workbench.workbook.changes import CAMPAIGNS, COMMITTEE


@pytest.fixture
def demo(db: Database) -> int:
    return load_demo(db)


def _heard(db: Database) -> list[tuple[Changes, object]]:
    heard: list[tuple[Changes, object]] = []
    bus_for(Workbook.of(db)).changed.connect(lambda c, s: heard.append((c, s)))
    return heard


def test_a_logged_touch_names_campaigns_and_committee(db: Database, demo: int) -> None:
    book = Workbook.of(db)
    person = book.committee.load(demo).people[0]
    changes = book.campaigns.log_touch(person.id, Channel.PHONE, Outcome.CONNECTED)
    assert changes.account_id == demo
    assert {CAMPAIGNS, COMMITTEE} <= changes.areas
    assert ("stakeholder", person.id) in changes.ids
    assert changes.result.last_contact == date.today()


def test_a_keystroke_in_the_tab_reaches_the_committee_map_on_the_bus(
        qtbot, db: Database, demo: int) -> None:
    tab = CampaignsTab(db)
    committee = CommitteeTab(db)
    for widget in (tab, committee):
        qtbot.addWidget(widget)
        widget.set_account(demo)
        bus_for(Workbook.of(db)).changed.connect(widget.on_changes)  # as the workspace does
    heard = _heard(db)
    tab.show()
    first = tab.queue.current()
    assert first is not None
    never = {f.code: f for f in committee.coverage_panel.coverage.flags}.get(NEVER_CONTACTED)
    was_never = never is not None and first.stakeholder_id in never.stakeholder_ids
    before = tab.queue.model.count
    tab.queue.tree.setFocus()
    qtbot.keyClick(tab.queue.tree, Qt.Key.Key_V if first.channel is Channel.PHONE
                   else Qt.Key.Key_S)
    assert tab.queue.model.count == before - 1
    assert [s for _c, s in heard] == [tab]
    changes = heard[0][0]
    assert changes.touches(demo, COMMITTEE)
    # The map re-read from the broadcast: the person is no longer "never contacted".
    flags = {f.code: f for f in committee.coverage_panel.coverage.flags}
    if was_never:
        assert NEVER_CONTACTED not in flags \
            or first.stakeholder_id not in flags[NEVER_CONTACTED].stakeholder_ids
    row = next(r for r in tab.committee.model.rows if r.stakeholder_id == first.stakeholder_id)
    assert "since" in row.touches


def test_the_tab_rereads_when_someone_else_enrols(qtbot, db: Database) -> None:
    from workbench.vocabulary import Role

    book = Workbook.of(db)
    account = book.accounts.create("Acme", "acme.example", tier="C").result
    book.committee.add(account, "Ann Champion", role=Role.CHAMPION, email="ann@acme.example")
    tab = CampaignsTab(db)
    qtbot.addWidget(tab)
    tab.set_account(account)
    assert tab.committee.model.rows[0].state == ""
    changes = book.campaigns.enrol(account, start=date.today())
    tab.on_changes(changes, None)
    assert tab.committee.model.rows[0].state == "active"


def test_todays_touches_publishes_what_it_logs(qtbot, db: Database, demo: int) -> None:
    from ui.campaigns.today_window import TodaysTouchesWindow

    window = TodaysTouchesWindow(db)
    qtbot.addWidget(window)
    heard = _heard(db)
    window.show()
    touch = window.queue.current()
    assert touch is not None
    logged = window.queue.log_current(Outcome.SENT if touch.channel.physical
                                      else Outcome.CONNECTED)
    assert logged is not None and logged.account_id == touch.account_id
    assert [(c.account_id, s) for c, s in heard] == [(touch.account_id, window)]


def test_queue_widget_emits_no_class_name_signal() -> None:
    assert not hasattr(QueueWidget, "touch_logged")
    assert not hasattr(CampaignsTab, "touch_logged")
