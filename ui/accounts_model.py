"""The account list as one item model that sorts and filters itself.

At a territory's scale (10,000 accounts) every Python call per row or per cell
counts: a `QSortFilterProxyModel` calls Python `data()` for each comparison (a
second per sort), and even a Python proxy between the view and the model costs
the view two more Python calls per painted cell (`flags` through `mapToSource`,
then `data` forwarded). So there is no proxy: the model the view shows holds

- every row in the order it was given, with per column its sort keys (computed
  once, in a worker at start-up: `prepare_rows`) and, from the first sort by
  that column on, the order of the rows by them; and a casefolded haystack of
  name and domain;
- the order of the current sort, and the rows shown: that order narrowed to
  the rows whose haystack holds what the rep typed.

A keystroke is one list comprehension (over the rows shown before when a
character was added, so typing narrows an ever shorter list) and one layout
change; a sort picks the column's order (sorting the keys the first time only).
The orders are sorted on the GUI thread, not in the worker: one `sorted` call
holds the interpreter lock throughout, which would stall the list as it fills. Selections and the current row follow
their accounts (persistent indexes), or go where the account is filtered away.
`data()` answers the display role from a per-row cache of formatted cells and
every other role with a single comparison (measured in
`benchmarks/bench_account_list.py`).
"""

from __future__ import annotations

import bisect
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
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
# Plain ints: `data()` compares the role it is asked for several times per painted cell.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ID = int(ID_ROLE)
_DESCENDING = Qt.SortOrder.DescendingOrder
_HORIZONTAL = Qt.Orientation.Horizontal
# Filtering and sorting change only which rows show in which order: said with this hint,
# the column header (and anything else keyed to columns) skips its own re-layout and
# repaint on every keystroke.
_ROWS_ONLY = QAbstractItemModel.LayoutChangeHint.VerticalSortHint
_HINTED = "QList<QPersistentModelIndex>,QAbstractItemModel::LayoutChangeHint"


def _day(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone().strftime("%d %b %Y")


def sort_keys(row: AccountRow) -> tuple[Any, ...]:
    """What each column sorts by; empty dates sort last in ascending order."""
    return (row.name.lower(), row.domain, row.tier, _STAGE_ORDER.get(row.stage, 9),
            row.last_researched_at.isoformat() if row.last_researched_at else "~",
            row.next_call_at.isoformat() if row.next_call_at else "~")


def cells(row: AccountRow) -> tuple[str, ...]:
    """The six texts the list shows for `row`."""
    return (row.name, row.domain, row.tier, row.stage.capitalize(),
            _day(row.last_researched_at), _day(row.next_call_at))


def _haystack(row: AccountRow) -> str:
    return f"{row.name}\n{row.domain}".casefold()


class PreparedRows:
    """Rows with what sorting and filtering need, computed off the GUI thread if wanted:
    per column the sort keys, and the casefolded name and domain to search. `orders`
    holds per column the rows' ascending order by it, once the model has sorted by it."""

    def __init__(self, rows: list[AccountRow]) -> None:
        keys = [sort_keys(row) for row in rows]
        self.rows = list(rows)
        self.columns: list[list[Any]] = [list(column) for column in zip(*keys, strict=True)] \
            if keys else [[] for _ in COLUMNS]
        self.orders: list[list[int] | None] = [None for _ in self.columns]
        self.haystack = [_haystack(row) for row in rows]

    def copy(self) -> PreparedRows:
        """The same rows in new lists (a model changes its lists in place)."""
        twin = PreparedRows([])
        twin.rows = list(self.rows)
        twin.columns = [list(column) for column in self.columns]
        twin.orders = [list(order) if order is not None else None for order in self.orders]
        twin.haystack = list(self.haystack)
        return twin


def prepare_rows(rows: list[AccountRow]) -> PreparedRows:
    return PreparedRows(rows)


class AccountsModel(QAbstractTableModel):
    """One row per shown account: name, domain, tier, stage, last researched, next call.

    Sorts itself (`sort`, as the view's header asks) and filters itself (`set_needle`).
    Row numbers are those of the rows shown: `row_of` is -1 for an account that is
    filtered away, `holds` tells whether it is in the list at all.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # The overloads of the layout signals that carry a hint (PySide6 picks them by name).
        self._layout_about_to_change = self.layoutAboutToBeChanged[_HINTED]  # type: ignore[index]
        self._layout_changed = self.layoutChanged[_HINTED]  # type: ignore[index]
        self._set(PreparedRows([]))
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)
        self._needle = ""
        self._order: list[int] = []   # the rows (stored positions) in the current sort
        self._shown: list[int] = []   # the rows shown: `_order` narrowed by the needle

    def _set(self, prepared: PreparedRows) -> None:
        self._rows = prepared.rows
        self._columns = prepared.columns
        self._orders = prepared.orders
        self._haystack = prepared.haystack
        self._cells: list[tuple[str, ...] | None] = [None] * len(prepared.rows)
        self._position = {row.id: stored for stored, row in enumerate(prepared.rows)}

    # -- what the rest of the program asks ------------------------------------------------------

    def set_rows(self, rows: list[AccountRow] | PreparedRows) -> None:
        prepared = rows if isinstance(rows, PreparedRows) else prepare_rows(list(rows))
        self.beginResetModel()
        self._set(prepared)
        self._order = self._ordered()
        self._shown = self._narrowed(self._order, self._needle)
        self.endResetModel()

    def update_row(self, row: AccountRow) -> None:
        """Refresh one account's line (it moves if its sort key or its match changed)."""
        stored = self._position.get(row.id)
        if stored is None:
            return
        self._rows[stored] = row
        self._cells[stored] = None
        self._haystack[stored] = _haystack(row)
        for column, key in enumerate(sort_keys(row)):
            if self._columns[column][stored] != key:
                self._columns[column][stored] = key
                order = self._orders[column]
                if order is not None:  # sorted by it before: move the row to its place
                    order.remove(stored)
                    bisect.insort(order, stored, key=self._columns[column].__getitem__)
        self._order = self._ordered()
        if not self._show(self._narrowed(self._order, self._needle)):
            shown = self.row_of(row.id)
            if shown >= 0:
                self.dataChanged.emit(self.index(shown, 0), self.index(shown, len(COLUMNS) - 1))

    def row_of(self, account_id: int) -> int:
        """The row showing `account_id`, or -1 (not in the list, or filtered away)."""
        stored = self._position.get(account_id)
        if stored is None:
            return -1
        try:
            return self._shown.index(stored)
        except ValueError:
            return -1

    def holds(self, account_id: int) -> bool:
        """Whether `account_id` is in the list, shown or filtered away."""
        return account_id in self._position

    def total(self) -> int:
        """How many accounts the list holds, shown or filtered away."""
        return len(self._rows)

    def account_ids(self) -> list[int]:
        """Every account in the list, shown or not."""
        return [row.id for row in self._rows]

    def cell_text(self, number: int, column: int) -> str:
        """The text shown in row `number` (of the rows shown), `column`; "" outside them.
        What `data()` gives for the display role, for the list's delegate to paint."""
        if not 0 <= number < len(self._shown):
            return ""
        stored = self._shown[number]
        texts = self._cells[stored]
        if texts is None:
            texts = self._cells[stored] = cells(self._rows[stored])
        return texts[column]

    def set_needle(self, text: str) -> None:
        """Show only the accounts whose name or domain holds `text` (any case)."""
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        # A character added can only narrow what is shown: search only that.
        base = self._shown if self._needle and self._needle in needle else self._order
        self._needle = needle
        self._show(self._narrowed(base, needle))

    # -- the item model ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> Any:
        # The header repaints after each keystroke's layout change and asks a dozen roles
        # of each section: compare plain ints, not enum members (slow to look up in PySide6).
        if role == _DISPLAY and orientation == _HORIZONTAL:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Asked for seven roles of every painted cell at each repaint: the display role
        # comes from the cache, the others that show nothing leave after one comparison.
        if role == _DISPLAY:
            number = index.row()
            if not 0 <= number < len(self._shown):
                return None
            stored = self._shown[number]
            texts = self._cells[stored]
            if texts is None:
                texts = self._cells[stored] = cells(self._rows[stored])
            return texts[index.column()]
        if role == _ID:
            number = index.row()
            return self._rows[self._shown[number]].id if 0 <= number < len(self._shown) \
                else None
        if role == _TOOLTIP and index.column() == 5:
            number = index.row()
            if 0 <= number < len(self._shown):
                when = self._rows[self._shown[number]].next_call_at
                if when:
                    return f"Next planned call: {when.astimezone():%d %b %Y %H:%M}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The view asks twice for one click (header signal and sortByColumn): once is enough.
        if not 0 <= column < len(COLUMNS) or (column, order) == self._sort:
            return
        self._sort = (column, order)
        self._order = self._ordered()
        self._show(self._narrowed(self._order, self._needle))

    # -- sorting and filtering -----------------------------------------------------------------

    def _ordered(self) -> list[int]:
        column, order = self._sort
        ascending = self._orders[column]
        if ascending is None:
            keys = self._columns[column]
            ascending = self._orders[column] = sorted(range(len(keys)), key=keys.__getitem__)
        return ascending[::-1] if order == _DESCENDING else list(ascending)

    def _narrowed(self, base: list[int], needle: str) -> list[int]:
        if not needle:
            return list(base)
        haystack = self._haystack
        return [stored for stored in base if needle in haystack[stored]]

    def _show(self, shown: list[int]) -> bool:
        """Show `shown` in one layout change, the persistent indexes (selection, current
        row) following their accounts; False if nothing changed."""
        if shown == self._shown:
            return False
        self._layout_about_to_change.emit([], _ROWS_ONLY)
        old = self.persistentIndexList()
        held = [(self._shown[index.row()], index.column()) for index in old]
        self._shown = shown
        if old:
            if len(held) > 8:
                place = {stored: number for number, stored in enumerate(shown)}
                rows = [place.get(stored, -1) for stored, _column in held]
            else:
                rows = [_find(shown, stored) for stored, _column in held]
            self.changePersistentIndexList(
                old, [self.index(row, column) if row >= 0 else QModelIndex()
                      for row, (_stored, column) in zip(rows, held, strict=True)])
        self._layout_changed.emit([], _ROWS_ONLY)
        return True


def _find(values: list[int], value: int) -> int:
    try:
        return values.index(value)
    except ValueError:
        return -1
