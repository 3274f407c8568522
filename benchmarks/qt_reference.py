"""The account list through Qt at 10,000 rows: the program's model and proxy, and a faster pair.

The program's `ui.accounts_model` lets the `QSortFilterProxyModel` do the work: to
sort, the proxy calls the Python `data()` for both sides of every comparison; to
filter, it calls the Python `filterAcceptsRow` which calls `data()` twice and a
regular expression per row. At a territory's scale that is 150,000 calls into
Python for one sort. `FastAccountsModel` and `FastAccountFilterProxy` are
drop-in replacements (same roles, same `set_rows`/`update_row`/`row_of`/`set_needle`)
that precompute what they compare: the model sorts itself with `list.sort` and a
key, the proxy filters on a precomputed lower-case haystack. Both pairs are
measured side by side, in a view on screen (offscreen), as the main window uses them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from benchmarks import harness  # noqa: E402
from ui.accounts_model import (  # noqa: E402
    _STAGE_ORDER,
    COLUMNS,
    SORT_ROLE,
    AccountFilterProxy,
    AccountsModel,
)
from workbench.accounts import AccountRow  # noqa: E402

Index = QModelIndex | QPersistentModelIndex


def sort_keys(row: AccountRow) -> tuple[Any, ...]:
    """The values `AccountsModel` gives for SORT_ROLE, one per column, computed once."""
    return (row.name.lower(), row.domain, row.tier, _STAGE_ORDER.get(row.stage, 9),
            row.last_researched_at.isoformat() if row.last_researched_at else "~",
            row.next_call_at.isoformat() if row.next_call_at else "~")


class FastAccountsModel(AccountsModel):
    """`AccountsModel` that keeps each row's sort keys and haystack, and sorts itself."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
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
        number = self.row_of(row.id)
        if number >= 0:
            self._keys[number], self.haystack[number] = self._prepare(row)
        super().update_row(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == SORT_ROLE and index.isValid():
            return self._keys[index.row()][index.column()]
        return super().data(index, role)

    def _apply_sort(self) -> list[int]:
        column, order = self._sort
        reverse = order == Qt.SortOrder.DescendingOrder
        keys = self._keys
        permutation = sorted(range(len(self._rows)), key=lambda i: keys[i][column],
                             reverse=reverse)
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


class FastAccountFilterProxy(AccountFilterProxy):
    """Filters on the model's precomputed haystack; hands sorting to the model."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_needle(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        if hasattr(self, "beginFilterChange"):
            # Qt 6.10's way to say "the filter changed" (invalidateFilter is deprecated).
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._needle = needle
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        # One list lookup per row: no QModelIndex, no data(), no regular expression.
        return self._needle in self.sourceModel().haystack[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The proxy keeps the model's order (sort column -1); the model does the sorting.
        self.sourceModel().sort(column, order)


def _app() -> QApplication:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication([])


def _setup(model_cls: type, proxy_cls: type) -> tuple[Any, QSortFilterProxyModel, QTableView]:
    # The main window's set-up: a sortable view sorted by name, the proxy between.
    model = model_cls()
    proxy = proxy_cls()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.resize(1000, 700)
    view.show()
    return model, proxy, view


def measure_pair(label: str, model_cls: type, proxy_cls: type, rows: Sequence[AccountRow],
                 queries: Sequence[str], rounds: int, limit_s: float) -> list[harness.Row]:
    app = _app()
    model, proxy, view = _setup(model_cls, proxy_cls)
    app.processEvents()

    def settle(action: Callable[[], object]) -> Callable[[], object]:
        return lambda: (action(), app.processEvents())

    loads = harness.repeat(settle(lambda: model.set_rows(list(rows))), max(2, rounds // 3))
    keys = [q[:end] for q in queries for end in range(1, len(q) + 1)]
    per_key: list[float] = []
    for _ in range(max(1, rounds // 3)):
        for key in keys:
            per_key.append(harness.timed(settle(lambda k=key: proxy.set_needle(k))))
        proxy.set_needle("")
        app.processEvents()
    sorts: list[float] = []
    for _ in range(max(1, rounds // 3)):
        for column in (*range(1, len(COLUMNS)), 0):
            sorts.append(harness.timed(settle(
                lambda c=column: view.sortByColumn(c, Qt.SortOrder.AscendingOrder))))
    shown = proxy.rowCount()
    view.close()
    view.deleteLater()
    app.processEvents()
    return [
        harness.row(f"account list ({label}): load {len(rows)} rows into the view", loads,
                    target="(part of cold start)", note=f"{shown} rows shown at the end"),
        harness.row(f"account list ({label}): filter per keystroke", per_key,
                    target="median < 30 ms", limit_s=limit_s),
        harness.row(f"account list ({label}): sort by each column", sorts,
                    target="median < 30 ms", limit_s=limit_s),
    ]


def measure(rows: Sequence[AccountRow], queries: Sequence[str], rounds: int,
            limit_s: float) -> list[harness.Row]:
    return (measure_pair("program's Qt model", AccountsModel, AccountFilterProxy, rows, queries,
                         rounds, limit_s)
            + measure_pair("proposed Qt model", FastAccountsModel, FastAccountFilterProxy, rows,
                           queries, rounds, limit_s))
