"""Measurement 1: cold start to the first drawn main window, against a bare PySide6 window.

Each round starts fresh processes one after another, in an order that rotates round
by round: a bare `QMainWindow` (the floor), the program (`ui.app.run(db)`) on the
demo database and on the territory, and QuiteRSS and RSS Guard where installed (the
desktop peers). The clock runs from just before the parent starts a process to the
first drawing of its window on screen:

- under Xvfb (the default where `Xvfb` is installed: the suite starts its own on a
  free display), by the X server's DAMAGE events on the root window, read by the
  parent (`xdamage.py`), the same way for every program;
- otherwise (or with `WORKBENCH_BENCH_XVFB=0`) offscreen, by the first `Paint`
  event the process delivers to a visible window (the peers are then not measured).

The workbench and the bare window also carry an in-process probe (installed before
the event loop starts) that notes the first `Paint`, which modules were imported by
then, and peak memory. For the territory it then keeps watching: when the account
list holds every account and has been drawn, the longest gap of a 5 ms timer while
it filled, and when the real main window (which replaces the start-up window, see
`ui/startup.py`) has been drawn.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from benchmarks import generate, harness

MAX_RATIO = 2.0
LIST_WITHIN_S = 1.0
STALL_LIMIT_S = 0.050
IDLE_S = 1.0  # how long the bare window times its idle event loop (the stall's floor)
TIMEOUT_S = 60
ROOT = Path(__file__).resolve().parent.parent
# Libraries the first window does not need: importing any before the paint is waste.
NOT_NEEDED_AT_START = ("sqlalchemy", "alembic", "jinja2", "requests", "trafilatura",
                       "feedparser", "bs4", "lxml", "urllib3", "PySide6.QtPrintSupport",
                       "PySide6.QtPdf", "workbench.storage.database", "workbench.accounts",
                       "ui.main_window")
# The desktop peers (Debian packages), started with a fresh profile.
PEERS = (("QuiteRSS", "quiterss"), ("RSS Guard", "rssguard"))
MIN_AREA = 200 * 200  # a damage rectangle this big is a window's contents, not a cursor

PROBE = r"""
import json, os, resource, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTableView, QWidget

HEAVY = {heavy!r}
EXPECT_ROWS = {expect!r}  # None: report at the first paint; a number: also watch the list fill
IDLE_S = {idle!r}  # with a number: keep the 5 ms timer going that long after the paint, idle

def peak_mb():
    # VmHWM: this process's own peak (maxrss would include the parent's, see bench_memory).
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

class Probe(QObject):
    def __init__(self):
        super().__init__()
        self.report = {{}}
        self.last_tick = None
        self.fill_stall = 0.0
        self.handover_stall = 0.0
        self.filled_rows = False
        self.timer = QTimer(self)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.on_tick)

    def eventFilter(self, obj, event):
        if event.type() != QEvent.Type.Paint or not isinstance(obj, QWidget):
            return False
        window = obj.window()
        if not window.isVisible():
            return False
        now = time.monotonic()
        if "painted" not in self.report:
            self.report.update(painted=now, rss_mb=peak_mb(),
                               loaded=sorted(m for m in HEAVY if m in sys.modules),
                               modules=len(sys.modules), first_window=type(window).__name__)
            if IDLE_S is not None:  # the floor for the stall: the same timer, nothing to do
                self.last_tick = now
                self.timer.start()
            elif EXPECT_ROWS is None:
                QTimer.singleShot(0, self.finish)
            else:
                self.last_tick = now
                self.timer.start()
        elif (self.filled_rows and "list_drawn" not in self.report
              and isinstance(obj.parent(), QTableView)):
            self.report["list_drawn"] = now
            self.report["fill_stall"] = self.fill_stall
        elif (type(window).__name__ == "MainWindow" and "main_drawn" not in self.report):
            self.report["main_drawn"] = now
        return False

    def on_tick(self):
        now = time.monotonic()
        gap = now - self.last_tick
        self.last_tick = now
        if IDLE_S is not None:
            self.fill_stall = max(self.fill_stall, gap)
            if now - self.report["painted"] > IDLE_S:
                self.report["idle_stall"] = self.fill_stall
                self.finish()
            return
        if "list_drawn" not in self.report:
            self.fill_stall = max(self.fill_stall, gap)
        else:
            self.handover_stall = max(self.handover_stall, gap)
        if not self.filled_rows:
            for widget in QApplication.topLevelWidgets():
                table = widget.findChild(QTableView, "accounts") if widget.isVisible() else None
                if table is not None and table.model().rowCount() >= EXPECT_ROWS:
                    self.filled_rows = True
                    self.report["rows"] = table.model().rowCount()
                    table.viewport().update()
        if "main_drawn" in self.report and now - self.report["main_drawn"] > 0.3:
            self.report["handover_stall"] = self.handover_stall
            self.finish()
        elif now - self.report["painted"] > 30:
            self.finish()

    def finish(self):
        self.timer.stop()
        print("PROBE " + json.dumps(self.report), flush=True)
        QApplication.instance().quit()

_exec = QApplication.exec
def _exec_with_probe(*args):
    app = QApplication.instance()
    app._probe = Probe()
    app.installEventFilter(app._probe)
    return _exec()
QApplication.exec = _exec_with_probe
"""

APP = PROBE + r"""
import ui.app
ui.app.run({db!r})
"""

BARE = PROBE + r"""
from PySide6.QtWidgets import QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1000, 700)
window.show()
app.exec()
"""


def app_code(db: str | None, expect: int | None = None) -> str:
    return APP.format(heavy=NOT_NEEDED_AT_START, db=db, expect=expect, idle=None)


def bare_code(idle_s: float | None = None) -> str:
    """The bare window; with `idle_s`, it also times its idle 5 ms timer that long."""
    return BARE.format(heavy=NOT_NEEDED_AT_START, expect=None, idle=idle_s)


def _env(home: str, root: Path, display: str | None) -> dict[str, str]:
    env = dict(os.environ, WORKBENCH_HOME=home, XDG_CONFIG_HOME=os.path.join(home, "xdg"),
               HOME=home, PYTHONPATH=str(root))
    env.pop("WORKBENCH_DB", None)
    if display:
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def start_child(code: str, home: str, root: Path = ROOT, display: str | None = None,
                watch: Any = None) -> dict[str, Any]:
    """Run `code` in a fresh interpreter; its probe's report plus `seconds` to the paint
    (and `drawn_s`, to the X server's first damage, when `watch` is given)."""
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, "-c", code], cwd=root,
                             env=_env(home, root, display), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    drawn = watch.first_drawing(MIN_AREA, TIMEOUT_S, lambda: child.poll() is None) \
        if watch is not None else None
    try:
        out, err = child.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        child.kill()
        out, err = child.communicate()
    for line in out.splitlines():
        if line.startswith("PROBE "):
            report: dict[str, Any] = json.loads(line[6:])
            report["seconds"] = report["painted"] - started
            if drawn is not None:
                report["drawn_s"] = drawn - started
            for mark in ("list_drawn", "main_drawn"):
                if mark in report:
                    report[mark + "_after_s"] = report[mark] - report["painted"]
            return report
    raise RuntimeError(f"no window was painted (exit {child.returncode}): {err.strip()[-400:]}")


def start_peer(command: str, home: str, display: str, watch: Any) -> float:
    """Seconds from starting a peer program (fresh profile) to its first drawing."""
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, "xdg"),
               XDG_DATA_HOME=os.path.join(home, "share"), DISPLAY=display,
               QT_QPA_PLATFORM="xcb",
               # RSS Guard's WebEngine refuses to start as root inside its sandbox.
               QTWEBENGINE_DISABLE_SANDBOX="1")
    started = time.monotonic()
    child = subprocess.Popen([command], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        drawn = watch.first_drawing(MIN_AREA, TIMEOUT_S, lambda: child.poll() is None)
    finally:
        with suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    if drawn is None:
        raise RuntimeError(f"{command} drew nothing within {TIMEOUT_S} s")
    return drawn - started


@contextmanager
def xvfb() -> Iterator[str | None]:
    """An Xvfb server on a free display for the rounds (None where it cannot start)."""
    from benchmarks import xdamage

    if os.environ.get("WORKBENCH_BENCH_XVFB") == "0" or not shutil.which("Xvfb") \
            or not xdamage.available():
        yield None
        return
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24",
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        # Read up to the newline and keep the pipe open: Xvfb writes the number and the
        # newline apart, and a closed pipe would kill it with SIGPIPE.
        number = b""
        while not number.endswith(b"\n"):
            chunk = os.read(read, 16)
            if not chunk:
                break
            number += chunk
        text = number.decode().strip()
        yield f":{text}" if text.isdigit() else None
    finally:
        server.terminate()
        server.wait(timeout=10)
        os.close(read)


def demo_database(folder: Path) -> Path:
    from workbench.demo import load_demo
    from workbench.storage.database import open_database

    path = folder / "demo.sqlite3"
    db = open_database(path)
    try:
        load_demo(db)
    finally:
        db.dispose()
    return path


def account_count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM account").fetchone()[0])
    finally:
        conn.close()


def app_available() -> bool:
    try:
        return importlib.util.find_spec("ui.app") is not None
    except ModuleNotFoundError:
        return False


def _first_drawn(report: dict[str, Any]) -> float:
    return float(report.get("drawn_s", report["seconds"]))


def run(quick: bool) -> list[harness.Row]:
    name = "cold start to first drawn window"
    target = f"at most {MAX_RATIO:g}x a bare window"
    if not app_available():
        with tempfile.TemporaryDirectory() as home:
            bare = [float(start_child(bare_code(), home)["seconds"]) for _ in range(3)]
        return [harness.unavailable(name, target, "ui.app is not in this checkout yet"),
                harness.row("cold start: bare PySide6 window (the floor)", bare,
                            target="(information)")]
    territory = generate.territory(quick)
    expected = account_count(territory)
    rounds = 3 if quick else 9  # as the issue measured: 9 interleaved rounds
    peers = [(label, shutil.which(command)) for label, command in PEERS]
    samples: dict[str, list[Any]] = {"bare": [], "demo": [], "territory": []}
    samples.update({label: [] for label, found in peers if found})
    peer_errors: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as scratch, xvfb() as display:
        home = os.path.join(scratch, "home")
        demo = str(demo_database(Path(scratch)))
        watch = None
        if display:
            from benchmarks import xdamage

            watch = xdamage.DamageWatch(display)
        try:
            def measure(what: str) -> Callable[[], None]:
                def step() -> None:
                    if watch is not None:
                        watch.drain()
                    if what == "bare":
                        samples[what].append(start_child(bare_code(IDLE_S), home,
                                                         display=display, watch=watch))
                    elif what == "demo":
                        samples[what].append(start_child(app_code(demo), home, display=display,
                                                         watch=watch))
                    elif what == "territory":
                        samples[what].append(start_child(app_code(str(territory), expected),
                                                         home, display=display, watch=watch))
                    elif display and what not in peer_errors:
                        command = dict(peers)[what]
                        try:
                            samples[what].append(start_peer(str(command),
                                                            os.path.join(scratch, what),
                                                            display, watch))
                        except RuntimeError as exc:  # a peer's trouble is not ours
                            peer_errors[what] = str(exc)
                return step

            # Warm-up: fills the page cache and makes the day's backup outside the rounds.
            start_child(app_code(str(territory), expected), home, display=display, watch=watch)
            steps = [measure(what) for what in samples
                     if what in ("bare", "demo", "territory") or display]
            for round_no in range(rounds):
                shift = round_no % len(steps)
                for step in steps[shift:] + steps[:shift]:
                    step()
        finally:
            if watch is not None:
                watch.close()
    return _rows(samples, display, expected, peer_errors)


def _rows(samples: dict[str, list[Any]], display: str | None, expected: int,
          peer_errors: dict[str, str]) -> list[harness.Row]:
    how = ("by X DAMAGE events under Xvfb" if display
           else "by the first Paint event, offscreen (no Xvfb)")
    target = f"at most {MAX_RATIO:g}x a bare window"
    bare = [_first_drawn(r) for r in samples["bare"]]
    rows: list[harness.Row] = []
    for what, label in (("demo", "the demo"), ("territory", f"{expected} accounts")):
        reports = samples[what]
        loaded = sorted({m for r in reports for m in r["loaded"]})
        first = {r.get("first_window", "?") for r in reports}
        modules = int(harness.median([r["modules"] for r in reports]))
        note = (f"{how}; first window drawn: {', '.join(sorted(first))}; {modules} modules "
                f"imported before it (bare window: "
                f"{int(harness.median([r['modules'] for r in samples['bare']]))}); "
                + ("imported before the first paint although not needed: " + ", ".join(loaded)
                   if loaded else "no SQLAlchemy, storage, research, template or migration "
                                  "module imported before it"))
        rows.append(harness.row(f"cold start to first drawn window ({label})",
                                [_first_drawn(r) for r in reports], floor_samples=bare,
                                target=target, max_ratio=MAX_RATIO, note=note))
    reports = samples["territory"]
    filled = [r.get("list_drawn_after_s", float("inf")) for r in reports]
    rows.append(harness.row(f"account list complete after the first paint ({expected} accounts)",
                            filled, target=f"within {LIST_WITHIN_S:g} s",
                            limit_s=LIST_WITHIN_S + 1e-9,
                            note=f"every account in the list and drawn; "
                                 f"rows: {sorted({r.get('rows') for r in reports}, key=str)}"))
    stalls = [r.get("fill_stall", float("inf")) for r in reports]
    idle = [r.get("idle_stall", 0.0) for r in samples["bare"]]
    rows.append(harness.row("longest stall while the list fills", stalls,
                            floor_samples=idle, target="never over 50 ms",
                            limit_s=STALL_LIMIT_S + 1e-9,
                            note=f"worst round {max(stalls) * 1000:.0f} ms; a 5 ms timer on the "
                                 "GUI thread, from the first paint until the full list is drawn; "
                                 f"floor: the same timer in the bare window, idle for "
                                 f"{IDLE_S:g} s after its first paint (worst round "
                                 f"{max(idle) * 1000:.0f} ms)"))
    main = [r.get("main_drawn_after_s", float("inf")) for r in reports]
    handover = [r.get("handover_stall", float("inf")) for r in reports]
    rows.append(harness.row("main window ready after the first paint (information)", main,
                            target="(information)",
                            note=f"the real window replacing the start-up one, drawn; longest "
                                 f"stall from the full list to then: median "
                                 f"{harness.median(handover) * 1000:.0f} ms, worst "
                                 f"{max(handover) * 1000:.0f} ms"))
    for label, _command in PEERS:
        if label in samples and samples[label]:
            rows.append(harness.row(f"cold start: {label} (Debian), for comparison",
                                    samples[label], floor_samples=bare, target="(information)",
                                    note=f"{how}, fresh profile"))
        elif display:
            rows.append(harness.unavailable(f"cold start: {label}", "(information)",
                                            peer_errors.get(label, f"{label} is not installed")))
    if not display:
        rows.append(harness.unavailable("cold start: QuiteRSS / RSS Guard", "(information)",
                                        "needs Xvfb to see their windows drawn"))
    rss = [float(r["rss_mb"]) for r in samples["territory"]]
    rows.append({"name": "peak memory at first paint (MB)", "median_s": harness.median(rss),
                 "floor_s": None, "ratio": None, "target": "< 300 MB",
                 "met": harness.median(rss) < 300, "spread_s": harness.spread(rss),
                 "rounds": len(rss)})
    return rows
