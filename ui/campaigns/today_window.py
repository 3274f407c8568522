"""The territory's "Today's touches": every account's touches due, in a window of its own."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from ui.campaigns.queue_view import QueueWidget
from workbench.storage.database import Database


class TodaysTouchesWindow(QDialog):
    """A non-modal window over the whole territory's queue.

    Signals:
        touch_logged(int): the account id of a touch just logged.
        status_message(str): what was done.
    """

    touch_logged = Signal(int)
    status_message = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Today's touches")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1200, 720)
        self.queue = QueueWidget(db, self, territory=True)
        self.note = QLabel()
        self.queue.status_message.connect(self.note.setText)
        self.queue.status_message.connect(self.status_message)
        self.queue.touch_logged.connect(lambda r: self.touch_logged.emit(r.account_id))
        layout = QVBoxLayout(self)
        layout.addWidget(self.queue, 1)
        layout.addWidget(self.note)
        QShortcut(QKeySequence("F5"), self, activated=self.queue.reload)
        self.queue.reload()
