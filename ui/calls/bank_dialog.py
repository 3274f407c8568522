"""The question bank editor: the rep's questions per kind of call, edited in place."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench import errors
from workbench.prep import question_bank as bank
from workbench.storage.database import Database
from workbench.vocabulary import CallKind

Index = QModelIndex | QPersistentModelIndex


class BankModel(QAbstractListModel):
    """The bank's questions for one kind of call; editing a row saves it at once.

    Signals:
        error(str): an edit was refused (empty or too long); nothing was saved.
    """

    error = Signal(str)

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self.kind = CallKind.DISCOVERY
        self._rows: list[bank.BankEntry] = []

    def set_kind(self, kind: CallKind) -> None:
        self.kind = kind
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = list(bank.bank_questions(self._db, self.kind))
        self.endResetModel()

    def entry(self, row: int) -> bank.BankEntry | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{entry.topic}: {entry.text}" if entry.topic else entry.text
        if role == Qt.ItemDataRole.EditRole:
            return entry.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Built in (yours to change)" if entry.builtin else "Your own question"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            bank.update_question(self._db, entry.id, text=str(value))
        except errors.KnownError as exc:
            self.error.emit(str(exc))
            return False
        self._rows = list(bank.bank_questions(self._db, self.kind))
        self.dataChanged.emit(index, index)
        return True

    def add(self, text: str) -> int:
        """Add the rep's own question at the end; returns its row."""
        bank.add_question(self._db, self.kind, text)
        self.reload()
        return len(self._rows) - 1

    def remove(self, row: int) -> None:
        entry = self.entry(row)
        if entry is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        bank.delete_question(self._db, entry.id)
        del self._rows[row]
        self.endRemoveRows()


class BankDialog(QDialog):
    """Edit the question bank: pick a kind of call, edit a question in place, add, delete."""

    def __init__(self, db: Database, kind: CallKind = CallKind.DISCOVERY,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Question bank")
        self.model = BankModel(db, self)
        self.kind_box = QComboBox()
        for item in CallKind:
            self.kind_box.addItem(item.label, item)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.add_button = QPushButton("Add question")
        self.delete_button = QPushButton("Delete question")
        self.error = QLabel()
        self.error.setStyleSheet("color: #a4161a;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.kind_box)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.kind_box.currentIndexChanged.connect(self.on_kind_changed)
        self.add_button.clicked.connect(self.on_add)
        self.delete_button.clicked.connect(self.on_delete)
        self.model.error.connect(self.error.setText)
        close.rejected.connect(self.reject)
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        self.on_kind_changed()

    def on_kind_changed(self, *_args: Any) -> None:
        self.model.set_kind(self.kind_box.currentData())

    def on_add(self) -> None:
        row = self.model.add("New question: edit me")
        index = self.model.index(row)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def on_delete(self) -> None:
        self.model.remove(self.view.currentIndex().row())
