"""The call editor: every field of one call, reporting each finished edit as it happens.

The editor never writes to the database itself; it says what changed through
`field_edited`, and the tab saves it (through the undo stack) at once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QFocusEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.safety.draft_guard import DraftGuard
from workbench.prep import calls
from workbench.prep.question_bank import bank_questions
from workbench.safety.drafts import DraftStore
from workbench.storage.database import Database
from workbench.vocabulary import CallKind

LINE_FIELDS = ("objective", "commitment_best", "commitment_minimum")
TEXT_FIELDS = ("value_hypothesis", "notes", "outcome", "next_step")
LIST_FIELDS = ("questions", "talking_points")
LABELS = {
    "objective": "Objective", "commitment_best": "Ask for (best)",
    "commitment_minimum": "Accept at least", "value_hypothesis": "Value hypothesis",
    "questions": "Questions (one a line)", "talking_points": "Talking points (one a line)",
    "notes": "Notes", "outcome": "Outcome", "next_step": "Agreed next step",
}


class PlainTextField(QPlainTextEdit):
    """A multi-line field that reports a finished edit when it loses focus.

    Signals:
        editing_finished(): focus left the field.
    """

    editing_finished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editing_finished.emit()


class CallEditor(QWidget):
    """Edits one call.

    Signals:
        field_edited(str, object, object): a field changed: its name (as
            `workbench.prep.calls.update_call` takes it), the old and the new value.
    """

    field_edited = Signal(str, object, object)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._call_id: int | None = None
        self._values: dict[str, Any] = {}
        self._loading = False
        form = QFormLayout()
        # In a narrow column labels go above their fields instead of cutting the fields.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.scheduled = QCheckBox("Scheduled")
        when_row = QHBoxLayout()
        when_row.addWidget(self.scheduled)
        when_row.addWidget(self.when, 1)
        form.addRow("When", when_row)
        self.kind = QComboBox()
        for kind in CallKind:
            self.kind.addItem(kind.label, kind)
        form.addRow("Kind", self.kind)
        self.lines: dict[str, QLineEdit] = {}
        for name in LINE_FIELDS:
            self.lines[name] = QLineEdit()
            form.addRow(LABELS[name], self.lines[name])
        self.texts: dict[str, PlainTextField] = {}
        for name in ("value_hypothesis", *LIST_FIELDS):
            self.texts[name] = PlainTextField()
            form.addRow(LABELS[name], self.texts[name])
        self.bank_button = QPushButton("Add from the question bank")
        self.bank_menu = QMenu(self)
        self.bank_button.setMenu(self.bank_menu)
        self.edit_bank_button = QPushButton("Edit the question bank…")
        bank_row = QHBoxLayout()
        bank_row.addWidget(self.bank_button)
        bank_row.addWidget(self.edit_bank_button)
        form.addRow("", bank_row)

        self.objections = QStandardItemModel(0, 2, self)
        self.objections.setHorizontalHeaderLabels(["Likely objection", "Answer"])
        self.objection_view = QTableView()
        self.objection_view.setModel(self.objections)
        self.objection_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        self.add_objection = QPushButton("Add objection")
        self.remove_objection = QPushButton("Remove objection")
        objection_box = QVBoxLayout()
        objection_box.addWidget(self.objection_view)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_objection)
        buttons.addWidget(self.remove_objection)
        objection_box.addLayout(buttons)
        form.addRow("Objections", objection_box)

        self.people = QStandardItemModel(self)
        self.people_view = QListView()
        self.people_view.setModel(self.people)
        form.addRow("Attendees", self.people_view)
        for name in ("notes", "outcome", "next_step"):
            self.texts[name] = PlainTextField()
            form.addRow(LABELS[name], self.texts[name])
        self.error = QLabel()
        self.error.setStyleSheet("color: #a4161a;")
        self.error.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)

        self.scheduled.toggled.connect(self.on_when_edited)
        self.when.editingFinished.connect(self.on_when_edited)
        self.kind.currentIndexChanged.connect(self.on_kind_changed)
        for name, line in self.lines.items():
            line.editingFinished.connect(lambda n=name: self._report(n, self.lines[n].text()))
        for name, text in self.texts.items():
            text.editing_finished.connect(lambda n=name: self.on_text_finished(n))
        self.objections.itemChanged.connect(self.on_objection_changed)
        self.add_objection.clicked.connect(self.on_add_objection)
        self.remove_objection.clicked.connect(self.on_remove_objection)
        self.people.itemChanged.connect(self.on_attendee_toggled)
        self.bank_menu.aboutToShow.connect(self.on_bank_menu_shown)
        self.edit_bank_button.clicked.connect(self.on_edit_bank)
        # Every free-text field keeps a draft while the rep types (saved to the database
        # only when focus leaves it): a crash loses at most the last moment of typing.
        self.drafts: dict[str, DraftGuard] = {}
        if db.path is not None:
            store = DraftStore.for_database(db.path)
            self.drafts = {name: DraftGuard(store, edit) for name, edit in
                           [*self.lines.items(), *self.texts.items()]}
        self.setEnabled(False)

    @property
    def call_id(self) -> int | None:
        return self._call_id

    def load(self, call_id: int | None) -> None:
        """Show `call_id`'s fields (None: an empty, disabled editor). Text a crash left
        in a field's draft is put back and saved."""
        recovered: dict[str, str] = {}
        for guard in self.drafts.values():  # the last call's drafts written, then let go
            guard.attach(None, "")
        self._loading = True
        try:
            self._call_id = call_id
            self.error.clear()
            self.setEnabled(call_id is not None)
            if call_id is None:
                # Nothing of the last call may stay on show: under another account's
                # name it would read as that account's call.
                self._values = {}
                self._clear_fields()
                return
            self._values = calls.call_fields(self._db, call_id)
            values = self._values
            when = values["scheduled_at"]
            self.scheduled.setChecked(when is not None)
            self.when.setEnabled(when is not None)
            self.when.setDateTime(QDateTime(when.astimezone()) if when
                                  else QDateTime.currentDateTime())
            self.kind.setCurrentIndex(self.kind.findData(values["kind"]))
            for name, line in self.lines.items():
                line.setText(values[name])
                line.setCursorPosition(0)
            for name, text in self.texts.items():
                value = values[name]
                text.setPlainText("\n".join(value) if name in LIST_FIELDS else value)
            for name, guard in self.drafts.items():
                widget = self.lines.get(name) or self.texts[name]
                shown = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
                draft = guard.attach(f"call/{call_id}/{name}", shown)
                if draft is not None:
                    recovered[name] = draft
            self.objections.removeRows(0, self.objections.rowCount())
            for item in values["objections"]:
                self.objections.appendRow([QStandardItem(item.get("objection", "")),
                                           QStandardItem(item.get("answer", ""))])
            self._load_people(values["account_id"], values["attendee_ids"])
        finally:
            self._loading = False
        for name, text in recovered.items():
            if name in self.lines:
                self.lines[name].setText(text)
                self._report(name, text)
            else:
                self.texts[name].setPlainText(text)
                self.on_text_finished(name)

    def _clear_fields(self) -> None:
        self.scheduled.setChecked(False)
        self.when.setDateTime(QDateTime.currentDateTime())
        self.kind.setCurrentIndex(0)
        for line in self.lines.values():
            line.clear()
        for text in self.texts.values():
            text.clear()
        self.objections.removeRows(0, self.objections.rowCount())
        self.people.clear()

    def _load_people(self, account_id: int, attending: list[int]) -> None:
        self.people.clear()
        people = calls.attendee_choices(self._db, account_id)
        for person_id, name, title, role in people:
            label = name + (f" — {title}" if title else "")
            item = QStandardItem(f"{label} ({role})")
            item.setData(person_id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if person_id in attending
                               else Qt.CheckState.Unchecked)
            self.people.appendRow(item)
        if not people:
            placeholder = QStandardItem("No committee yet: add people in the Committee tab.")
            placeholder.setEnabled(False)
            self.people.appendRow(placeholder)

    def flush(self) -> None:
        """Report any field typed into but not yet finished (before switching away)."""
        for name, line in self.lines.items():
            self._report(name, line.text())
        for name in self.texts:
            self.on_text_finished(name)

    def show_error(self, message: str) -> None:
        self.error.setText(message)

    def _report(self, name: str, new: Any) -> None:
        if self._loading or self._call_id is None:
            return
        old = self._values.get(name)
        if old == new:
            return
        self._values[name] = new
        self.error.clear()
        guard = self.drafts.get(name)
        if guard is not None:
            # The tab saves it now (or says why not and shows what is stored): an undo or
            # that reload must not bring the draft back.
            guard.saved()
        self.field_edited.emit(name, old, new)

    def on_when_edited(self) -> None:
        self.when.setEnabled(self.scheduled.isChecked())
        if not self.scheduled.isChecked():
            self._report("scheduled_at", None)
            return
        picked = self.when.dateTime().toPython()
        self._report("scheduled_at", picked.astimezone().astimezone(UTC).replace(
            second=0, microsecond=0) if isinstance(picked, datetime) else None)

    def on_kind_changed(self, _index: int) -> None:
        self._report("kind", self.kind.currentData())

    def on_text_finished(self, name: str) -> None:
        text = self.texts[name].toPlainText()
        if name in LIST_FIELDS:
            self._report(name, [line.strip() for line in text.splitlines() if line.strip()])
        else:
            self._report(name, text)

    def _objection_values(self) -> list[dict[str, str]]:
        rows = []
        for row in range(self.objections.rowCount()):
            objection = (self.objections.item(row, 0) or QStandardItem()).text().strip()
            answer = (self.objections.item(row, 1) or QStandardItem()).text().strip()
            if objection or answer:
                rows.append({"objection": objection, "answer": answer})
        return rows

    def on_objection_changed(self, _item: QStandardItem) -> None:
        self._report("objections", self._objection_values())

    def on_add_objection(self) -> None:
        self.objections.appendRow([QStandardItem(""), QStandardItem("")])
        self.objection_view.edit(self.objections.index(self.objections.rowCount() - 1, 0))

    def on_remove_objection(self) -> None:
        row = self.objection_view.currentIndex().row()
        if row >= 0:
            self.objections.removeRow(row)
            self._report("objections", self._objection_values())

    def on_attendee_toggled(self, _item: QStandardItem) -> None:
        ids = [self.people.item(r).data(Qt.ItemDataRole.UserRole)
               for r in range(self.people.rowCount())
               if self.people.item(r).checkState() == Qt.CheckState.Checked]
        self._report("attendee_ids", [i for i in ids if i is not None])

    def on_bank_menu_shown(self) -> None:
        self.bank_menu.clear()
        kind = self.kind.currentData() or CallKind.DISCOVERY
        for entry in bank_questions(self._db, kind):
            label = f"{entry.topic}: {entry.text}" if entry.topic else entry.text
            action = self.bank_menu.addAction(label)
            action.triggered.connect(lambda _=False, text=entry.text: self.add_question(text))

    def on_edit_bank(self) -> None:
        from ui.calls.bank_dialog import BankDialog

        dialog = BankDialog(self._db, self.kind.currentData() or CallKind.DISCOVERY, self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()  # one dialog per opening, not one more child each time

    def add_question(self, text: str) -> None:
        """Append a question (from the bank) to the call's questions, saved at once."""
        current = list(self._values.get("questions") or [])
        if text in current:
            return
        self.texts["questions"].setPlainText("\n".join([*current, text]))
        self._report("questions", [*current, text])
