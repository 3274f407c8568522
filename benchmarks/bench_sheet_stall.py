"""The longest GUI-thread stall while the Calls tab shows the sheet of the call just selected.

A 5 ms `QTimer` ticks on the GUI thread; from one tick the rep's selection moves to the
demo account's other call, and the loop runs on until that call's sheet is in the
preview, then 100 ms more. The longest gap between ticks, less the interval, is the
stall the rep feels; beside it, the GUI thread's own CPU time during that gap
(`time.thread_time`), so a gap stretched by the neighbours' load can be told from work
the window did. Two rows: the first look at a call (nothing of its sheet remembered:
every fitting level laid out, the map drawn) and coming back to one (its budget and map
remembered). The floor is the same loop with nothing selected. The tab gets a job runner
on a real thread pool where it takes one (the window's, in the program).

Run: `python -m benchmarks.bench_sheet_stall [--quick]`.
"""

from __future__ import annotations

import inspect
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import harness

TICK_S = 0.005
LIMIT_S = 0.050
TAIL_S = 0.100


def _episode(select: Any, done: Any) -> tuple[float, float]:
    """(stall, GUI-thread CPU in the longest gap) while `select()` runs from a tick and
    the loop waits for `done()`."""
    from PySide6.QtCore import QEventLoop, QTimer

    # A loop of its own: the application's quit() would close the tab's window.
    loop = QEventLoop()
    ticks: list[tuple[float, float]] = []
    state = {"selected": False, "finished_at": None}

    def on_tick() -> None:
        now = time.perf_counter()
        ticks.append((now, time.thread_time()))
        if not state["selected"] and len(ticks) >= 4:
            state["selected"] = True
            select()
            return
        if state["selected"] and state["finished_at"] is None and done():
            state["finished_at"] = now
        if state["finished_at"] is not None and now - state["finished_at"] >= TAIL_S:
            timer.stop()
            loop.quit()
        if now - ticks[0][0] > 30:
            timer.stop()
            loop.quit()

    timer = QTimer()
    timer.setInterval(int(TICK_S * 1000))
    timer.timeout.connect(on_tick)
    timer.start()
    loop.exec()
    if state["finished_at"] is None:
        raise RuntimeError("the sheet never appeared in the preview")
    gaps = [(b[0] - a[0], b[1] - a[1]) for a, b in zip(ticks, ticks[1:], strict=False)]
    wall, cpu = max(gaps)
    return max(0.0, wall - TICK_S), cpu


def run(quick: bool) -> list[dict[str, Any]]:
    rounds = 5 if quick else 11
    with tempfile.TemporaryDirectory(prefix="sheet-stall-") as home:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        os.environ["WORKBENCH_HOME"] = home
        from PySide6.QtCore import QItemSelectionModel, QThreadPool
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv[:1])
        from ui.calls import map_picture, sheet_document
        from ui.calls.tab import CallsTab
        from ui.jobs import JobRunner
        from workbench.demo import load_demo
        from workbench.storage.database import open_database

        db = open_database(Path(home) / "bench.sqlite3")
        pool = QThreadPool()
        takes_runner = "runner" in inspect.signature(CallsTab).parameters
        runner = JobRunner(pool) if takes_runner else None
        try:
            account = load_demo(db)
            tab = CallsTab(db, runner=runner) if takes_runner else CallsTab(db)
            tab.resize(1320, 820)
            tab.show()
            tab.set_account(account)

            def shown() -> bool:
                if tab._preview_timer.isActive():
                    return False
                composer = getattr(tab, "composer", None)
                return composer is None or not composer.pending

            def select(row: int) -> None:
                tab.list_view.selectionModel().setCurrentIndex(
                    tab.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)

            def settle() -> None:
                deadline = time.perf_counter() + 30
                while not shown() and time.perf_counter() < deadline:
                    app.processEvents()
                    time.sleep(0.002)
                pool.waitForDone(30_000)
                app.processEvents()

            settle()
            samples: dict[str, list[tuple[float, float]]] = {"fresh": [], "again": [],
                                                             "idle": []}
            row = 0
            for n in range(rounds):
                for kind in (("fresh", "again", "idle") if n % 2 == 0
                             else ("idle", "again", "fresh")):
                    if kind == "idle":
                        samples[kind].append(_episode(lambda: None, lambda: True))
                        continue
                    if kind == "fresh":
                        sheet_document._fit_cache.clear()
                        map_picture.forget_pictures()
                    row = 1 - row
                    samples[kind].append(_episode(lambda r=row: select(r), shown))
                    settle()
            load = os.getloadavg()
        finally:
            pool.waitForDone(30_000)
            db.dispose()
    idle = [s for s, _ in samples["idle"]]
    how = ("the sheet composed on the tab's job runner (real thread pool)" if takes_runner
           else "the sheet composed on the GUI thread (before)")
    rows = []
    for kind, label in (("fresh", "first look at a call (nothing remembered)"),
                        ("again", "coming back to a call (its fitting remembered)")):
        walls = [s for s, _ in samples[kind]]
        cpus = [c for _, c in samples[kind]]
        rows.append(harness.row(
            f"Calls tab: GUI-thread stall selecting a call, {label}", walls,
            target=f"never over {LIMIT_S * 1000:.0f} ms", limit_s=LIMIT_S + 1e-9,
            floor_samples=idle,
            note=f"{how}; GUI-thread CPU in the longest gap median "
                 f"{statistics.median(cpus) * 1000:.1f} ms; worst stall "
                 f"{max(walls) * 1000:.0f} ms; load average {load[0]:.1f} "
                 f"(1 min); floor: the same 5 ms timer, nothing selected"))
    return rows


def main() -> None:
    for row in run("--quick" in sys.argv[1:]):
        print(f"{row['name']}: median {row['median_s'] * 1000:.1f} ms, floor "
              f"{(row['floor_s'] or 0) * 1000:.1f} ms, met {row['met']}\n  {row.get('note', '')}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
