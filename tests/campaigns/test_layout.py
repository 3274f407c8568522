"""At the default window size (1320×820) the Campaigns tab shows every button and column whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QPushButton, QTableView, QWidget

from ui.campaigns.today_window import TodaysTouchesWindow
from ui.main_window import MainWindow
from workbench.demo import load_demo
from workbench.storage.database import Database

# A button flush with the window's edge reads as cut off: keep this much air beside it.
EDGE = 4


@pytest.fixture
def window(qtbot, db: Database) -> MainWindow:
    load_demo(db)
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.resize(1320, 820)
    win.show()
    qtbot.waitUntil(lambda: win.current_account_id() is not None)
    return win


def _campaigns(window: MainWindow):
    window.show_workspace()
    pane = window.workspace.pane("CampaignsTab")
    window.workspace.setCurrentIndex(window.workspace.indexOf(pane.parentWidget()))
    QApplication.processEvents()
    return pane


def assert_buttons_whole(area: QWidget) -> None:
    """Every shown button has its full width and sits inside the window, off its edge."""
    top = area.window()
    shown = [b for b in area.findChildren(QPushButton) if b.isVisibleTo(top)]
    assert shown
    for button in shown:
        left = button.mapTo(top, QPoint(0, 0)).x()
        assert button.width() >= button.sizeHint().width(), button.text()
        assert left >= EDGE and left + button.width() <= top.width() - EDGE, \
            (button.text(), left, button.width(), top.width())
        assert button.visibleRegion().boundingRect() == button.rect(), button.text()


def assert_columns_whole(table: QTableView) -> None:
    """The last shown column ends inside the viewport: no column is cut off on the right."""
    header = table.horizontalHeader()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    last = shown[-1]
    assert not table.horizontalScrollBar().isVisible()
    assert header.sectionViewportPosition(last) >= 0
    assert header.sectionViewportPosition(last) + header.sectionSize(last) \
        <= table.viewport().width()
    for column in shown:  # and none squeezed to nothing
        assert header.sectionSize(column) >= 3 * table.fontMetrics().horizontalAdvance("M")


def test_campaigns_tab_fits_the_default_window(window: MainWindow) -> None:
    pane = _campaigns(window)
    assert pane.queue.model.count > 0 and pane.committee.model.rowCount() > 0
    assert_buttons_whole(pane)
    assert_columns_whole(pane.queue.tree)
    assert_columns_whole(pane.committee.table)
    # One account's queue does not repeat the account on every row.
    assert pane.queue.tree.isColumnHidden(1)


def test_todays_touches_window_fits_its_size(qtbot, db: Database) -> None:
    load_demo(db)
    touches = TodaysTouchesWindow(db)
    qtbot.addWidget(touches)
    touches.show()
    QApplication.processEvents()
    assert not touches.queue.tree.isColumnHidden(1)  # across the territory it names it
    assert_buttons_whole(touches)
    assert_columns_whole(touches.queue.tree)
