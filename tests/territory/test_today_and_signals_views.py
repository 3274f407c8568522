"""Today and Signals through the window: Today opens by default once there is data, every
row jumps to where the rep acts, signals are seen, dismissed and muted, the brief saves."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.territory.signals_model import SignalIdRole, SignalsModel
from ui.territory.today_models import CallsModel
from workbench.demo import load_demo
from workbench.prep import calls
from workbench.signals import store
from workbench.storage.models import Stakeholder


@pytest.fixture
def demo(db):
    account_id = load_demo(db)
    # A call today with nothing prepared yet: its sheet has gaps.
    soon = datetime.now().astimezone().replace(hour=23, minute=0, second=0, microsecond=0)
    call_id = calls.create_call(db, account_id, scheduled_at=soon.astimezone(UTC))
    return {"account": account_id, "call": call_id}


@pytest.fixture
def window(db, qtbot: QtBot, demo) -> MainWindow:
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.territory.today is not None)
    _wait_for_the_day(qtbot, win)
    return win


def _wait_for_the_day(qtbot: QtBot, window: MainWindow) -> None:
    """Today reads in the window's worker: wait for the reading asked for last."""
    today = window.territory.today
    assert today is not None
    qtbot.waitUntil(lambda: today.data is not None and not today.reader.busy, timeout=20_000)


def _row_of(view, predicate) -> int:
    model = view.model()
    return next(i for i in range(model.rowCount()) if predicate(model, i))


def test_empty_database_opens_on_the_accounts(db, qtbot: QtBot) -> None:
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    qtbot.wait(50)
    assert win.territory.today is None
    assert win.views.currentWidget() is win.splitter


def test_today_opens_by_default_and_shows_the_day(window: MainWindow, demo) -> None:
    today = window.territory.today
    assert window.views.currentWidget() is today
    assert [c.call_id for c in today.calls_model.rows] == [demo["call"]]
    sheet = today.calls_model.index(0, 4).data()
    assert "no objective" in sheet and "no attendees" in sheet
    assert today.week_model.rowCount() == 1  # the demo's planned demo call
    assert today.signals_model.rowCount() >= 5
    scores = [r.score for r in today.signals_model.rows]
    assert scores == sorted(scores, reverse=True)
    names = [p.name for p in today.quiet_model.rows]
    # The demo's campaign has touched Dana Whitfield lately; the CFO was never contacted.
    assert "Priya Raman" in names and "Dana Whitfield" not in names
    assert today.touches_view.isVisibleTo(today)  # the demo's campaign has touches due
    assert today.touches_model.rowCount() >= 1
    assert "1 sheet with gaps" in today.summary.text()


def test_models_pass_the_model_tester(qtmodeltester, window: MainWindow) -> None:
    today = window.territory.today
    for model in (today.calls_model, today.signals_model, today.quiet_model,
                  today.touches_model):
        qtmodeltester.check(model)


def test_a_call_opens_on_the_calls_tab(window: MainWindow, demo) -> None:
    today = window.territory.today
    today.calls_view.activated.emit(today.calls_model.index(0, 0))
    assert window.views.currentWidget() is window.splitter
    pane = window.workspace.pane("CallsTab")
    assert window.workspace.currentWidget() is pane.parentWidget()
    assert pane.current_call_id() == demo["call"]


def test_a_quiet_person_opens_selected_on_the_map(window: MainWindow, db) -> None:
    today = window.territory.today
    row = _row_of(today.quiet_view, lambda m, i: m.rows[i].name == "Priya Raman")
    person = today.quiet_model.rows[row]
    today.quiet_view.activated.emit(today.quiet_model.index(row, 0))
    committee = window.workspace.pane("CommitteeTab")
    assert window.workspace.currentWidget() is committee.parentWidget()
    assert committee.scene.selected_ids() == [person.stakeholder_id]


def test_a_signal_opens_in_signals_then_its_story(window: MainWindow, db, qtbot) -> None:
    today = window.territory.today
    row = _row_of(today.signals_view, lambda m, i: m.rows[i].signal.kind == "funding")
    signal_id = today.signals_model.index(row, 0).data(SignalIdRole)
    today.signals_view.activated.emit(today.signals_model.index(row, 0))
    signals = window.territory.signals
    assert window.views.currentWidget() is signals
    assert signals.selected_id() == signal_id
    html = signals.detail.browser.toPlainText()
    assert "Why it ranks here" in html and "Sources (2)" in html
    assert store.signal_detail(db, signal_id).row.seen  # shown once: seen
    qtbot.mouseClick(signals.detail.open_button, Qt.MouseButton.LeftButton)
    news = window.workspace.pane("NewsTab")
    assert window.views.currentWidget() is window.splitter
    assert window.workspace.currentWidget() is news.parentWidget()
    detail = store.signal_detail(db, signal_id)
    assert news.selected_id() == detail.sources[0].news_item_id


def test_a_page_signal_shows_its_diff_and_dismiss_and_mute(window: MainWindow, db,
                                                           qtbot: QtBot) -> None:
    window.territory.signals_action.trigger()
    signals = window.territory.signals
    row = _row_of(signals.table, lambda m, i: m.rows[i].signal.origin == "page")
    signals.table.selectRow(row)
    text = signals.detail.browser.toPlainText()
    assert "What changed on the page" in text and "George Albers" in text
    signal_id = signals.selected_id()
    signals.detail.dismiss_button.click()
    assert signals.model.row_of(signal_id) < 0
    signals.show_dismissed.setChecked(True)
    assert signals.model.row_of(signal_id) >= 0
    signals.show_dismissed.setChecked(False)
    row = _row_of(signals.table, lambda m, i: m.rows[i].signal.kind == "earnings")
    signals.table.selectRow(row)
    signals.detail.mute_button.click()
    assert all(r.signal.kind != "earnings" for r in signals.model.rows)
    window.territory.today_action.trigger()
    _wait_for_the_day(qtbot, window)
    assert all(r.signal.kind != "earnings" for r in window.territory.today.signals_model.rows)


def test_brief_saved_as_one_page_pdf_from_the_window(window: MainWindow, tmp_path: Path,
                                                     monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    out = tmp_path / "brief.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.territory.today.pdf_button.click()
    assert out.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    pages = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    assert pages.split()[-1] == "1"


def test_touches_section_shows_what_a_campaign_provider_returns(window, db, monkeypatch, qtbot,
                                                                demo) -> None:
    import workbench.today as today_module
    from workbench.territory.touches_hook import TouchDue, TouchesToday

    with db.session() as s:
        person = s.query(Stakeholder).filter_by(name="Priya Raman").one()
        person_id = person.id
    monkeypatch.setattr(today_module, "touches_today", lambda db, day: TouchesToday([
        TouchDue(demo["account"], "Harbor Lane Logistics", "Priya Raman", "phone",
                 "Day 3: call about the funding", person_id)], 1))
    window.territory.show_today()
    _wait_for_the_day(qtbot, window)
    today = window.territory.today
    assert today.touches_view.isVisibleTo(today)
    assert today.touches_model.index(0, 1).data() == "Priya Raman"
    today.touches_view.activated.emit(today.touches_model.index(0, 0))
    committee = window.workspace.pane("CommitteeTab")
    assert committee.scene.selected_ids() == [person_id]


def test_calls_model_marks_gaps(qtmodeltester) -> None:
    from workbench.today import CallItem

    model = CallsModel()
    when = datetime.now(UTC) + timedelta(hours=2)
    model.set_rows([CallItem(1, 1, "Acme", when, "discovery", "", ("no objective",)),
                    CallItem(2, 1, "Acme", when, "demo", "Show it", ())])
    qtmodeltester.check(model)
    assert model.index(0, 4).data().startswith("⚠") and model.index(1, 4).data() == "ready"
    assert SignalsModel().rowCount() == 0


def test_find_and_a_new_account_leave_today_for_the_accounts(window: MainWindow) -> None:
    assert window.views.currentWidget() is window.territory.today
    window.on_find()
    assert window.views.currentWidget() is window.splitter
    window.territory.today_action.trigger()
    assert window.views.currentWidget() is window.territory.today
    window.create_account("Globex", "globex.example")
    assert window.views.currentWidget() is window.splitter
