"""Measurement: the day's campaign queue across the territory (20,000 enrolments, 100,000
touches at full scale), and logging a touch with the queue's refresh.

Core level: `touches_due` for the queue day as the window reads it (no script
texts: the touch on screen is completed alone), floored by the bare sqlite3 read
of the planned rows with their scripts; and, for information, every script and
latest signal filled as `workbench touches --json` prints them. Qt level:
the territory's `QueueWidget` opening (query, model, view laid out), and one touch
logged through it with the refresh it makes, as the window does it: with a job runner,
the write (and its commit's wait for the disk) and the re-read of the person's rows run
in the worker, so what the rep waits for is the GUI thread's part, the keystroke (the
next touch chosen) and the landing (the rows put in place), measured together; the time
from the key to the landed rows is noted beside it. Logging writes, so it runs on a copy
of the generated file.

The targets are absolute milliseconds on a shared machine, so each row also notes the
median CPU time of this process (`time.process_time`) over the same rounds and the
load average: a wall time far above the CPU time is time spent waiting for a core.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import generate, harness
from workbench.campaigns.queue import touches_due
from workbench.storage.database import open_database

QUEUE_TARGET_S = 0.150
LOG_TARGET_S = 0.050


class _Cpu:
    """Wraps callables so each call's CPU time is kept beside the harness's wall time."""

    def __init__(self) -> None:
        self.samples: list[float] = []

    def __call__(self, fn: Callable[[], object]) -> Callable[[], object]:
        def measured() -> object:
            started = time.process_time()
            try:
                return fn()
            finally:
                self.samples.append(time.process_time() - started)
        return measured

    def note(self, rounds: int) -> str:
        kept = self.samples[-rounds:]  # the warm-up round is not a sample
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        return (f"CPU median {statistics.median(kept) * 1000:.0f} ms; "
                f"load average {load}") if kept else ""


def _raw_queue(path: str) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute(
            "SELECT p.id, p.channel, p.title, p.due_date, p.script, s.name, a.name "
            "FROM planned_touch p JOIN enrolment e ON e.id = p.enrolment_id "
            "JOIN stakeholder s ON s.id = e.stakeholder_id JOIN account a ON a.id = e.account_id "
            "WHERE p.state = 'planned' AND p.due_date <= ? AND e.state = 'active'",
            (generate.QUEUE_DAY.isoformat(),)).fetchall()
    finally:
        conn.close()


def run(quick: bool) -> list[harness.Row]:
    source = generate.territory(quick)
    rounds = 5 if quick else 9
    day = generate.QUEUE_DAY
    db = open_database(source)
    queue_cpu, scripts_cpu = _Cpu(), _Cpu()
    try:
        queue, floor = harness.side_by_side(
            queue_cpu(lambda: touches_due(db, day, scripts=False)),
            lambda: _raw_queue(str(source)), rounds)
        count = len(touches_due(db, day))
        scripts = harness.repeat(scripts_cpu(lambda: [t.script for t in touches_due(db, day)]),
                                 rounds)
    finally:
        db.dispose()
    rows = [
        harness.row(f"campaigns: the day's queue, {count} touches (core, as the window reads)",
                    queue, floor_samples=floor, target="median <= 150 ms",
                    limit_s=QUEUE_TARGET_S, note=queue_cpu.note(rounds)),
        harness.row("campaigns: the same with every script and signal filled (core, CLI)",
                    scripts, target="(information)", note=scripts_cpu.note(rounds)),
    ]
    return rows + _qt_rows(source, rounds)


def _qt_rows(source: Path, rounds: int) -> list[harness.Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtWidgets import QApplication

        from ui.campaigns.queue_view import QueueWidget
    except ImportError as exc:
        return [harness.unavailable("campaigns: Qt queue", "median <= 150 ms",
                                    f"PySide6 or ui.campaigns cannot load ({exc})")]
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="bench-campaigns-"))
    copy = folder / "territory.sqlite3"
    shutil.copyfile(source, copy)
    db = open_database(copy)
    try:
        widget = QueueWidget(db, territory=True)
        widget.resize(1400, 800)
        widget.show()

        open_cpu = _Cpu()

        def open_queue() -> None:
            widget.reload(generate.QUEUE_DAY)
            app.processEvents()

        opened = harness.repeat(open_cpu(open_queue), rounds)
        widget.close()
        widget.deleteLater()
        app.processEvents()
        head, head_cpu, whole = _open_rounds(app, db, rounds)
        gui, gui_cpu, landed = _log_rounds(app, db, rounds * 2)
    finally:
        db.dispose()
        shutil.rmtree(folder, ignore_errors=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        harness.row("campaigns: Today's touches window opens (Qt, as the window: head first)",
                    head, target="median <= 150 ms", limit_s=QUEUE_TARGET_S,
                    note=f"the head read, shown and painted; its CPU median "
                         f"{statistics.median(head_cpu) * 1000:.0f} ms; the whole queue in "
                         f"place {statistics.median(whole) * 1000:.0f} ms after the open "
                         f"with the proposals (read in the worker); load average {load}"),
        harness.row("campaigns: the whole queue read and shown at once (Qt, no worker)",
                    opened, target="(information)", note=open_cpu.note(rounds)),
        harness.row("campaigns: log a touch and refresh the queue (Qt, GUI thread)", gui,
                    target="median <= 50 ms", limit_s=LOG_TARGET_S,
                    note=f"keystroke + landing on the GUI thread; its CPU median "
                         f"{statistics.median(gui_cpu) * 1000:.0f} ms; from the key to the "
                         f"rows in place {statistics.median(landed) * 1000:.0f} ms (write, "
                         f"commit and re-read in the worker); load average {load}"),
    ]


def _open_rounds(app: object, db: object, rounds: int) -> tuple[list[float], list[float],
                                                                   list[float]]:
    """Open the territory's queue `rounds` times with a job runner, as the window does:
    the GUI thread's wall and CPU time to read and paint the head, and the wall time until
    the whole queue and the proposals (read in the worker) are in place."""
    from PySide6.QtCore import QThreadPool

    from ui.campaigns.queue_view import QueueWidget
    from ui.jobs import JobRunner

    pool = QThreadPool()
    widget = QueueWidget(db, territory=True, runner=JobRunner(pool))  # type: ignore[arg-type]
    widget.resize(1400, 800)
    widget.show()
    head, head_cpu, whole = [], [], []
    for _ in range(rounds + 1):  # the first is a warm-up
        started, cpu = time.perf_counter(), time.thread_time()
        widget.reload(generate.QUEUE_DAY)
        app.processEvents()  # type: ignore[attr-defined]
        head.append(time.perf_counter() - started)
        head_cpu.append(time.thread_time() - cpu)
        while widget.reader.busy or widget.proposals.reader.busy:
            app.processEvents()  # type: ignore[attr-defined]
            time.sleep(0.0005)
        app.processEvents()  # type: ignore[attr-defined]
        whole.append(time.perf_counter() - started)
    widget.close()
    widget.deleteLater()
    app.processEvents()  # type: ignore[attr-defined]
    pool.waitForDone(30_000)
    return head[1:], head_cpu[1:], whole[1:]


def _log_rounds(app: object, db: object, rounds: int) -> tuple[list[float], list[float],
                                                                  list[float]]:
    """Log `rounds` touches one after another through a territory queue with a job runner:
    the GUI thread's wall and CPU time per touch (the key, then the landing), and the wall
    time from the key until the rows are in place."""
    from PySide6.QtCore import QThreadPool

    from ui.campaigns.queue_view import QueueWidget
    from ui.jobs import JobRunner
    from workbench.storage.models import Outcome

    pool = QThreadPool()
    widget = QueueWidget(db, territory=True, runner=JobRunner(pool))  # type: ignore[arg-type]
    widget.resize(1400, 800)
    widget.show()
    widget.reload(generate.QUEUE_DAY)
    app.processEvents()  # type: ignore[attr-defined]
    spent = {"wall": 0.0, "cpu": 0.0}
    real_landed = widget._landed

    def timed_landed(*args: object, **kwargs: object) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        real_landed(*args, **kwargs)  # type: ignore[arg-type]
        spent["wall"] += time.perf_counter() - wall
        spent["cpu"] += time.thread_time() - cpu

    widget._landed = timed_landed  # type: ignore[method-assign]
    gui, gui_cpu, landed = [], [], []
    for _ in range(rounds + 1):  # the first is a warm-up
        spent["wall"] = spent["cpu"] = 0.0
        started, cpu = time.perf_counter(), time.thread_time()
        widget.log_current(Outcome.VOICEMAIL)
        app.processEvents()  # type: ignore[attr-defined]
        key_wall, key_cpu = time.perf_counter() - started, time.thread_time() - cpu
        while widget._writing:
            app.processEvents()  # type: ignore[attr-defined]
            time.sleep(0.0005)
        wall, cpu = time.perf_counter(), time.thread_time()
        app.processEvents()  # type: ignore[attr-defined]  # the landed rows painted
        spent["wall"] += time.perf_counter() - wall
        spent["cpu"] += time.thread_time() - cpu
        landed.append(time.perf_counter() - started)
        gui.append(key_wall + spent["wall"])
        gui_cpu.append(key_cpu + spent["cpu"])
    widget.close()
    widget.deleteLater()
    app.processEvents()  # type: ignore[attr-defined]
    pool.waitForDone(30_000)
    return gui[1:], gui_cpu[1:], landed[1:]
