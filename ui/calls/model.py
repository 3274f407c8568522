"""The list of an account's calls as a Qt table model (newest first)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from workbench.prep.calls import CallRow

Index = QModelIndex | QPersistentModelIndex


class CallListModel(QAbstractTableModel):
    """Rows are `CallRow`s; `reload(rows)` replaces them. Past calls show their outcome."""

    COLUMNS = ("When", "Kind", "Objective", "People", "Outcome")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CallRow] = []

    def reload(self, rows: Sequence[CallRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def call_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, call_id: int | None) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == call_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (2, 4):
            return row.objective if index.column() == 2 else row.outcome
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    @staticmethod
    def _display(row: CallRow, column: int) -> str:
        if column == 0:
            if row.scheduled_at is None:
                return "Not scheduled"
            return row.scheduled_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if column == 1:
            return row.kind.label
        if column == 2:
            return " ".join(row.objective.split())[:120]
        if column == 3:
            return str(row.attendee_count)
        past = row.scheduled_at is not None and row.scheduled_at < datetime.now(UTC)
        return " ".join(row.outcome.split())[:120] or ("No outcome recorded" if past else "")
