"""The account list through Qt at a territory's scale: the program's model in a view.

`ui.accounts_model` keeps each row's sort keys, the rows' order by each column and a
casefolded haystack, and sorts and filters itself (no proxy between it and the view).
This module sets it up as the main window does (the list's own view from
`ui.accounts_view`, sorted by name and painted by its delegate, with its columns from
`ui.account_columns`, on screen offscreen)
and times what a rep does with it: fill it, type a filter key by key, sort by each
column, each until the view has repainted.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView, QWidget  # noqa: E402

from benchmarks import harness  # noqa: E402
from ui import account_columns  # noqa: E402
from ui.accounts_model import COLUMNS, AccountsModel  # noqa: E402
from ui.accounts_view import account_list  # noqa: E402
from workbench.accounts import AccountRow  # noqa: E402

LABEL = "program's Qt model"


def app() -> QApplication:
    existing = QApplication.instance()
    return existing if isinstance(existing, QApplication) else QApplication([])


def setup_view() -> tuple[AccountsModel, QTableView]:
    """The main window's set-up: its own list view of the model (sorted by name, painted
    by the list's delegate) and its columns (widths, the ones shown)."""
    model = AccountsModel()
    view = account_list(model)
    account_columns.set_up(view, QWidget())
    view.resize(1000, 700)
    view.show()
    return model, view


FILTER_LIMIT_S = 0.010  # a keystroke; sorting keeps the suite's 30 ms
SETTLE_ROUNDS = 4  # event-loop passes: the view's delayed layout, then its repaint


class _PaintCounter(QObject):
    """Counts the paints of the view's viewport: a step is timed until it has repainted."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


class _Clock:
    """Times steps by wall clock and by this process's CPU time, each until repainted."""

    def __init__(self, qt_app: QApplication, counter: _PaintCounter) -> None:
        self.qt_app, self.counter = qt_app, counter
        self.cpu: list[float] = []
        self.walls: list[float] = []
        self.repainted: list[bool] = []

    def time(self, action: Callable[[], object]) -> float:
        before = self.counter.paints
        cpu = time.process_time()
        wall = time.perf_counter()
        action()
        # One pass runs the view's delayed layout, the next its repaint; a step that
        # changes nothing on screen (the same rows) paints nothing and costs the passes.
        for _ in range(SETTLE_ROUNDS):
            self.qt_app.processEvents()
        wall = time.perf_counter() - wall
        self.cpu.append(time.process_time() - cpu)
        self.walls.append(wall)
        self.repainted.append(self.counter.paints > before)
        return wall

    def changed(self) -> list[float]:
        """The wall times of the steps that changed the list on screen (or all, if none)."""
        picked = [w for w, painted in zip(self.walls, self.repainted, strict=True) if painted]
        return picked or self.walls

    def note(self) -> str:
        painted = [c for c, p in zip(self.cpu, self.repainted, strict=True) if p]
        text = (f"{sum(self.repainted)} of {len(self.walls)} steps repainted the list; "
                f"CPU median {statistics.median(painted or self.cpu) * 1000:.1f} ms")
        if len(painted) < len(self.walls):
            text += (f" over those (all steps: wall {statistics.median(self.walls) * 1000:.1f} ms, "
                     f"CPU {statistics.median(self.cpu) * 1000:.1f} ms)")
        return text


def measure(rows: Sequence[AccountRow], queries: Sequence[str], rounds: int,
            limit_s: float, filter_limit_s: float = FILTER_LIMIT_S) -> list[harness.Row]:
    """Load `rows`, type each of `queries` key by key, sort by each column; three rows."""
    qt_app = app()
    model, view = setup_view()
    counter = _PaintCounter()
    view.viewport().installEventFilter(counter)
    qt_app.processEvents()
    loading, typing, sorting = (_Clock(qt_app, counter) for _ in range(3))

    loading.time(lambda: model.set_rows(list(rows)))  # warm-up
    loads = [loading.time(lambda: model.set_rows(list(rows)))
             for _ in range(max(2, rounds // 3))]
    keys = [q[:end] for q in queries for end in range(1, len(q) + 1)]
    for _ in range(max(1, rounds // 3)):
        for key in keys:
            typing.time(lambda k=key: model.set_needle(k))
        model.set_needle("")
        qt_app.processEvents()
    sorts: list[float] = []
    for _ in range(max(1, rounds // 3)):
        for column in (*range(1, len(COLUMNS)), 0):
            sorts.append(sorting.time(
                lambda c=column: view.sortByColumn(c, Qt.SortOrder.AscendingOrder)))
    # The floor: the view repainting the same rows, with nothing changed in the model.
    repainting = _Clock(qt_app, counter)
    bare = [repainting.time(view.viewport().repaint) for _ in range(max(5, rounds))]
    shown = model.rowCount()
    view.viewport().removeEventFilter(counter)
    view.close()
    view.deleteLater()
    qt_app.processEvents()
    floor_note = (f"floor: the view repainting itself unchanged (CPU median "
                  f"{statistics.median(repainting.cpu) * 1000:.1f} ms)")
    return [
        harness.row(f"account list ({LABEL}): load {len(rows)} rows into the view", loads,
                    target="(part of cold start)",
                    note=f"{shown} rows shown at the end; {loading.note()}"),
        # Over the keystrokes that changed what the list shows: one that leaves the same
        # accounts (typing on inside one company's name) costs next to nothing.
        harness.row(f"account list ({LABEL}): filter per keystroke", typing.changed(),
                    target=f"median < {filter_limit_s * 1000:.0f} ms", limit_s=filter_limit_s,
                    floor_samples=bare, note=f"{typing.note()}; {floor_note}"),
        harness.row(f"account list ({LABEL}): sort by each column", sorts,
                    target="median < 30 ms", limit_s=limit_s, floor_samples=bare,
                    note=f"{sorting.note()}; {floor_note}"),
    ]
