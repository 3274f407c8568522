"""Measurement: background refresh of a territory against a local fixture server, and the
longest stall of the window's event loop meanwhile (target: none over 50 ms).

Every account has its own site, a fixture server on its own port of 127.0.0.1 (an
account's domain is its host and port): a home page, a leadership page and a feed.
The servers run in a child process: in the window's own process their threads would
take the interpreter lock from the window, which no rep's program has to share.

The window side is the program's own: the background refresh (`BackgroundRefresh`, the
pipeline, robots and throttle included) runs its round on the window's job runner, with
its progress strip in a status bar, while Today and Signals are shown; at the round's
end its finish is published on the change bus as the main window does, and both views
read again (in a worker, as in the program). A 5 ms timer ticks on the GUI thread the
whole time; the stall is the longest gap between ticks, less the interval, from the
round's start until both views show what the round found. Like the program after
start-up (`ui.app.freeze_startup_objects`), the heap is frozen out of garbage collection
before the round.
"""

from __future__ import annotations

import faulthandler
import gc
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import harness

LIMIT_S = 0.050
TICK_S = 0.005
FLOOR_S = 20.0
RSS = ('<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
       '<item><title>{co} raises $12M Series A</title><link>{base}news/1</link>'
       '<pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate></item></channel></rss>')


def _site(srv: Any) -> None:
    from tests.research.server import Route

    srv.robots("User-agent: *\nAllow: /\n")
    srv.page("/", "<html><head><title>Company</title><link rel='alternate' "
                  "type='application/rss+xml' href='/feed.xml'></head><body>"
                  "<a href='/leadership'>Leadership</a><p>The company makes things.</p>"
                  "</body></html>")
    srv.page("/leadership", "<html><body><h1>Leadership team</h1><h3>Ann Lee</h3>"
                            "<p>Chief Executive Officer</p></body></html>")
    srv.route("/feed.xml", Route(body=RSS.format(co="The company", base="/"),
                                 content_type="application/rss+xml"))
    srv.page("/news/1", "<html><body><p>The company raised $12 million.</p></body></html>")


def _serve(conn: Any, count: int) -> None:
    """Child process: `count` fixture sites, their URLs sent back, until "stop"."""
    from tests.research.server import FixtureServer

    servers = [FixtureServer() for _ in range(count)]
    try:
        for srv in servers:
            srv.start()
            _site(srv)
        conn.send([srv.url("/") for srv in servers])
        conn.recv()
    finally:
        for srv in servers:
            srv.stop()


def _floor(seconds: float) -> float:
    """The longest stall of the same timer with nothing else running: what the machine
    (its load, the neighbours) does to the window without any work of ours."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    gaps: list[float] = []
    last = [time.perf_counter()]
    end = last[0] + seconds

    def on_tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
        if now >= end:
            timer.stop()
            app.quit()

    timer = QTimer(interval=int(TICK_S * 1000))
    timer.timeout.connect(on_tick)
    timer.start()
    app.exec()
    return max(0.0, max(gaps, default=0.0) - TICK_S)


def _window_round(path: Path) -> dict[str, Any]:
    """The round through the program's window parts; returns the stall and what it did."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter

    from ui.changes import bus_for
    from ui.jobs import JobRunner
    from ui.territory.background_refresh import BackgroundRefresh
    from ui.territory.signals_view import SignalsView
    from ui.territory.today_view import TodayView
    from workbench.storage.database import open_database
    from workbench.workbook import Workbook

    app = QApplication.instance() or QApplication([])
    db = open_database(path)
    window = QMainWindow()
    runner = JobRunner(parent=window)
    views = QSplitter()
    today, signals = TodayView(db, views, runner), SignalsView(db, views, runner)
    window.setCentralWidget(views)
    window.resize(1320, 820)
    window.show()
    today.reload()
    signals.reload()
    app.processEvents()
    refresh = BackgroundRefresh(db, runner, window.statusBar(), window)
    book = Workbook.of(db)
    outcome: dict[str, Any] = {}

    def on_round(result: object) -> None:
        outcome["round"] = result
        outcome["seconds"] = time.perf_counter() - outcome["started"]
        bus_for(book).publish(book.research.refreshed(), None)  # as TerritoryActions does

    refresh.round_finished.connect(on_round)
    gaps: list[float] = []
    last = [0.0]
    # To find a stall's cause: every thread's stack, dumped (without the interpreter
    # lock) whenever the GUI thread has not ticked for 40 ms.
    trace = os.environ.get("WORKBENCH_STALL_TRACE")
    trace_file = open(trace, "w") if trace else None  # noqa: SIM115 - closed below

    def on_tick() -> None:
        if trace_file is not None:
            faulthandler.dump_traceback_later(0.040, file=trace_file)
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
        if "round" in outcome and not (today.reader.busy or signals.reader.busy):
            timer.stop()
            app.quit()

    timer = QTimer(interval=int(TICK_S * 1000))
    timer.timeout.connect(on_tick)
    from ui.app import freeze_startup_objects

    freeze_startup_objects()  # the program's own step after start-up
    try:
        last[0] = outcome["started"] = time.perf_counter()
        timer.start()
        refresh.start(force=True)
        app.exec()
    finally:
        gc.unfreeze()
        if trace_file is not None:
            faulthandler.cancel_dump_traceback_later()
            trace_file.close()
    runner.wait_for_all()
    outcome["stall"] = max(0.0, max(gaps, default=0.0) - TICK_S)
    outcome["worst"] = sorted(gaps, reverse=True)[:5]
    outcome["signals_shown"] = signals.model.rowCount()
    window.close()
    window.deleteLater()
    app.processEvents()
    db.dispose()
    return outcome


def run(quick: bool) -> list[harness.Row]:
    count = 100 if quick else 1000
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    server = context.Process(target=_serve, args=(child, count), daemon=True)
    server.start()
    with tempfile.TemporaryDirectory(prefix="bench-refresh-") as tmp:
        os.environ["WORKBENCH_HOME"] = str(Path(tmp) / "home")  # settings and schedule
        try:
            urls = parent.recv()
            from workbench import accounts
            from workbench.storage.database import open_database

            path = Path(tmp) / "territory.sqlite3"
            db = open_database(path)
            for i, url in enumerate(urls):
                accounts.create_account(db, f"Company {i}", url, tier="A")
            db.dispose()
            outcome = _window_round(path)
            floor = _floor(FLOOR_S)
        finally:
            parent.send("stop")
            server.join(30)
    done = outcome.get("round")
    refreshed = len(getattr(done, "refreshed", []))
    signals = len(getattr(done, "new_signals", []))
    worst = ", ".join(f"{(g - TICK_S) * 1000:.0f}" for g in outcome["worst"])
    return [
        harness.row(f"refresh: {count} accounts in the background, longest stall", [
            outcome["stall"]], target="< 50 ms", limit_s=LIMIT_S,
            note=f"{refreshed} refreshed in {outcome.get('seconds', 0.0):.0f} s, {signals} new "
                 f"signals, Today and Signals re-read after; worst gaps {worst} ms; "
                 f"load {os.getloadavg()[0]:.1f}"),
        harness.row(f"refresh: the same timer with nothing running ({FLOOR_S:.0f} s), longest "
                    "stall", [floor], target="(the machine's floor)",
                    note="what the machine's load alone does to the window's ticks"),
    ]


if __name__ == "__main__":
    print(harness.format_table(run("--quick" in sys.argv)))
