"""The account list as an item model, and the proxy that filters and sorts it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from workbench.accounts import AccountRow

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Name", "Domain", "Tier", "Stage", "Researched", "Next call")
SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_STAGE_ORDER = {"prepare": 0, "prospect": 1, "progress": 2, "close": 3}


def _day(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone().strftime("%d %b %Y")


class AccountsModel(QAbstractTableModel):
    """One row per account: name, domain, tier, stage, last researched, next call."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AccountRow] = []

    def set_rows(self, rows: list[AccountRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_row(self, row: AccountRow) -> None:
        """Refresh one account's line in place (keeps the selection and the view's state)."""
        number = self.row_of(row.id)
        if number < 0:
            return
        self._rows[number] = row
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(COLUMNS) - 1))

    def row_of(self, account_id: int) -> int:
        for number, row in enumerate(self._rows):
            if row.id == account_id:
                return number
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.domain, row.tier, row.stage.capitalize(),
                    _day(row.last_researched_at), _day(row.next_call_at))[column]
        if role == SORT_ROLE:
            # Empty dates sort last in ascending order.
            return (row.name.lower(), row.domain, row.tier, _STAGE_ORDER.get(row.stage, 9),
                    row.last_researched_at.isoformat() if row.last_researched_at else "~",
                    row.next_call_at.isoformat() if row.next_call_at else "~")[column]
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and row.next_call_at:
            return f"Next planned call: {row.next_call_at.astimezone():%d %b %Y %H:%M}"
        return None


class AccountFilterProxy(QSortFilterProxyModel):
    """Filters on name and domain as the rep types; sorts by each column's natural order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_needle(self, text: str) -> None:
        self.setFilterFixedString(text.strip())

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        pattern = self.filterRegularExpression()
        if not pattern.pattern():
            return True
        model = self.sourceModel()
        return any(
            pattern.match(str(model.index(source_row, column, source_parent).data() or "")).hasMatch()
            for column in (0, 1))
