"""The small things a rep notices: file names, folders, default times, the filter box."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from ui.documents import documents_dir
from ui.main_window import MainWindow
from workbench import accounts
from workbench.demo import load_demo
from workbench.prep import calls
from workbench.storage.database import Database


@pytest.fixture
def window(qtbot, db: Database) -> MainWindow:
    load_demo(db)
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.current_account_id() is not None)
    return win


def _capture_save_dialog(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def fake(_parent, _title, start, _filter="", *args, **kwargs):  # noqa: ANN001
        asked.append(start)
        return "", ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


def test_export_pdf_suggests_account_kind_and_date_in_documents(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _capture_save_dialog(monkeypatch)
    tab = window.workspace.pane("CallsTab")
    tab.pdf_button.click()
    assert Path(asked[0]).parent == documents_dir()
    call_id = tab.current_call_id()
    assert call_id is not None
    # The demo's dates move with today, so the expected day is the shown call's own.
    day = calls.call_fields(window.db, call_id)["scheduled_at"].astimezone()
    assert Path(asked[0]).name == f"harbor-lane-logistics-demo-{day:%Y-%m-%d}.pdf"


def test_account_export_opens_in_the_documents_folder(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _capture_save_dialog(monkeypatch)
    window.safety.export_action.trigger()
    assert Path(asked[0]).parent == documents_dir()
    assert Path(asked[0]).name == "Harbor-Lane-Logistics.json"


@pytest.mark.parametrize(("now", "expected"), [
    ("2026-12-02 10:20", "2026-12-02 11:00"),  # Wednesday morning: the next hour
    ("2026-12-02 16:30", "2026-12-03 09:00"),  # after the last slot: next morning
    ("2026-12-04 18:00", "2026-12-07 09:00"),  # Friday evening: Monday
    ("2026-12-05 11:00", "2026-12-07 09:00"),  # Saturday: Monday
    ("2026-12-07 06:10", "2026-12-07 09:00"),  # early Monday: nine o'clock
])
def test_a_new_call_defaults_to_the_next_working_hour(now: str, expected: str) -> None:
    local_now = datetime.fromisoformat(now).astimezone()
    got = calls.next_working_hour(local_now).astimezone()
    assert got.strftime("%Y-%m-%d %H:%M") == expected
    assert got.tzinfo is not None and calls.next_working_hour(local_now).tzinfo == UTC


def test_the_new_call_button_schedules_the_next_working_hour(window: MainWindow,
                                                             db: Database) -> None:
    tab = window.workspace.pane("CallsTab")
    tab.new_button.click()
    fields = calls.call_fields(db, tab.current_call_id())
    assert fields["scheduled_at"] == calls.next_working_hour()
    assert tab.editor.scheduled.isChecked()


def test_the_filter_keeps_the_selected_account_and_esc_clears_it(
        qtbot, window: MainWindow, db: Database) -> None:
    accounts.create_account(db, "Acme Robotics", "acme.example")
    accounts.create_account(db, "Harbor Freight Tools", "harborfreight.example")
    window.reload_accounts()
    harbor = accounts.find_account(db, "harborlane.example").id
    window.select_account(harbor)
    qtbot.keyClicks(window.filter, "harb")
    assert window.current_account_id() == harbor  # still chosen while the list narrows
    assert window.workspace.account_id == harbor
    window.filter.clear()
    qtbot.keyClicks(window.filter, "acme")  # hides the account being worked on
    assert window.model.rowCount() == 1
    assert window.workspace.account_id == harbor  # its workspace stays, not emptied
    qtbot.keyClick(window.filter, Qt.Key.Key_Escape)
    assert window.filter.text() == ""
    assert window.model.rowCount() == 3
    assert window.current_account_id() == harbor
