"""The Campaigns tab: the account's touches due, its enrolled committee, and the templates."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from ui.campaigns.committee_view import CommitteeCampaignView
from ui.campaigns.queue_view import QueueWidget
from ui.campaigns.template_editor import TemplateEditor
from workbench.accounts import get_account
from workbench.storage.database import Database


class CampaignsTab(QWidget):
    """The workspace tab for one account's campaigns.

    Signals:
        status_message(str): something to show in the status bar.
        touch_logged(int): an account id whose people's last contact may have changed.
    """

    status_message = Signal(str)
    touch_logged = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.account_id: int | None = None
        self.undo_stack = None
        self.queue = QueueWidget(db, self)
        self.committee = CommitteeCampaignView(db, self)
        self.templates = TemplateEditor(db, self)
        for pane in (self.queue, self.committee, self.templates):
            pane.status_message.connect(self.status_message)
        self.queue.touch_logged.connect(self.on_queue_logged)
        self.committee.changed.connect(self.on_committee_changed)
        self.templates.templates_changed.connect(lambda: self.committee.reload_templates())
        work = QSplitter(Qt.Orientation.Vertical)
        work.addWidget(self.queue)
        work.addWidget(self.committee)
        work.setStretchFactor(0, 3)
        work.setStretchFactor(1, 2)
        self.sections = QTabWidget()
        self.sections.setDocumentMode(True)
        self.sections.addTab(work, "Touches and committee")
        self.sections.addTab(self.templates, "Templates")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sections)

    def set_account(self, account_id: int | None) -> None:
        self.account_id = account_id
        tier = get_account(self.db, account_id).tier.value if account_id is not None else None
        self.queue.set_account(account_id)
        self.committee.set_account(account_id, tier)

    def on_queue_logged(self, _result: object) -> None:
        self.committee.reload()
        if self.account_id is not None:
            self.touch_logged.emit(self.account_id)

    def on_committee_changed(self) -> None:
        self.queue.reload()
        if self.account_id is not None:
            self.touch_logged.emit(self.account_id)
