"""At the default window size (1320×820) nothing a rep needs is cut off or squeezed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.layout_checks import assert_columns_whole, demo_window, open_pane
from ui.main_window import MainWindow
from workbench.storage.database import Database


@pytest.fixture
def window(qtbot, db: Database) -> MainWindow:
    return demo_window(qtbot, db)


def test_calls_editor_fields_fit_and_the_preview_has_room(window: MainWindow) -> None:
    calls = open_pane(window, "CallsTab")
    scroll = calls.editor.parentWidget().parentWidget()  # the editor's scroll area
    # Every field ends inside the visible column (nothing cut on the right).
    right_edge = scroll.viewport().width()
    for line in calls.editor.lines.values():
        assert line.mapTo(calls.editor, line.rect().topRight()).x() <= right_edge
    assert calls.preview.width() >= 400, calls.preview.width()


def test_committee_inspector_does_not_scroll_sideways(window: MainWindow) -> None:
    committee = open_pane(window, "CommitteeTab")
    people = committee.committee.people
    committee.scene.select_ids([people[0].id])
    QApplication.processEvents()
    scroll = committee.inspector.stack.widget(1)
    assert not scroll.horizontalScrollBar().isVisible()
    for line in committee.inspector.lines.values():
        assert line.width() >= 150, line.width()


def test_account_list_name_column_stays_readable(window: MainWindow) -> None:
    em = window.list.fontMetrics().horizontalAdvance("M")
    assert window.list.columnWidth(0) >= 14 * em
    # Dragging the splitter narrower stops where the name would be squeezed.
    window.splitter.setSizes([120, 1200])
    QApplication.processEvents()
    assert window.list.columnWidth(0) >= 14 * em - 1
    assert not window.list.isColumnHidden(5)  # next call shows by default


def test_splitters_are_remembered(qtbot, db: Database, window: MainWindow) -> None:
    calls = open_pane(window, "CallsTab")
    calls.splitter.setSizes([700, 300])
    calls.splitter.splitterMoved.emit(700, 1)
    wanted = calls.splitter.sizes()
    again = MainWindow(db)
    qtbot.addWidget(again)
    again.resize(1320, 820)
    again.show()
    qtbot.waitUntil(lambda: again.current_account_id() is not None)  # loaded after its paint
    other = open_pane(again, "CallsTab")
    assert other.splitter.sizes() == wanted


def test_the_pages_list_shows_every_column_whole(window: MainWindow) -> None:
    pages = open_pane(window, "PagesTab")
    assert pages.pages_model.rows  # the demo's five pages
    assert_columns_whole(pages.pages_view)
