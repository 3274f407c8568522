"""The account list as an item model, and the proxy that filters it.

At a territory's scale (10,000 accounts) the generic way, a `QSortFilterProxyModel`
calling Python `data()` for every comparison, takes a second per sort and a quarter
second per keystroke; even one Python `filterAcceptsRow` call per row costs 27 ms a
keystroke. So the model keeps one list of sort keys per column and a lower-case
haystack, computed once (in a worker at start-up, `prepare_rows`), sorts itself by
permuting those lists, and the proxy filters with one list comprehension over the
haystack and a single layout change, never calling Python once per row
(measured in `benchmarks/bench_account_list.py`).
"""

from __future__ import annotations

from datetime import datetime
from operator import itemgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

# The light module, not workbench.accounts: the start-up window shows this model
# before SQLAlchemy is imported.
from workbench.account_rows import AccountRow

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


class PreparedRows:
    """Rows with what sorting and filtering need, computed off the GUI thread if wanted:
    per column a list of sort keys, and the casefolded name and domain to search."""

    def __init__(self, rows: list[AccountRow]) -> None:
        keys = [sort_keys(row) for row in rows]
        self.rows = list(rows)
        self.columns: list[list[Any]] = [list(column) for column in zip(*keys, strict=True)] \
            if keys else [[] for _ in COLUMNS]
        self.haystack = [f"{row.name}\n{row.domain}".casefold() for row in rows]


def prepare_rows(rows: list[AccountRow]) -> PreparedRows:
    return PreparedRows(rows)


class AccountsModel(QAbstractTableModel):
    """One row per account: name, domain, tier, stage, last researched, next call.

    The model sorts itself (`sort`); `haystack[row]` is what the filter searches.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AccountRow] = []
        self._columns: list[list[Any]] = [[] for _ in COLUMNS]
        self.haystack: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

    def set_rows(self, rows: list[AccountRow] | PreparedRows) -> None:
        prepared = rows if isinstance(rows, PreparedRows) else prepare_rows(list(rows))
        self.beginResetModel()
        self._rows = prepared.rows
        self._columns = prepared.columns
        self.haystack = prepared.haystack
        self._apply_sort()
        self.endResetModel()

    def update_row(self, row: AccountRow) -> None:
        """Refresh one account's line in place (keeps the selection and the view's state)."""
        number = self.row_of(row.id)
        if number < 0:
            return
        self._rows[number] = row
        for column, key in enumerate(sort_keys(row)):
            self._columns[column][number] = key
        self.haystack[number] = f"{row.name}\n{row.domain}".casefold()
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
        return self.value(index.row(), index.column(), role)

    def value(self, number: int, column: int, role: int) -> Any:
        """`data()` by row number: the proxy asks here without making an index."""
        # Called for every role of every visible cell on each repaint: roles that show
        # nothing leave at once, and only the asked-for column is formatted.
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(self._rows[number], column) if 0 <= number < len(self._rows) \
                else None
        if role == ID_ROLE:
            return self._rows[number].id if 0 <= number < len(self._rows) else None
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and 0 <= number < len(self._rows):
            row = self._rows[number]
            if row.next_call_at:
                return f"Next planned call: {row.next_call_at.astimezone():%d %b %Y %H:%M}"
        return None

    def _apply_sort(self) -> list[int]:
        column, order = self._sort
        keys = self._columns[column]
        permutation = sorted(range(len(self._rows)), key=keys.__getitem__,
                             reverse=order == Qt.SortOrder.DescendingOrder)
        if len(permutation) > 1 and permutation != list(range(len(permutation))):
            pick = itemgetter(*permutation)
            self._rows = list(pick(self._rows))
            self._columns = [list(pick(values)) for values in self._columns]
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
        old_indexes = self.persistentIndexList()
        if old_indexes:
            new_row = {old: new for new, old in enumerate(permutation)}
            self.changePersistentIndexList(
                old_indexes, [self.index(new_row[i.row()], i.column()) for i in old_indexes])
        self.layoutChanged.emit()


def _display(row: AccountRow, column: int) -> str:
    if column == 0:
        return row.name
    if column == 1:
        return row.domain
    if column == 2:
        return row.tier
    if column == 3:
        return row.stage.capitalize()
    if column == 4:
        return _day(row.last_researched_at)
    return _day(row.next_call_at) if column == 5 else ""


class AccountFilterProxy(QAbstractProxyModel):
    """Filters the accounts model on name and domain as the rep types; the model sorts.

    A filter change is one list comprehension over the model's haystack and one layout
    change (selections and the current row follow their accounts, or go where the
    account is filtered away); no Python call per row. The source model changes by
    reset, by layout (its sort) and by `dataChanged` (one row refreshed) only.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._shown: list[int] = []    # proxy row -> source row
        self._at: list[int] = []       # source row -> proxy row, or -1 where filtered away
        self._held: list[QPersistentModelIndex] = []

    # -- wiring to the source ------------------------------------------------------------------

    def setSourceModel(self, model: Any) -> None:
        old = self.sourceModel()
        if old is not None:
            old.modelAboutToBeReset.disconnect(self._on_about_to_reset)
            old.modelReset.disconnect(self._on_reset)
            old.layoutAboutToBeChanged.disconnect(self._on_layout_about_to_change)
            old.layoutChanged.disconnect(self._on_layout_changed)
            old.dataChanged.disconnect(self._on_data_changed)
        self.beginResetModel()
        super().setSourceModel(model)
        if model is not None:
            model.modelAboutToBeReset.connect(self._on_about_to_reset)
            model.modelReset.connect(self._on_reset)
            model.layoutAboutToBeChanged.connect(self._on_layout_about_to_change)
            model.layoutChanged.connect(self._on_layout_changed)
            model.dataChanged.connect(self._on_data_changed)
        self._refilter()
        self.endResetModel()

    def _on_about_to_reset(self) -> None:
        self.beginResetModel()

    def _on_reset(self) -> None:
        self._refilter()
        self.endResetModel()

    def _on_layout_about_to_change(self) -> None:
        self.layoutAboutToBeChanged.emit()
        # Source rows are about to move: hold them as the source's own persistent indexes.
        self._held = [QPersistentModelIndex(self.mapToSource(index))
                      for index in self.persistentIndexList()]

    def _on_layout_changed(self) -> None:
        old = self.persistentIndexList()
        self._refilter()
        self.changePersistentIndexList(old, [self.mapFromSource(QModelIndex(held))
                                             for held in self._held])
        self._held = []
        self.layoutChanged.emit()

    def _on_data_changed(self, top: QModelIndex, bottom: QModelIndex, roles: Any = ()) -> None:
        if self._needle:  # the changed name or domain may now match, or no longer
            self._relayout()
            return
        first, last = self.mapFromSource(top), self.mapFromSource(bottom)
        if first.isValid() and last.isValid():
            self.dataChanged.emit(first, last)

    # -- filtering -----------------------------------------------------------------------------

    def set_needle(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        self._needle = needle
        self._relayout()

    def _relayout(self) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        sources = [(self._shown[i.row()], i.column()) for i in old]
        self._refilter()
        self.changePersistentIndexList(old, [self._proxy_index(row, column)
                                             for row, column in sources])
        self.layoutChanged.emit()

    def _proxy_index(self, source_row: int, column: int) -> QModelIndex:
        row = self._at[source_row] if 0 <= source_row < len(self._at) else -1
        return self.createIndex(row, column) if row >= 0 else QModelIndex()

    def _refilter(self) -> None:
        model = self.sourceModel()
        haystack: list[str] = model.haystack if isinstance(model, AccountsModel) else []
        needle = self._needle
        if needle:
            self._shown = [row for row, text in enumerate(haystack) if needle in text]
        else:
            self._shown = list(range(len(haystack)))
        at = [-1] * len(haystack)
        for proxy_row, source_row in enumerate(self._shown):
            at[source_row] = proxy_row
        self._at = at

    # -- the proxy model -----------------------------------------------------------------------

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        model = self.sourceModel()
        if model is None or not proxy_index.isValid() \
                or not 0 <= proxy_index.row() < len(self._shown):
            return QModelIndex()
        return model.index(self._shown[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        return self._proxy_index(source_index.row(), source_index.column())

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._shown) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        model = self.sourceModel()
        row = index.row()
        if not isinstance(model, AccountsModel) or not 0 <= row < len(self._shown):
            return None
        return model.value(self._shown[row], index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The proxy keeps the model's order.
        model = self.sourceModel()
        if isinstance(model, AccountsModel):
            model.sort(column, order)
