"""Background refresh of the territory on the rep's schedule, with progress, Cancel and a
desktop notification for new high-ranked signals (a few a day at most).

Off until the rep turns it on (Account ▸ Background refresh…). A timer looks every
few minutes whether accounts are due; a round runs through the window's job runner
(one road for background work) and never blocks the window. Closing the program
cancels the round; the next start resumes with the accounts still due.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStatusBar, QSystemTrayIcon, QWidget

from ui import settings
from ui.jobs import Job, JobRunner
from ui.research_actions import ResearchProgress
from workbench.signals.model import kind_label
from workbench.storage.database import Database
from workbench.territory.refresh_process import refresh_in_process
from workbench.territory.refresh_round import RefreshRound, refresh_due, to_notify
from workbench.territory.schedule import load_schedule

CHECK_INTERVAL_MS = 5 * 60 * 1000
FIRST_CHECK_MS = 30 * 1000  # not in the program's first seconds: let the rep start working
NOTIFIED_KEY = "territory/notified"


class Notifier(QObject):
    """Shows a desktop notification through the system tray, where there is one."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.tray: QSystemTrayIcon | None = None
        self.shown: list[tuple[str, str]] = []

    def available(self) -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def notify(self, title: str, text: str) -> None:
        self.shown.append((title, text))
        if not self.available():
            return
        if self.tray is None:
            parent = self.parent()
            assert isinstance(parent, QWidget)
            self.tray = QSystemTrayIcon(parent.windowIcon(), self)
            self.tray.show()
        self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)


class BackgroundRefresh(QObject):
    """Signals:
        round_finished(object): a `RefreshRound` (or the exception) after each round.
        status_message(str): a line for the status bar.
    """

    round_finished = Signal(object)
    status_message = Signal(str)

    def __init__(self, db: Database, runner: JobRunner, status_bar: QStatusBar,
                 window: QWidget, *, in_process: bool = True) -> None:
        super().__init__(window)
        self.db = db
        self.in_process = in_process
        self.runner = runner
        self.job: Job | None = None
        self.notifier = Notifier(window)
        self.strip = ResearchProgress()
        self.strip.setObjectName("background_refresh_strip")
        status_bar.addPermanentWidget(self.strip)
        self.strip.cancel.clicked.connect(self.cancel)
        self.timer = QTimer(self, interval=CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.on_timer)
        self.now_action = QAction("Refresh &due accounts now", window,
                                  objectName="refresh_due_now")
        self.now_action.setStatusTip("Refresh the accounts due on your schedule (uses the network)")
        self.now_action.triggered.connect(lambda: self.start(force=True))
        self.cancel_action = QAction("Cancel background refresh", window,
                                     objectName="cancel_background_refresh", enabled=False)
        self.cancel_action.triggered.connect(self.cancel)

    def on_schedule_changed(self) -> None:
        """Start or stop the timer as the schedule says (called at start and after the dialog)."""
        if load_schedule().enabled:
            if not self.timer.isActive():
                self.timer.start()
                QTimer.singleShot(FIRST_CHECK_MS, self.on_timer)
        else:
            self.timer.stop()

    def on_timer(self) -> None:
        if load_schedule().enabled:
            self.start()

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(self, force: bool = False) -> bool:
        """Start a round if none runs (and, unless forced, only when refresh is on)."""
        schedule = load_schedule()
        if self.job is not None or not (force or schedule.enabled):
            return False
        db = self.db
        articles = settings.article_budget()  # the rep's budget, read on the main thread

        def work(progress: Any, cancel: Any) -> RefreshRound:
            if not self.in_process:
                return refresh_due(db, progress, cancel, schedule=schedule, articles=articles)
            # In a process of its own: research's threads never take the window's
            # interpreter lock (see `workbench.territory.refresh_process`).
            return refresh_in_process(db, progress, cancel, schedule=schedule,
                                      articles=articles)

        job = Job("background refresh", work)
        job.progress.connect(self.strip.on_progress)
        job.succeeded.connect(self.on_done)
        job.failed.connect(self.on_done)
        self.job = job
        self.strip.on_progress(0, 0, "Background refresh: looking for accounts due…")
        self.strip.show()
        self.cancel_action.setEnabled(True)
        self.now_action.setEnabled(False)
        self.runner.start(job)
        return True

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.strip.label.setText("Cancelling the refresh; what is done is kept…")

    def on_done(self, result: object) -> None:
        self.job = None
        self.strip.hide()
        self.cancel_action.setEnabled(False)
        self.now_action.setEnabled(True)
        if isinstance(result, RefreshRound):
            state = "cancelled" if result.cancelled else "done"
            failed = f", {len(result.failed)} failed" if result.failed else ""
            self.status_message.emit(
                f"Background refresh {state}: {len(result.refreshed)} of {result.due} "
                f"account(s) refreshed{failed}, {len(result.new_signals)} new signal(s).")
            self.notify(result)
        else:
            self.status_message.emit("Background refresh failed (details in the log).")
        self.round_finished.emit(result)

    def notify(self, result: RefreshRound) -> None:
        """A desktop notification per new high-ranked signal, within the day's allowance."""
        store = settings.settings()
        today = date.today().isoformat()
        raw = store.value(NOTIFIED_KEY, "")
        day, _, count = str(raw or "").partition("=")
        sent = int(count) if day == today and count.isdigit() else 0
        chosen = to_notify(result.new_signals, sent, load_schedule().notify_per_day)
        for ranked in chosen:
            s = ranked.signal
            self.notifier.notify(f"{s.account_name}: {kind_label(s.kind)}", s.title)
        if chosen:
            store.setValue(NOTIFIED_KEY, f"{today}={sent + len(chosen)}")
