"""The account list as an item model, and the proxy that filters it.

At a territory's scale (10,000 accounts) the generic way, a `QSortFilterProxyModel`
calling Python `data()` for every comparison, takes a second per sort and a quarter
second per keystroke. So the model keeps each row's sort keys and a lower-case
haystack, computed once, sorts itself with `list.sort`, and the proxy only filters
with one list lookup per row (measured in `benchmarks/bench_account_list.py`).
"""

from __future__ import annotations

from datetime import datetime
from operator import itemgetter
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
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_STAGE_ORDER = {"prepare": 0, "prospect": 1, "progress": 2, "close": 3}


def _day(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone().strftime("%d %b %Y")


def sort_keys(row: AccountRow) -> tuple[Any, ...]:
    """What each column sorts by; empty dates sort last in ascending order."""
    return (row.name.lower(), row.domain, row.tier, _STAGE_ORDER.get(row.stage, 9),
            row.last_researched_at.isoformat() if row.last_researched_at else "~",
            row.next_call_at.isoformat() if row.next_call_at else "~")


class AccountsModel(QAbstractTableModel):
    """One row per account: name, domain, tier, stage, last researched, next call.

    The model sorts itself (`sort`); `haystack[row]` is what the filter searches.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AccountRow] = []
        self._keys: list[tuple[Any, ...]] = []
        self.haystack: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

    @staticmethod
    def _prepare(row: AccountRow) -> tuple[tuple[Any, ...], str]:
        return sort_keys(row), f"{row.name}\n{row.domain}".casefold()

    def set_rows(self, rows: list[AccountRow]) -> None:
        self.beginResetModel()
        prepared = [self._prepare(row) for row in rows]
        self._rows = list(rows)
        self._keys = [p[0] for p in prepared]
        self.haystack = [p[1] for p in prepared]
        self._apply_sort()
        self.endResetModel()

    def update_row(self, row: AccountRow) -> None:
        """Refresh one account's line in place (keeps the selection and the view's state)."""
        number = self.row_of(row.id)
        if number < 0:
            return
        self._rows[number] = row
        self._keys[number], self.haystack[number] = self._prepare(row)
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
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and row.next_call_at:
            return f"Next planned call: {row.next_call_at.astimezone():%d %b %Y %H:%M}"
        return None

    def _apply_sort(self) -> list[int]:
        column, order = self._sort
        keys = self._keys
        permutation = sorted(range(len(self._rows)), key=lambda i: keys[i][column],
                             reverse=order == Qt.SortOrder.DescendingOrder)
        if len(permutation) > 1:
            pick = itemgetter(*permutation)
            self._rows, self._keys = list(pick(self._rows)), list(pick(keys))
            self.haystack = list(pick(self.haystack))
        return permutation

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The view asks twice for one click (header signal and sortByColumn): once is enough.
        if not 0 <= column < len(COLUMNS) or (column, order) == self._sort:
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        permutation = self._apply_sort()
        # Keep selections and the current row on the same accounts after the move.
        new_row = {old: new for new, old in enumerate(permutation)}
        old_indexes = self.persistentIndexList()
        self.changePersistentIndexList(
            old_indexes, [self.index(new_row[i.row()], i.column()) for i in old_indexes])
        self.layoutChanged.emit()


class AccountFilterProxy(QSortFilterProxyModel):
    """Filters on name and domain as the rep types; the model does the sorting."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_needle(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        self.beginFilterChange()
        self._needle = needle
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, AccountsModel)
        return self._needle in model.haystack[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The proxy keeps the model's order (its own sort column stays -1).
        model = self.sourceModel()
        if isinstance(model, AccountsModel):
            model.sort(column, order)
