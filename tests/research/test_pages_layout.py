"""At the default window size (1320×820) the Pages tab's list shows every column whole."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.campaigns.test_layout import assert_columns_whole, window  # noqa: F401 - fixture
from ui.main_window import MainWindow


def test_the_pages_list_fits_the_default_window(window: MainWindow) -> None:  # noqa: F811
    window.show_workspace()
    pane = window.workspace.pane("PagesTab")
    window.workspace.setCurrentIndex(window.workspace.indexOf(pane.parentWidget()))
    QApplication.processEvents()
    assert pane.pages_model.rows  # the demo's five pages
    assert_columns_whole(pane.pages_view)
