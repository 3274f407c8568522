"""Checks for the default window size (1320×820): the demo's window, a pane opened in it,
and whether buttons and table columns are shown whole."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QPushButton, QTableView, QWidget

from ui.main_window import MainWindow
from workbench.demo import load_demo
from workbench.storage.database import Database

DEFAULT_SIZE = (1320, 820)


def demo_window(qtbot: Any, db: Database) -> MainWindow:
    """The main window on the demo account, at the default size, shown."""
    load_demo(db)
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.resize(*DEFAULT_SIZE)
    win.show()
    qtbot.waitUntil(lambda: win.current_account_id() is not None)
    return win


def open_pane(window: MainWindow, cls: str) -> Any:
    """Show the workspace (the window opens on Today once there is data) on a pane."""
    window.show_workspace()
    pane = window.workspace.pane(cls)
    window.workspace.setCurrentIndex(window.workspace.indexOf(pane.parentWidget()))
    QApplication.processEvents()
    return pane


# A button flush with the window's edge reads as cut off: keep this much air beside it.
EDGE = 4


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
