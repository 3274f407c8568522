"""Measurement 1: cold start to the first painted main window, against a bare PySide6 window.

Each round starts two fresh interpreters, alternately: one runs the program
(`ui.app.run(db)`) on the large database, the other shows an empty `QMainWindow`.
Both install the same probe before the event loop starts: an application-wide
event filter that notes the first `Paint` of a top-level window, then quits from
a zero-delay timer. The time runs from just before the parent starts the child
to that paint (a system-wide monotonic clock), so it includes the interpreter,
the imports, opening the database and loading the account list.

The child also reports its peak memory and which heavy libraries were already
imported at the first paint (none of them is needed to show the window).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import generate, harness

MAX_RATIO = 4.0
TIMEOUT_S = 60
ROOT = Path(__file__).resolve().parent.parent
# Libraries the first window does not need: importing any before the paint is waste.
NOT_NEEDED_AT_START = ("alembic", "jinja2", "requests", "trafilatura", "feedparser", "bs4",
                       "lxml", "urllib3", "PySide6.QtPrintSupport", "PySide6.QtPdf")

PROBE = r"""
import json, os, resource, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

HEAVY = {heavy!r}

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

class FirstPaint(QObject):
    def __init__(self):
        super().__init__()
        self.done = False

    def eventFilter(self, obj, event):
        if (not self.done and event.type() == QEvent.Type.Paint
                and isinstance(obj, QWidget) and obj.window().isVisible()):
            self.done = True
            painted = time.monotonic()
            loaded = sorted(m for m in HEAVY if m in sys.modules)
            # After this paint has been delivered, report and leave.
            def report():
                rss = peak_mb()
                print("PROBE " + json.dumps({{"painted": painted, "rss_mb": rss,
                                              "loaded": loaded}}), flush=True)
                QApplication.instance().quit()
            QTimer.singleShot(0, report)
        return False

_exec = QApplication.exec
def _exec_with_probe(*args):
    app = QApplication.instance()
    app._first_paint = FirstPaint()
    app.installEventFilter(app._first_paint)
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


def start_child(code: str, home: str, root: Path = ROOT) -> dict[str, object]:
    """Run `code` in a fresh interpreter; its probe's report plus `seconds` to the paint."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WORKBENCH_HOME=home,
               XDG_CONFIG_HOME=os.path.join(home, "xdg"), PYTHONPATH=str(root))
    env.pop("WORKBENCH_DB", None)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT_S, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("PROBE "):
            report = json.loads(line[6:])
            report["seconds"] = report["painted"] - started
            return report
    raise RuntimeError(f"no window was painted (exit {done.returncode}): "
                       f"{done.stderr.strip()[-400:]}")


def app_available() -> bool:
    try:
        return importlib.util.find_spec("ui.app") is not None
    except ModuleNotFoundError:
        return False


def run(quick: bool) -> list[harness.Row]:
    name = "cold start to first painted window"
    target = "at most 4x a bare window"
    if not app_available():
        with tempfile.TemporaryDirectory() as home:
            bare = [float(start_child(BARE.format(heavy=NOT_NEEDED_AT_START),  # type: ignore[arg-type]
                                      home)["seconds"]) for _ in range(3)]
        row = harness.row("cold start: bare PySide6 window (the floor)", bare,
                          target="(information)")
        return [harness.unavailable(name, target, "ui.app is not in this checkout yet"), row]
    db = str(generate.territory(quick))
    rounds = 3 if quick else 5
    app_code = APP.format(heavy=NOT_NEEDED_AT_START, db=db)
    bare_code = BARE.format(heavy=NOT_NEEDED_AT_START)
    reports: list[dict[str, object]] = []
    floor: list[float] = []
    with tempfile.TemporaryDirectory() as home:
        start_child(app_code, home)  # warm-up: the first run after generation fills the page cache
        for round_no in range(rounds):
            # Rotate which goes first, as harness.side_by_side does.
            runs = [lambda: reports.append(start_child(app_code, home)),
                    lambda: floor.append(float(start_child(  # type: ignore[arg-type]
                        bare_code, home)["seconds"]))]
            for step in runs[round_no % 2:] + runs[:round_no % 2]:
                step()
    app_s = [float(r["seconds"]) for r in reports]  # type: ignore[arg-type]
    loaded = sorted({m for r in reports for m in r["loaded"]})  # type: ignore[attr-defined]
    note = ("imported before the first paint although not needed: " + ", ".join(loaded)
            if loaded else "no research, template or migration library imported before paint")
    rows = [harness.row(name, app_s, floor_samples=floor, target=target,
                        max_ratio=MAX_RATIO, note=note)]
    rss = [float(r["rss_mb"]) for r in reports]  # type: ignore[arg-type]
    rows.append({"name": "peak memory at first paint (MB)", "median_s": harness.median(rss),
                 "floor_s": None, "ratio": None, "target": "< 300 MB",
                 "met": harness.median(rss) < 300, "spread_s": harness.spread(rss),
                 "rounds": len(rss)})
    return rows
