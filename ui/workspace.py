"""The workspace of one account: tabs for Overview, Pages, News, Committee and Calls.

Only the Overview is built at start-up; each other tab is built (and its module
imported) the first time the rep opens it, so the window paints fast. Every pane
follows the pane contract (`ui.pane`): the workspace hands each the selected account,
every broadcast change, and a flush before switching; it knows no pane by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QStackedLayout, QTabWidget, QWidget

from ui.changes import bus_for
from ui.jobs import JobRunner
from ui.overview_pane import OverviewPane
from workbench.storage.database import Database
from workbench.workbook import Changes, Workbook

# (key, tab title, module, class): built on first use. The key names the tab to other
# parts of the window (a search hit opens "committee"), so they never name a class.
LAZY_PANES = (
    ("pages", "&Pages", "ui.research.pages_tab", "PagesTab"),
    ("news", "&News", "ui.research.news_tab", "NewsTab"),
    ("committee", "&Committee", "ui.committee_map.tab", "CommitteeTab"),
    ("calls", "C&alls", "ui.calls.tab", "CallsTab"),
    ("campaigns", "Ca&mpaigns", "ui.campaigns.tab", "CampaignsTab"),
)


class _Slot(QWidget):
    """Holds a tab's place until the pane itself is built into it."""

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.factory = factory
        self.pane: QWidget | None = None
        self.setLayout(QStackedLayout())

    def build(self) -> QWidget:
        if self.pane is None:
            self.pane = self.factory()
            self.layout().addWidget(self.pane)
        return self.pane


class Workspace(QTabWidget):
    """Hosts one tab per area; each tab follows the selected account.

    Signals:
        status_message(str): a note for the status bar from any tab.
        error(object): an exception a tab could not handle itself.
    """

    status_message = Signal(str)
    error = Signal(object)

    def __init__(self, db: Database, undo_group: QUndoGroup, parent: QWidget | None = None,
                 *, runner: JobRunner | None = None):
        super().__init__(parent)
        self.db = db
        self.runner = runner  # the window's: every pane runs its background work on it
        self.setDocumentMode(True)
        self.undo_group = undo_group
        self.account_id: int | None = None
        self.overview = OverviewPane(db, self)
        self.overview.status_message.connect(self.status_message)
        self.overview.error.connect(self.error)
        undo_group.addStack(self.overview.undo_stack)
        self.addTab(self.overview, "&Overview")
        self._slots: dict[str, _Slot] = {}
        self._keys: dict[str, str] = {}
        for key, title, module, cls in LAZY_PANES:
            slot = _Slot(lambda m=module, c=cls: self._make_pane(m, c), self)
            self._slots[cls] = slot
            self._keys[key] = cls
            self.addTab(slot, title)
        self.currentChanged.connect(self.on_tab_changed)
        self.on_tab_changed(0)
        bus_for(Workbook.of(db)).changed.connect(self.on_changes)

    def _make_pane(self, module: str, cls: str) -> QWidget:
        pane: QWidget = getattr(importlib.import_module(module), cls)(
            self.db, runner=self.runner)
        pane.status_message.connect(self.status_message)  # type: ignore[attr-defined]
        stack = getattr(pane, "undo_stack", None)
        if stack is not None:
            self.undo_group.addStack(stack)
        pane.set_account(self.account_id)  # type: ignore[attr-defined]
        return pane

    def pane(self, cls: str) -> QWidget:
        """The pane of that class, built now if the rep has not opened its tab yet."""
        return self._slots[cls].build()

    @property
    def pane_keys(self) -> frozenset[str]:
        return frozenset(self._keys)

    def show_pane(self, key: str) -> QWidget:
        """Bring the tab of that key ("pages", "committee", ...) to the front; its pane."""
        pane = self.pane(self._keys[key])
        self.setCurrentWidget(pane.parentWidget())
        return pane

    @property
    def built_panes(self) -> list[QWidget]:
        return [self.overview] + [s.pane for s in self._slots.values() if s.pane is not None]

    def set_account(self, account_id: int | None) -> None:
        self.account_id = account_id
        for pane in self.built_panes:
            pane.set_account(account_id)  # type: ignore[attr-defined]

    def on_changes(self, changes: Changes, source: object) -> None:
        """Hand a broadcast change to every built pane; each refreshes what it shows."""
        for pane in self.built_panes:
            try:
                pane.on_changes(changes, source)  # type: ignore[attr-defined]
            except Exception as exc:  # noqa: BLE001 - one pane's fault must not stop the rest
                self.error.emit(exc)

    def on_tab_changed(self, index: int) -> None:
        widget = self.widget(index)
        if isinstance(widget, _Slot):
            cls = next(c for c, s in self._slots.items() if s is widget)
            widget = self.pane(cls)
        self.undo_group.setActiveStack(getattr(widget, "undo_stack", None))

    def flush(self) -> None:
        """Save anything typed but not yet saved (before switching or quitting)."""
        for pane in self.built_panes:
            pane.flush()  # type: ignore[attr-defined]
