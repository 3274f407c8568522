"""Research and refresh from the window: background jobs with progress and Cancel.

The pipeline is the core's (`workbench.research.pipeline`); this room only starts it
through the job runner, shows its progress in the status bar and reports the result.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStatusBar,
    QWidget,
)

from ui import settings
from ui.jobs import Job, JobRunner
from workbench.storage.database import Database


class ResearchProgress(QWidget):
    """The status-bar strip: what is being fetched, a progress bar and Cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(objectName="research_label")
        self.bar = QProgressBar(objectName="research_bar", maximumWidth=160, textVisible=False)
        self.cancel = QPushButton("Cancel", objectName="research_cancel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.hide()

    def on_progress(self, done: int, total: int, message: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        self.label.setText(message[:80])


class ResearchActions(QObject):
    """Starts research of the selected account in the background.

    Signals:
        finished(int, object): account id and the run's summary (or the exception).
        status_message(str): a line for the status bar.
    """

    finished = Signal(int, object)
    status_message = Signal(str)

    def __init__(self, db: Database, runner: JobRunner, status_bar: QStatusBar,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.account_id: int | None = None
        self.job: Job | None = None
        self.strip = ResearchProgress()
        status_bar.addPermanentWidget(self.strip)
        self.strip.cancel.clicked.connect(self.on_cancel)
        self.research_action = QAction("&Research website", self, objectName="research")
        self.research_action.setShortcut(QKeySequence("Ctrl+R"))
        self.research_action.setStatusTip("Read the company's pages and news again (uses the "
                                          "network)")
        self.research_action.triggered.connect(self.on_research)
        self.cancel_action = QAction("&Cancel research", self, objectName="cancel_research")
        self.cancel_action.setShortcut(QKeySequence("Esc"))
        self.cancel_action.triggered.connect(self.on_cancel)
        self.settings_action = QAction("Research &settings…", self, objectName="research_settings")
        self.settings_action.setStatusTip("How many full articles each research run reads")
        self.settings_action.triggered.connect(self.on_settings)
        self.set_account(None)

    def set_account(self, account_id: int | None) -> None:
        self.account_id = account_id
        self._update()

    def _update(self) -> None:
        busy = self.job is not None
        self.research_action.setEnabled(self.account_id is not None and not busy)
        self.cancel_action.setEnabled(busy)
        self.strip.setVisible(busy)

    def on_research(self) -> None:
        if self.account_id is None or self.job is not None:
            return
        account_id, db = self.account_id, self.db
        articles = settings.article_budget()  # read here, on the main thread

        def work(progress: Any, cancel: Any) -> Any:
            from workbench.research.pipeline import run_research

            return run_research(db, account_id, progress=progress, cancel=cancel,
                                articles=articles)

        job = Job("research", work)
        job.progress.connect(self.strip.on_progress)
        job.succeeded.connect(lambda summary: self.on_done(account_id, summary))
        job.failed.connect(lambda exc: self.on_done(account_id, exc))
        self.job = job
        self.strip.on_progress(0, 0, "Starting research…")
        self._update()
        self.runner.start(job)

    def on_settings(self) -> None:
        from ui.research.research_settings import ResearchSettingsDialog

        parent = self.parent()
        dialog = ResearchSettingsDialog(parent if isinstance(parent, QWidget) else None)
        dialog.exec()
        dialog.deleteLater()

    def on_cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.strip.label.setText("Cancelling…")

    def on_done(self, account_id: int, result: object) -> None:
        self.job = None
        self._update()
        if isinstance(result, BaseException):
            self.status_message.emit("Research failed.")
        else:
            lines = getattr(result, "lines", None)
            text = "; ".join(lines()[:2]) if callable(lines) else "Research finished."
            self.status_message.emit(text)
        self.finished.emit(account_id, result)
