"""The enrolled committee: each member's campaign, next step and touches; enrol, pause, stop."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.campaigns.headed_table import HeadedTableModel
from ui.campaigns.log_dialog import LogTouchDialog
from workbench import errors
from workbench.campaigns.enrolment import EnrolResult
from workbench.campaigns.people import MemberCampaign
from workbench.storage.database import Database
from workbench.vocabulary import Channel, Outcome
from workbench.workbook import Changes, Workbook

_Index = QModelIndex | QPersistentModelIndex
_STATE_COLOURS = {"active": "#1b6e3a", "paused": "#9a5b00", "stopped": "#a4161a",
                  "finished": "#4a5361"}


class CommitteeCampaignModel(HeadedTableModel):
    HEADERS = ("Person", "Role", "Campaign", "State", "Next step", "Due", "Done", "Touches")
    # Columns sharing what width is left (their texts elide, the tooltip has them whole);
    # the others are sized to their contents, up to a cap in characters.
    STRETCHED = (0, 4, 7)
    CAPPED = {1: 16, 2: 18, 3: 18, 5: 10, 6: 6}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[MemberCampaign] = []

    def set_rows(self, rows: Sequence[MemberCampaign]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def _items(self) -> Sequence[Any]:
        return self.rows

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            state = r.state + (f" ({r.reason})" if r.reason and r.state != "active" else "")
            return (f"{r.name}" + (f", {r.title}" if r.title else ""), r.role,
                    r.cadence_name or "—", state or "not enrolled", r.next_step,
                    r.next_due.strftime("%a %d %b") if r.next_due else "",
                    f"{r.steps_done}/{r.steps_total}" if r.steps_total else "",
                    r.touches or "no touch yet")[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3 and r.state:
            return QColor(_STATE_COLOURS.get(r.state, "#1d2430"))
        return None


class CommitteeCampaignView(QWidget):
    """One account's committee with its campaigns.

    Signals:
        status_message(str): what was done.
        wrote(object): the `Changes` of an enrolment, pause, resume, skip, stop or logged
            touch, after the view has re-read itself; the owner publishes it.
    """

    status_message = Signal(str)
    wrote = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.book = Workbook.of(db)
        self.account_id: int | None = None
        self.model = CommitteeCampaignModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # one line a person; long texts elide (tooltip whole)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        for column in self.model.STRETCHED:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.template = QComboBox()
        self.start = QDateEdit(QDate.currentDate())
        self.start.setCalendarPopup(True)
        self.enrol_all = QPushButton("Enrol the &committee")
        self.enrol_selected = QPushButton("Enrol &selected")
        self.pause_button = QPushButton("&Pause")
        self.resume_button = QPushButton("&Resume")
        self.skip_button = QPushButton("Skip &next step")
        self.stop_button = QPushButton("S&top")
        self.log_button = QPushButton("Log a &touch…")
        self.enrol_all.clicked.connect(lambda: self.on_enrol(selected=False))
        self.enrol_selected.clicked.connect(lambda: self.on_enrol(selected=True))
        self.pause_button.clicked.connect(self.on_pause)
        self.resume_button.clicked.connect(self.on_resume)
        self.skip_button.clicked.connect(self.on_skip)
        self.stop_button.clicked.connect(self.on_stop)
        self.log_button.clicked.connect(self.on_log)
        enrol_row = QHBoxLayout()
        enrol_row.addWidget(QLabel("Template"))
        enrol_row.addWidget(self.template, 1)
        enrol_row.addWidget(QLabel("from"))
        enrol_row.addWidget(self.start)
        enrol_row.addWidget(self.enrol_all)
        enrol_row.addWidget(self.enrol_selected)
        act_row = QHBoxLayout()
        for b in (self.log_button, self.pause_button, self.resume_button, self.skip_button,
                  self.stop_button):
            act_row.addWidget(b)
        act_row.addStretch(1)
        layout = QVBoxLayout(self)  # the queue's margins: its buttons line up with these
        layout.addLayout(enrol_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(act_row)
        self._update_buttons()

    def set_account(self, account_id: int | None, tier: str | None = None) -> None:
        self.account_id = account_id
        self.reload_templates(tier)
        self.reload()

    def reload_templates(self, tier: str | None = None) -> None:
        chosen = self.template.currentData()
        self.template.clear()
        for c in self.book.campaigns.templates():
            self.template.addItem(f"{c.name} ({len(c.steps)} steps)", c.id)
            if (chosen is None and tier and c.tier and c.tier.value == tier) or c.id == chosen:
                self.template.setCurrentIndex(self.template.count() - 1)

    def reload(self) -> None:
        self.model.set_rows(self.book.campaigns.committee(self.account_id)
                            if self.account_id is not None else [])
        self._fit_columns()
        self._update_buttons()

    def _fit_columns(self) -> None:
        """Every column inside the table's width: short ones to their contents (capped),
        the stretched ones share the rest, so the last column is never off screen."""
        em = self.table.fontMetrics().horizontalAdvance("M")
        for column, cap in self.model.CAPPED.items():
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), cap * em))

    def selected(self) -> list[MemberCampaign]:
        return [self.model.rows[i.row()] for i in self.table.selectionModel().selectedRows()]

    def _update_buttons(self) -> None:
        rows = self.selected()
        running = [r for r in rows if r.state in ("active", "paused")]
        has_people = bool(self.model.rows)
        self.enrol_all.setEnabled(has_people)
        self.enrol_selected.setEnabled(bool(rows) and any(r not in running for r in rows))
        self.pause_button.setEnabled(any(r.state == "active" for r in rows))
        self.resume_button.setEnabled(any(r.state == "paused" for r in rows))
        self.skip_button.setEnabled(bool(running))
        self.stop_button.setEnabled(bool(running))
        self.log_button.setEnabled(len(rows) == 1)

    def _done(self, message: str, changes: Changes) -> None:
        self.reload()
        self.status_message.emit(message)
        self.wrote.emit(changes)

    def on_enrol(self, *, selected: bool) -> None:
        if self.account_id is None:
            return
        ids = [r.stakeholder_id for r in self.selected()] if selected else None
        start = self.start.date().toPython()
        assert isinstance(start, date)
        try:
            changes = self.book.campaigns.enrol(self.account_id, start=start,
                                                cadence_id=self.template.currentData(),
                                                person_ids=ids)
        except errors.KnownError as exc:
            self.status_message.emit(str(exc))
            return
        result: EnrolResult = changes.result
        n = len(result.enrolment_ids)
        note = f" ({len(result.already_running)} already running)" if result.already_running \
            else ""
        self._done(f"Enrolled {n} {'person' if n == 1 else 'people'} in "
                   f"“{result.cadence_name}”{note}.", changes)

    def _each_running(self, action: Callable[[int], Changes], verb: str,
                      states: tuple[str, ...]) -> None:
        done, changes = 0, Changes()
        for r in self.selected():
            if r.enrolment_id is not None and r.state in states:
                try:
                    changes |= action(r.enrolment_id)
                    done += 1
                except errors.KnownError as exc:
                    self.status_message.emit(str(exc))
                    break
        if done:
            self._done(f"{verb} {done} campaign{'s' if done != 1 else ''}.", changes)

    def on_pause(self) -> None:
        campaigns, account = self.book.campaigns, self.account_id
        self._each_running(lambda e: campaigns.pause(account, e, date.today()), "Paused",
                           ("active",))

    def on_resume(self) -> None:
        campaigns, account = self.book.campaigns, self.account_id
        self._each_running(lambda e: campaigns.resume(account, e, date.today()), "Resumed",
                           ("paused",))

    def on_skip(self) -> None:
        campaigns, account = self.book.campaigns, self.account_id
        self._each_running(lambda e: campaigns.skip_step(account, e), "Skipped a step in",
                           ("active", "paused"))

    def on_stop(self) -> None:
        campaigns, account = self.book.campaigns, self.account_id
        self._each_running(lambda e: campaigns.stop(account, e), "Stopped",
                           ("active", "paused"))

    def on_log(self) -> None:
        rows = self.selected()
        if len(rows) != 1:
            return
        dialog = LogTouchDialog(rows[0].name, parent=self)
        if dialog.exec():
            values = dialog.values()
            outcome = values.pop("outcome")
            assert isinstance(outcome, Outcome)
            channel = values.pop("channel")
            assert isinstance(channel, Channel)
            try:
                changes = self.book.campaigns.log_touch(rows[0].stakeholder_id, channel,
                                                        outcome, **values)
            except errors.KnownError as exc:
                self.status_message.emit(str(exc))
                return
            self._done(f"Logged {outcome.label.lower()} with {rows[0].name}.", changes)
