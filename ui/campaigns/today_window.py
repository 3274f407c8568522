"""The territory's "Today's touches": every account's touches due, in a window of its own.

What the rep logs or skips here is published on the change bus (the Committee and
Campaigns tabs of that account refresh from it); what others publish about campaigns or
committees re-reads the queue here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from ui.campaigns.queue_view import QueueWidget
from ui.changes import bus_for
from ui.jobs import JobRunner
from workbench.storage.database import Database
from workbench.workbook import Changes, Workbook
from workbench.workbook.changes import ACCOUNTS, CAMPAIGNS, COMMITTEE, SIGNALS

# What the territory's queue shows: touches (campaigns), people (committee), accounts, and
# the touches signals propose.
_SHOWS = (CAMPAIGNS, COMMITTEE, ACCOUNTS, SIGNALS)


class TodaysTouchesWindow(QDialog):
    """A non-modal window over the whole territory's queue.

    Signals:
        status_message(str): what was done.
    """

    status_message = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None,
                 runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Today's touches")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1200, 720)
        self.bus = bus_for(Workbook.of(db))
        # With the window's runner, a logged touch is written in its worker.
        self.queue = QueueWidget(db, self, territory=True, runner=runner)
        self.note = QLabel()
        self.queue.status_message.connect(self.note.setText)
        self.queue.status_message.connect(self.status_message)
        self.queue.wrote.connect(lambda changes: self.bus.publish(changes, self))
        self.bus.changed.connect(self.on_changes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.queue, 1)
        layout.addWidget(self.note)
        QShortcut(QKeySequence("F5"), self, activated=self.queue.reload)
        self.queue.reload()

    def on_changes(self, changes: Changes, source: object) -> None:
        """Someone else changed campaigns or people: re-read the queue if it is shown."""
        if source is self or not self.isVisible():
            return
        if changes.external or changes.areas.intersection(_SHOWS):
            self.queue.reload()
