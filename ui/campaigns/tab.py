"""The Campaigns tab: the account's touches due, its enrolled committee, and the templates.

It follows the pane contract (`ui.pane`): every write its parts make goes through
``book.campaigns`` and is published on the change bus, so the Committee tab (last
contact, coverage) and any other window hear of it; it re-reads on the campaigns and
committee changes others publish.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from ui.campaigns.committee_view import CommitteeCampaignView
from ui.campaigns.queue_view import QueueWidget
from ui.campaigns.template_editor import TemplateEditor
from ui.jobs import JobRunner
from ui.pane import PaneMixin
from workbench.storage.database import Database
from workbench.workbook import Changes
from workbench.workbook.changes import CAMPAIGNS, COMMITTEE, SIGNALS


class CampaignsTab(PaneMixin, QWidget):
    """The workspace tab for one account's campaigns.

    Signals:
        status_message(str): something to show in the status bar.
    """

    SHOWS = (CAMPAIGNS, COMMITTEE, SIGNALS)  # signals: their proposals show in the queue
    status_message = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.init_pane(db, runner)
        self.db = db
        self.account_id: int | None = None
        self.undo_stack = None
        # With the window's runner, a touch is logged in its worker (as on Today's touches).
        self.queue = QueueWidget(db, self, runner=runner)
        self.committee = CommitteeCampaignView(db, self)
        self.templates = TemplateEditor(db, self)
        for part in (self.queue, self.committee, self.templates):
            part.status_message.connect(self.status_message)
            part.wrote.connect(lambda changes, p=part: self.on_part_wrote(p, changes))
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
        rows = self.book.accounts.rows(account_id) if account_id is not None else []
        self.queue.set_account(account_id)
        self.committee.set_account(account_id, rows[0].tier if rows else None)

    def refresh(self) -> None:
        """Re-read the queue and the committee's campaigns (the template being edited stays)."""
        self.queue.reload()
        self.committee.reload_templates()
        self.committee.reload()

    def on_part_wrote(self, part: QWidget, changes: Changes) -> None:
        """One part wrote and re-read itself: the other parts follow, then everyone else."""
        if part is not self.queue:
            self.queue.reload()
        if part is not self.committee:
            if part is self.templates:
                self.committee.reload_templates()
            self.committee.reload()
        self.publish(changes)
