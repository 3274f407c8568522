"""The territory's menu actions and views in the main window: search, signals, Today.

The main window creates one `TerritoryActions` and calls it at a few commented
places; everything else about the territory lives in this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from ui.territory.navigate import open_target

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.territory.search_dialog import SearchDialog


class TerritoryActions(QObject):
    """Owns the search dialog, the Today view and the Signals view of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.search_dialog: SearchDialog | None = None
        self.search_action = QAction("Search &everything…", window, objectName="search_everything")
        self.search_action.setShortcut(QKeySequence("Ctrl+K"))
        self.search_action.setStatusTip("Search accounts, people, news, pages, calls and notes")
        self.search_action.triggered.connect(self.on_search)
        window.addAction(self.search_action)
        self.view_actions: list[QAction] = []

    def on_search(self) -> None:
        if self.search_dialog is None:
            from ui.territory.search_dialog import SearchDialog

            self.search_dialog = SearchDialog(self.window.db, self.window)
            self.search_dialog.open_requested.connect(self.on_open_target)
        self.search_dialog.query.selectAll()
        self.search_dialog.query.setFocus()
        self.search_dialog.show()

    def on_open_target(self, target: object) -> None:
        open_target(self.window, target)  # type: ignore[arg-type]

    def on_first_load(self) -> None:
        """After the first paint."""

    def on_close(self) -> None:
        """The window closes."""
