"""The account list through Qt at a territory's scale: the program's model and proxy in a view.

`ui.accounts_model` keeps each row's sort keys and a casefolded haystack, sorts
itself with `list.sort` and lets its proxy filter with one list lookup per row.
This module sets the pair up as the main window does (a sortable `QTableView`
sorted by name, the proxy between, on screen offscreen) and times what a rep
does with it: fill it, type a filter key by key, sort by each column, each
until the view has repainted.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from benchmarks import harness  # noqa: E402
from ui.accounts_model import COLUMNS, AccountFilterProxy, AccountsModel  # noqa: E402
from workbench.accounts import AccountRow  # noqa: E402

LABEL = "program's Qt model"


def app() -> QApplication:
    existing = QApplication.instance()
    return existing if isinstance(existing, QApplication) else QApplication([])


def setup_view() -> tuple[AccountsModel, AccountFilterProxy, QTableView]:
    """The main window's set-up: a sortable view sorted by name, the proxy between."""
    model = AccountsModel()
    proxy = AccountFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    # As ui/main_window.py sets its list up: no row numbers, alternating rows, one line each.
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.resize(1000, 700)
    view.show()
    return model, proxy, view


FILTER_LIMIT_S = 0.010  # a keystroke; sorting keeps the suite's 30 ms


def measure(rows: Sequence[AccountRow], queries: Sequence[str], rounds: int,
            limit_s: float, filter_limit_s: float = FILTER_LIMIT_S) -> list[harness.Row]:
    """Load `rows`, type each of `queries` key by key, sort by each column; three rows."""
    qt_app = app()
    model, proxy, view = setup_view()
    qt_app.processEvents()

    def settle(action: Callable[[], object]) -> Callable[[], object]:
        return lambda: (action(), qt_app.processEvents())

    loads = harness.repeat(settle(lambda: model.set_rows(list(rows))), max(2, rounds // 3))
    keys = [q[:end] for q in queries for end in range(1, len(q) + 1)]
    per_key: list[float] = []
    for _ in range(max(1, rounds // 3)):
        for key in keys:
            per_key.append(harness.timed(settle(lambda k=key: proxy.set_needle(k))))
        proxy.set_needle("")
        qt_app.processEvents()
    sorts: list[float] = []
    for _ in range(max(1, rounds // 3)):
        for column in (*range(1, len(COLUMNS)), 0):
            sorts.append(harness.timed(settle(
                lambda c=column: view.sortByColumn(c, Qt.SortOrder.AscendingOrder))))
    shown = proxy.rowCount()
    view.close()
    view.deleteLater()
    qt_app.processEvents()
    return [
        harness.row(f"account list ({LABEL}): load {len(rows)} rows into the view", loads,
                    target="(part of cold start)", note=f"{shown} rows shown at the end"),
        harness.row(f"account list ({LABEL}): filter per keystroke", per_key,
                    target=f"median < {filter_limit_s * 1000:.0f} ms", limit_s=filter_limit_s),
        harness.row(f"account list ({LABEL}): sort by each column", sorts,
                    target="median < 30 ms", limit_s=limit_s),
    ]
