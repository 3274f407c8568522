"""Table models of the Today view's sections: calls, people gone quiet, touches due."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from workbench.territory.touches_hook import TouchDue
from workbench.today import CallItem, QuietPerson

RowT = TypeVar("RowT")
WARN = QColor("#a4161a")


class RowsModel(QAbstractTableModel, Generic[RowT]):
    """Rows of one dataclass shown through (header, cell function) columns."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[RowT], str]]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[RowT] = []

    def set_rows(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return self.columns[section][0]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()][1](self.rows[index.row()])
        return self.extra(self.rows[index.row()], index.column(), role)

    def extra(self, row: RowT, column: int, role: int) -> Any:
        return None

    def row_at(self, row: int) -> RowT | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None


def _when(call: CallItem) -> str:
    return f"{call.scheduled_at.astimezone():%a %d %b %H:%M}"


class CallsModel(RowsModel[CallItem]):
    """Planned calls; a sheet with gaps says so in red."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((("When", _when), ("Account", lambda c: c.account_name),
                          ("Call", lambda c: c.kind), ("Objective", lambda c: c.objective),
                          ("Sheet", lambda c: "⚠ " + ", ".join(c.gaps) if c.gaps else "ready")),
                         parent)

    def extra(self, row: CallItem, column: int, role: int) -> Any:
        if column == 4 and row.gaps and role == Qt.ItemDataRole.ForegroundRole:
            return WARN
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Open the call and its sheet" + (
                f" — the sheet still has: {', '.join(row.gaps)}" if row.gaps else "")
        return None


def _last(person: QuietPerson) -> str:
    return f"{person.last_contact:%d %b %Y}" if person.last_contact else "never"


class QuietModel(RowsModel[QuietPerson]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((("Person", lambda p: p.name), ("Title", lambda p: p.title),
                          ("Account", lambda p: f"{p.account_name} ({p.tier})"),
                          ("Influence", lambda p: p.influence), ("Last contact", _last)), parent)


class TouchesModel(RowsModel[TouchDue]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((("Channel", lambda t: t.channel), ("Person", lambda t: t.person),
                          ("Account", lambda t: t.account_name), ("Step", lambda t: t.step)),
                         parent)
