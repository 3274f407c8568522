"""A signal's proposed touch waits above the queue; the rep accepts it (it joins the queue)
or declines it (nothing is enrolled), by button or key, and every pane hears of it."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from tests.campaigns.conftest import Committee
from ui.campaigns.tab import CampaignsTab
from ui.campaigns.today_window import TodaysTouchesWindow
from ui.changes import bus_for
from workbench.campaigns import enrolment
from workbench.signals.produce import produce_signals
from workbench.signals.proposals import ACCEPTED, DECLINED, proposals
from workbench.storage.database import Database
from workbench.storage.models import Enrolment, NewsItem, NewsTrigger
from workbench.workbook import Workbook
from workbench.workbook.changes import CAMPAIGNS, SIGNALS

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # a Monday
EVIDENCE = "Northwind Freight closed a $40 million Series C led by Harbor Ventures."


def _funding_news(db: Database, account_id: int) -> None:
    with db.session() as session:
        item = NewsItem(account_id=account_id, dedupe_key="series-c", title=EVIDENCE,
                        url="https://northwind.example/news/series-c", published_at=NOW)
        item.triggers = [NewsTrigger(kind="funding", evidence=EVIDENCE)]
        session.add(item)
    assert produce_signals(db, account_id, now=NOW).proposal_signal_ids


def _tab(qtbot, db: Database, account_id: int) -> CampaignsTab:
    tab = CampaignsTab(db)
    qtbot.addWidget(tab)
    tab.set_account(account_id)
    tab.queue.reload(NOW.date())
    tab.show()
    return tab


def _enrolments(db: Database) -> int:
    with db.session() as session:
        return session.query(Enrolment).count()


def test_accepting_a_proposal_puts_its_touch_in_the_queue(
        qtbot, db: Database, committee: Committee) -> None:
    _funding_news(db, committee.account_id)  # no campaign yet: one touch for the champion
    tab = _tab(qtbot, db, committee.account_id)
    panel = tab.queue.proposals
    assert panel.isVisible() and panel.model.rowCount() == 1
    assert tab.queue.model.count == 0
    assert "Cai Champion" in panel.model.index(0, 0).data()
    assert EVIDENCE in panel.model.index(0, 2).data()
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(0, 1))
    assert EVIDENCE in tab.queue.script.toPlainText()  # what the rep would say, shown
    heard = []
    bus_for(Workbook.of(db)).changed.connect(lambda c, s: heard.append((c, s)))

    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)

    assert not panel.isVisible() and panel.model.rowCount() == 0
    assert tab.queue.model.count == 1
    touch = tab.queue.current()
    assert touch is not None and touch.stakeholder_id == committee.champion
    assert EVIDENCE in touch.script
    assert proposals(db) == [] and [p.state for p in proposals(db, state=None)] == [ACCEPTED]
    changes, source = heard[-1]
    assert source is tab and {CAMPAIGNS, SIGNALS} <= changes.areas
    assert changes.account_id == committee.account_id
    # The committee below shows the new campaign at once.
    champion = next(r for r in tab.committee.model.rows if r.stakeholder_id == committee.champion)
    assert champion.state == "active"


def test_accepting_by_key_restarts_a_stopped_campaign(
        qtbot, db: Database, committee: Committee) -> None:
    for eid in enrolment.enrol(db, committee.account_id, start=NOW.date()).enrolment_ids:
        enrolment.stop(db, eid, "no answer after three weeks")
    _funding_news(db, committee.account_id)
    tab = _tab(qtbot, db, committee.account_id)
    panel = tab.queue.proposals
    assert tab.queue.model.count == 0 and panel.model.rows[0].proposal.action == "restart"
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_A)
    assert panel.model.rowCount() == 0
    due = [tab.queue.model.rows[r] for r in range(tab.queue.model.rowCount())
           if tab.queue.model.touch(tab.queue.model.index(r, 0)) is not None]
    assert due and {t.stakeholder_id for t in due} >= {committee.champion}
    assert EVIDENCE in tab.queue.filled(due[0]).script


def test_declining_dismisses_it_and_enrols_no_one(
        qtbot, db: Database, committee: Committee) -> None:
    _funding_news(db, committee.account_id)
    tab = _tab(qtbot, db, committee.account_id)
    panel = tab.queue.proposals
    before = _enrolments(db)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_D)
    assert not panel.isVisible()
    assert _enrolments(db) == before and tab.queue.model.count == 0
    assert [p.state for p in proposals(db, state=None)] == [DECLINED]
    # Declined stays declined: a new tab shows nothing proposed.
    assert not _tab(qtbot, db, committee.account_id).queue.proposals.isVisible()


def test_the_territory_window_offers_the_proposals_of_every_account(
        qtbot, db: Database, committee: Committee) -> None:
    _funding_news(db, committee.account_id)
    window = TodaysTouchesWindow(db)
    qtbot.addWidget(window)
    window.queue.reload(NOW.date())
    window.show()
    panel = window.queue.proposals
    assert panel.isVisible() and panel.model.index(0, 1).data() == "Northwind Freight"
    assert not panel.table.isColumnHidden(1)
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    assert window.queue.model.count == 1 and "Touch added" in window.note.text()
