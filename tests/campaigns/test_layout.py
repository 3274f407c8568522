"""At the default window size (1320×820) the Campaigns tab shows every button and column whole."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.layout_checks import assert_buttons_whole, assert_columns_whole, demo_window, open_pane
from ui.campaigns.today_window import TodaysTouchesWindow
from ui.main_window import MainWindow
from workbench.demo import load_demo
from workbench.storage.database import Database


@pytest.fixture
def window(qtbot, db: Database) -> MainWindow:
    return demo_window(qtbot, db)


def test_campaigns_tab_fits_the_default_window(window: MainWindow) -> None:
    pane = open_pane(window, "CampaignsTab")
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
