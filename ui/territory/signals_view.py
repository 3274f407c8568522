"""The Signals view: every signal in the territory, ranked, with its detail and actions."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.background_read import BackgroundReader
from ui.changes import bus_for
from ui.jobs import JobRunner
from ui.territory.signal_detail import SignalDetailPane
from ui.territory.signals_model import SignalIdRole, SignalsModel
from workbench import errors
from workbench.signals.model import RankedSignal, kind_label
from workbench.storage.database import Database
from workbench.territory.search_service import Target
from workbench.territory.signal_targets import signal_target
from workbench.workbook import Changes, Workbook
from workbench.workbook.changes import ACCOUNT, ACCOUNTS, SIGNALS

# The list shows the best this many: a rep reads the top of a territory's signals, and
# reading only what can rank there keeps the list fast at any size.
SHOWN = 500


class SignalsView(QWidget):
    """Signals:
        open_requested(object): open a `Target` (the story or page behind a signal).
        status_message(str): a note for the status bar.

    What the rep dismisses, restores, mutes or sees here is published on the change bus
    (Today re-reads from it); the list re-reads, while shown, on the signal and account
    changes others publish and on another process's writes (with a job runner, in a
    worker: the list changes when read, the window never waits for it).
    """

    SHOWS = (SIGNALS, ACCOUNTS, ACCOUNT)
    open_requested = Signal(object)
    status_message = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None,
                 runner: JobRunner | None = None) -> None:
        super().__init__(parent, objectName="signals_view")
        self.db = db
        self.book = Workbook.of(db)
        self.reader = BackgroundReader(runner, "reading the signals", self._read,
                                       lambda rows: self.show_rows(rows), self)
        self.bus = bus_for(self.book)
        self.bus.changed.connect(self.on_changes)
        self.model = SignalsModel(self)
        self.tier = QComboBox(objectName="signals_tier")
        for label, value in (("All tiers", None), ("Tier A", "A"), ("Tier B", "B"),
                             ("Tier C", "C")):
            self.tier.addItem(label, value)
        self.show_dismissed = QCheckBox("Show dismissed", objectName="signals_dismissed")
        self.count = QLabel(objectName="signals_count")
        self.table = QTableView(objectName="signals_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        em = self.fontMetrics().horizontalAdvance("M")
        # Wide enough for an account's name and "01 Jun 2026" in bold (an unseen signal).
        for column, width in ((0, 4), (1, 17), (2, 10), (4, 10), (5, 5)):
            self.table.setColumnWidth(column, max(width * em, header.sectionSizeHint(column)))
        self.detail = SignalDetailPane(self)

        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Signals</b>"))
        top.addWidget(self.tier)
        top.addWidget(self.show_dismissed)
        top.addStretch(1)
        top.addWidget(self.count)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([420, 380])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.tier.currentIndexChanged.connect(lambda _index: self.reload())
        self.show_dismissed.toggled.connect(lambda _checked: self.reload())
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.table.activated.connect(lambda _index: self.on_open())
        self.detail.open_requested.connect(self.on_open)
        self.detail.dismiss_requested.connect(self.on_dismiss)
        self.detail.mute_requested.connect(self.on_mute)

    def _read(self, tier: str | None = None, dismissed: bool | None = None) -> list[RankedSignal]:
        return self.book.signals.ranked(tiers=[tier] if tier else None,
                                        include_dismissed=bool(dismissed), limit=SHOWN)

    def reload(self, select: int | None = None) -> None:
        """Read the list again now (shown, filtered, after the rep's own action)."""
        self.reader.supersede()
        self.show_rows(self._read(self.tier.currentData(), self.show_dismissed.isChecked()),
                       select)

    def show_rows(self, rows: list[RankedSignal], select: int | None = None) -> None:
        """Show the list as read, keeping the selected signal where it still is."""
        keep = select if select is not None else self.selected_id()
        self.model.set_rows(rows)
        unseen = sum(1 for r in self.model.rows if not r.signal.seen)
        best = f"the best {SHOWN}" if len(self.model.rows) == SHOWN else f"{len(self.model.rows)}"
        self.count.setText(f"{best} signals, {unseen} new")
        row = self.model.row_of(keep) if keep is not None else -1
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.detail.show_detail(None, None)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(SignalIdRole)) if rows else None

    def select_signal(self, signal_id: int) -> bool:
        row = self.model.row_of(signal_id)
        if row < 0:
            self.reload(signal_id)
            row = self.model.row_of(signal_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        return row >= 0

    def on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        signal_id = self.selected_id()
        if signal_id is None:
            self.detail.show_detail(None, None)
            return
        ranked = self.model.ranked(self.model.row_of(signal_id))
        try:
            detail = self.book.signals.detail(signal_id)
        except errors.KnownError as exc:
            self.status_message.emit(str(exc))
            return
        self.detail.show_detail(detail, ranked)
        if ranked is not None and not ranked.signal.seen:
            # Seen once shown; the row stays until the list is read again.
            self.bus.publish(self.book.signals.mark_seen(
                [signal_id], account_id=ranked.signal.account_id), self)

    def on_open(self) -> None:
        signal_id = self.selected_id()
        if signal_id is None:
            return
        target: Target = signal_target(self.book.signals.detail(signal_id))
        self.open_requested.emit(target)

    def on_dismiss(self) -> None:
        signal_id = self.selected_id()
        if signal_id is None:
            return
        ranked = self.model.ranked(self.model.row_of(signal_id))
        dismissed = not (ranked is not None and ranked.signal.dismissed)
        account_id = ranked.signal.account_id if ranked is not None else None
        try:
            changes = self.book.signals.dismiss(signal_id, dismissed, account_id=account_id)
        except errors.KnownError as exc:
            self.status_message.emit(str(exc))
            return
        self.status_message.emit("Signal dismissed." if dismissed else "Signal restored.")
        self.reload()
        self.bus.publish(changes, self)

    def on_mute(self) -> None:
        signal_id = self.selected_id()
        ranked = self.model.ranked(self.model.row_of(signal_id)) if signal_id else None
        if ranked is None:
            return
        changes = self.book.signals.mute_kind(ranked.signal.account_id, ranked.signal.kind)
        self.status_message.emit(f"{kind_label(ranked.signal.kind)} signals muted for "
                                 f"{ranked.signal.account_name}.")
        self.reload()
        self.bus.publish(changes, self)

    def on_changes(self, changes: Changes, source: object) -> None:
        """Someone else changed signals or accounts: re-read the list if it is shown."""
        if source is self or not self.isVisible():
            return  # shown again, the view is re-read (`TerritoryActions.show_signals`)
        if changes.external or changes.areas.intersection(self.SHOWS):
            tier, dismissed = self.tier.currentData(), self.show_dismissed.isChecked()
            self.reader.read(lambda: self._read(tier, dismissed))
