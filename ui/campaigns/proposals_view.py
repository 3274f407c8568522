"""Touches new signals propose, above the queue: the rep accepts or declines each one.

A proposal is a restarted campaign or one touch for the committee's lead, its script
citing the signal's evidence (`workbench.signals.proposals`). Accepting makes it real
(its touches join the queue); declining dismisses it. Keys on a proposal: A accepts,
D declines. The panel hides itself when nothing is proposed. With a job runner the
proposals are read in its worker (a territory's are found among thousands of signals),
the newest reading shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.background_read import BackgroundReader
from ui.campaigns.headed_table import HeadedTableModel
from ui.jobs import JobRunner
from workbench import errors
from workbench.workbook import Workbook

if TYPE_CHECKING:
    from workbench.signals.proposals import SignalProposal

_Index = QModelIndex | QPersistentModelIndex
# Rows shown before the table scrolls: proposals are few, the queue below needs the room.
_SHOWN_ROWS = 3


class ProposalsModel(HeadedTableModel):
    """One row per pending proposal."""

    HEADERS = ("Proposed", "Account", "Because", "Due")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[SignalProposal] = []

    def set_rows(self, rows: Sequence[SignalProposal]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def _items(self) -> Sequence[Any]:
        return self.rows

    def proposal(self, index: _Index) -> SignalProposal | None:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.rows[index.row()]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        found = self.proposal(index)
        if found is None:
            return None
        p = found.proposal
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (p.summary, found.account_name, f"“{p.evidence.strip()}”",
                    p.due_date.strftime("%a %d %b"))[index.column()]
        return None


class _ProposalTable(QTableView):
    """The proposals' table, passing A and D to its owner."""

    key_pressed = Signal(object)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_A, Qt.Key.Key_D) and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            self.key_pressed.emit(key)
            return
        super().keyPressEvent(event)


class ProposalsPanel(QWidget):
    """Pending proposals for one account (or the territory when `account_id` is None).

    Signals:
        chosen(object): the `SignalProposal` the rep moved to (to show its script).
        status_message(str): what was done.
        wrote(object, object): the `Changes` of an accept or decline and the
            `SignalProposal` it was about, after the panel re-read its proposals; the
            owner refreshes the queue and publishes the changes.
        loaded(): the proposals read are shown.
    """

    chosen = Signal(object)
    status_message = Signal(str)
    wrote = Signal(object, object)
    loaded = Signal()

    def __init__(self, book: Workbook, parent: QWidget | None = None,
                 runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.reader = BackgroundReader(runner, "reading the proposed touches", lambda: [],
                                       self._show_rows, self)
        self.account_id: int | None = None
        self._loading = False  # the current row set by a reload is not the rep's choice
        self.model = ProposalsModel(self)
        self.table = _ProposalTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        row_height = self.table.fontMetrics().height() + 6
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # The due date a fixed width from the font: measured from the contents, every
        # row's text would be made at each reload (a territory proposes hundreds).
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(3, self.table.fontMetrics().horizontalAdvance("Wed 30 Sep")
                                  + 16)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setMaximumHeight(header.sizeHint().height() + _SHOWN_ROWS * row_height + 4)
        self.table.key_pressed.connect(self.on_key)
        self.table.selectionModel().currentChanged.connect(self.on_current_changed)
        self.heading = QLabel()
        # No mnemonics: Alt+A is the Account menu's; A and D work in the table.
        self.accept_button = QPushButton("Accept")
        self.accept_button.setToolTip("Make it real: the touch (or restarted campaign) joins "
                                      "the queue (A)")
        self.decline_button = QPushButton("Decline")
        self.decline_button.setToolTip("Dismiss it: nothing is enrolled (D)")
        self.accept_button.clicked.connect(self.on_accept)
        self.decline_button.clicked.connect(self.on_decline)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.accept_button)
        top.addWidget(self.decline_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.setVisible(False)

    def reload(self, account_id: int | None) -> None:
        """Read the pending proposals of `account_id`, or of every account when None."""
        self.account_id = account_id
        self.table.setColumnHidden(1, account_id is not None)  # one account's: named above
        book = self.book
        self.reader.read(lambda: book.campaigns.proposals(account_id))

    def _show_rows(self, rows: Sequence[SignalProposal]) -> None:
        keep = self.current()
        self.model.set_rows(rows)
        count = len(self.model.rows)
        self.heading.setText(f"<b>Proposed by new signals ({count})</b> — accept to add the "
                             "touch to the queue, or decline")
        self.setVisible(count > 0)
        row = next((r for r, p in enumerate(self.model.rows)
                    if keep is not None and p.signal_id == keep.signal_id), 0)
        if count:
            self._loading = True
            try:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
            finally:
                self._loading = False
        self._update_buttons()
        self.loaded.emit()

    def current(self) -> SignalProposal | None:
        return self.model.proposal(self.table.currentIndex())

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        self.accept_button.setEnabled(chosen)
        self.decline_button.setEnabled(chosen)

    def on_current_changed(self, *_args: Any) -> None:
        self._update_buttons()
        found = self.current()
        if found is not None and not self._loading:
            self.chosen.emit(found)

    def on_key(self, key: Qt.Key) -> None:
        if key == Qt.Key.Key_A:
            self.on_accept()
        else:
            self.on_decline()

    def on_accept(self) -> None:
        found = self.current()
        if found is None:
            return
        try:
            changes = self.book.campaigns.accept_proposal(found.proposal.account_id,
                                                          found.signal_id)
        except errors.KnownError as exc:
            self.status_message.emit(str(exc))
            return
        what = "Campaign restarted" if found.proposal.action == "restart" else "Touch added"
        self._done(f"{what} for {', '.join(found.proposal.person_names)}: "
                   f"{found.proposal.summary}", changes, found)

    def on_decline(self) -> None:
        found = self.current()
        if found is None:
            return
        try:
            changes = self.book.campaigns.decline_proposal(found.proposal.account_id,
                                                           found.signal_id)
        except errors.KnownError as exc:
            self.status_message.emit(str(exc))
            return
        self._done(f"Declined: {found.proposal.summary}", changes, found)

    def _done(self, message: str, changes: Any, found: SignalProposal) -> None:
        self.reload(self.account_id)
        self.status_message.emit(message)
        self.wrote.emit(changes, found)
