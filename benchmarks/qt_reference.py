"""The account list through Qt: a reference table model, a `QSortFilterProxyModel`, a view.

Used by the account-list measurement until the lead's `ui.accounts_model` is
merged. Two ways are timed for each operation, so the numbers say which one a
10,000-row list needs: the proxy doing the work by calling the Python model's
`data()` for every row (and every comparison when sorting), and the model doing
it in Python on its own rows (filter: a precomputed lower-case haystack; sort:
`sorted` with a key, then `layoutChanged`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import (  # noqa: E402
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from benchmarks import harness  # noqa: E402
from workbench.accounts import AccountRow  # noqa: E402

HEADERS = ("name", "domain", "tier", "stage", "last researched", "next call")
Index = QModelIndex | QPersistentModelIndex


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    return "" if value is None else str(value)


class ReferenceAccountsModel(QAbstractTableModel):
    """A plain table model over `AccountRow`s, able to filter and sort itself."""

    def __init__(self, rows: Sequence[AccountRow]) -> None:
        super().__init__()
        self._all = list(rows)
        self._cells = [tuple(_text(v) for v in (r.name, r.domain, r.tier, r.stage,
                                                 r.last_researched_at, r.next_call_at))
                       for r in self._all]
        self._haystack = [f"{c[0]}\n{c[1]}".casefold() for c in self._cells]
        self._shown = list(range(len(self._all)))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self._cells[self._shown[index.row()]][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def filter_in_python(self, typed: str) -> None:
        needle = typed.casefold()
        self.beginResetModel()
        self._shown = [i for i, hay in enumerate(self._haystack) if needle in hay]
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        cells = self._cells
        self._shown.sort(key=lambda i: cells[i][column].casefold(),
                         reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


def _app() -> QApplication:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication([])


def measure(rows: Sequence[AccountRow], queries: Sequence[str], columns: Sequence[str],
            rounds: int, limit_s: float) -> list[harness.Row]:
    app = _app()
    model = ReferenceAccountsModel(rows)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    view = QTableView()
    view.setModel(proxy)
    view.resize(1000, 700)
    view.show()
    app.processEvents()
    keys = [q[:end] for q in queries for end in range(1, len(q) + 1)]

    def each_key(action: Any) -> list[float]:
        samples = []
        for _ in range(max(1, rounds // 3)):
            for key in keys:
                samples.append(harness.timed(lambda k=key: (action(k), app.processEvents())))
            action("")
            app.processEvents()
        return samples

    result = [
        harness.row("account list: Qt proxy filter, all columns", each_key(
            proxy.setFilterFixedString), target="median < 30 ms", limit_s=limit_s,
            note="QSortFilterProxyModel calling data() for every row and column"),
    ]
    proxy.setFilterKeyColumn(0)
    result.append(harness.row("account list: Qt proxy filter, name column", each_key(
        proxy.setFilterFixedString), target="median < 30 ms", limit_s=limit_s))
    proxy.setFilterKeyColumn(-1)
    result.append(harness.row("account list: Qt model filters itself", each_key(
        model.filter_in_python), target="median < 30 ms", limit_s=limit_s,
        note="model keeps a lower-case haystack and resets"))
    proxy_sorts: list[float] = []
    model_sorts: list[float] = []
    for _ in range(max(1, rounds // 3)):
        for column in range(len(columns)):
            proxy_sorts.append(harness.timed(lambda c=column: (
                QSortFilterProxyModel.sort(proxy, c), app.processEvents())))
            proxy.sort(-1)
            app.processEvents()
            model_sorts.append(harness.timed(lambda c=column: (model.sort(c),
                                                               app.processEvents())))
    result.append(harness.row("account list: Qt proxy sort, each column", proxy_sorts,
                              target="median < 30 ms", limit_s=limit_s,
                              note="proxy comparing data() values, n log n calls into Python"))
    result.append(harness.row("account list: Qt model sorts itself, each column", model_sorts,
                              target="median < 30 ms", limit_s=limit_s))
    view.close()
    view.deleteLater()
    app.processEvents()
    return result
