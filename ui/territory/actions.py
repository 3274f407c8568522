"""The territory's menu actions and views in the main window: search, signals, Today.

The main window creates one `TerritoryActions` and calls it at a few commented
places; everything else about the territory lives in this package. Today and
Signals are top-level views beside the account list and workspace (the window's
central stack), built the first time they are shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from ui.changes import bus_for
from ui.territory.navigate import open_target
from workbench.today import has_data
from workbench.workbook import Workbook

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.territory.search_dialog import SearchDialog
    from ui.territory.signals_view import SignalsView
    from ui.territory.today_view import TodayView


class TerritoryActions(QObject):
    """Owns the search dialog, the Today view and the Signals view of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.search_dialog: SearchDialog | None = None
        self.today: TodayView | None = None
        self.signals: SignalsView | None = None
        self.search_action = self._action("Search &everything…", "Ctrl+K", "search_everything",
                                          "Search accounts, people, news, pages, calls and notes",
                                          self.on_search)
        self.today_action = self._action("&Today", "Ctrl+1", "show_today",
                                         "Calls, new signals, touches due and people gone quiet",
                                         self.show_today)
        self.signals_action = self._action("&Signals", "Ctrl+2", "show_signals",
                                           "Trigger events across the territory, ranked",
                                           self.show_signals)
        self.accounts_action = self._action("&Accounts", "Ctrl+0", "show_accounts",
                                            "The account list and the account's workspace",
                                            window.show_workspace)
        self.view_actions = [self.today_action, self.signals_action, self.accounts_action]
        from ui.territory.background_refresh import BackgroundRefresh

        self.background = BackgroundRefresh(window.db, window.jobs, window.statusBar(), window)
        self.background.status_message.connect(window.on_status_message)
        self.background.round_finished.connect(lambda _result: self.on_refreshed())
        self.schedule_action = QAction("Background &refresh…", window, objectName="schedule")
        self.schedule_action.setStatusTip("Refresh accounts on a schedule: tier A daily, "
                                          "tier B weekly…")
        self.schedule_action.triggered.connect(self.on_schedule)
        # For the Account menu.
        self.refresh_actions = [self.schedule_action, self.background.now_action,
                                self.background.cancel_action]

    def _action(self, text: str, shortcut: str, name: str, tip: str, slot: object) -> QAction:
        action = QAction(text, self.window, objectName=name)
        action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    # -- search --------------------------------------------------------------------------------
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

    # -- views ---------------------------------------------------------------------------------
    def today_view(self) -> TodayView:
        if self.today is None:
            from ui.territory.today_view import TodayView

            self.today = TodayView(self.window.db, self.window.views, self.window.jobs)
            self.today.open_requested.connect(self.on_open_target)
            self.today.signal_requested.connect(self.show_signal)
            self.today.accounts_requested.connect(self.window.show_workspace)
            self.today.touches_requested.connect(self.on_touches_requested)
            self.today.status_message.connect(self.window.on_status_message)
            self.window.views.addWidget(self.today)
        return self.today

    def signals_view(self) -> SignalsView:
        if self.signals is None:
            from ui.territory.signals_view import SignalsView

            self.signals = SignalsView(self.window.db, self.window.views, self.window.jobs)
            self.signals.open_requested.connect(self.on_open_target)
            self.signals.status_message.connect(self.window.on_status_message)
            self.window.views.addWidget(self.signals)
        return self.signals

    def show_today(self) -> None:
        view = self.today_view()
        view.reload()
        self.window.views.setCurrentWidget(view)

    def on_touches_requested(self) -> None:
        """Today shows the queue's head: its "more" link opens the whole queue."""
        from ui.campaigns.menu import open_todays_touches

        open_todays_touches(self.window)

    def show_signals(self) -> None:
        view = self.signals_view()
        view.reload()
        self.window.views.setCurrentWidget(view)

    def show_signal(self, signal_id: int) -> None:
        self.show_signals()
        assert self.signals is not None
        self.signals.select_signal(signal_id)

    def on_refreshed(self) -> None:
        """A background round finished: the list, the panes, Today and Signals hear of what
        it found on the change bus."""
        book = Workbook.of(self.window.db)
        bus_for(book).publish(book.research.refreshed(), None)

    def on_schedule(self) -> None:
        from ui.territory.schedule_dialog import ScheduleDialog

        dialog = ScheduleDialog(self.window)
        if dialog.exec():
            self.background.on_schedule_changed()

    def on_first_load(self) -> None:
        """After the first paint: Today opens by default once there is data; the background
        refresh starts its timer if the rep turned it on."""
        if has_data(self.window.db):
            self.show_today()
        self.background.on_schedule_changed()

    def on_close(self) -> None:
        """The window closes: a background round stops (the next start resumes it)."""
        self.background.timer.stop()
        self.background.cancel()
