"""The workspace of one account: tabs for Overview, Pages, News, Committee and Calls."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QTabWidget, QWidget

from ui.calls.tab import CallsTab
from ui.committee_map.tab import CommitteeTab
from ui.overview_pane import OverviewPane
from ui.research.news_tab import NewsTab
from ui.research.pages_tab import PagesTab
from workbench.storage.database import Database


class Workspace(QTabWidget):
    """Hosts one tab per area; each tab follows the selected account.

    Signals:
        status_message(str): a note for the status bar from any tab.
        error(object): an exception a tab could not handle itself.
    """

    status_message = Signal(str)
    error = Signal(object)

    def __init__(self, db: Database, undo_group: QUndoGroup, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDocumentMode(True)
        self.undo_group = undo_group
        self.overview = OverviewPane(db, self)
        self.overview.status_message.connect(self.status_message)
        self.overview.error.connect(self.error)
        self.addTab(self.overview, "&Overview")
        self.panes: list[QWidget] = [self.overview]
        self.pages = PagesTab(db, self)
        self._add_pane(self.pages, "&Pages")
        self.news = NewsTab(db, self)
        self._add_pane(self.news, "&News")
        self.committee = CommitteeTab(db, self)
        self._add_pane(self.committee, "&Committee")
        # A person added from the Pages tab appears on the map at once.
        self.pages.committee_changed.connect(self.committee.set_account)
        self.calls = CallsTab(db, self)
        self._add_pane(self.calls, "C&alls")
        for pane in self.panes:
            stack = getattr(pane, "undo_stack", None)
            if stack is not None:
                undo_group.addStack(stack)
        self.currentChanged.connect(self.on_tab_changed)
        self.on_tab_changed(0)

    def _add_pane(self, pane: QWidget, title: str) -> None:
        pane.status_message.connect(self.status_message)  # type: ignore[attr-defined]
        self.addTab(pane, title)
        self.panes.append(pane)

    def set_account(self, account_id: int | None) -> None:
        for pane in self.panes:
            pane.set_account(account_id)  # type: ignore[attr-defined]

    def on_tab_changed(self, index: int) -> None:
        stack = getattr(self.widget(index), "undo_stack", None)
        self.undo_group.setActiveStack(stack)

    def flush(self) -> None:
        """Save anything typed but not yet saved (before switching or quitting)."""
        self.overview.flush_notes()
        self.calls.flush()
