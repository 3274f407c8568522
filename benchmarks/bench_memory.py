"""Measurement 10: peak memory of a process that opens the large database and uses it.

A fresh interpreter opens the database, loads the account list, opens the big
account's workspace, exports its dossier and runs searches, then reports its
peak resident size (`VmHWM`, else `getrusage` maxrss). A second variant also builds the Qt
account list as the window holds it: the program's model and proxy in a view (offscreen),
filled, filtered and sorted by every column. The floor is an interpreter that only opens
the database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from benchmarks import generate, harness

LIMIT_MB = 300
ROOT = Path(__file__).resolve().parent.parent

_OPEN = """
import resource, sys
from workbench.storage.database import open_database
db = open_database({path!r})
"""
_USE = """
from benchmarks.bench_workspace import open_workspace
from workbench import search
from workbench.accounts import list_accounts
from workbench.dossier import build_dossier
rows = list_accounts(db)
workspace = open_workspace(db, {account})
dossier = build_dossier(db, {account})
hits = [search.search(db, text) for text in ("northwind", "platform", "funding round")]
"""
_QT = """
from benchmarks.qt_list import measure
measure(rows, ["nor"], 1, 1.0)
"""
# VmHWM is this process's own peak. getrusage's maxrss is not: Linux carries the
# parent's peak over into a child started with fork/vfork + exec, so a child of a
# 130 MB benchmark runner would report at least 130 MB whatever it did.
_REPORT = """
peak = None
try:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
except OSError:
    pass
if peak is None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("MAXRSS_MB", peak)
"""


def peak_mb(code: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=True)
    for line in done.stdout.splitlines():
        if line.startswith("MAXRSS_MB "):
            return float(line.split()[1])
    raise RuntimeError(f"the child reported no memory: {done.stderr[-300:]}")


def run(quick: bool) -> list[harness.Row]:
    path = str(generate.territory(quick))
    opened = _OPEN.format(path=path)
    used = _USE.format(account=generate.BIG_ACCOUNT_ID)
    rounds = 2 if quick else 3
    core, qt, floor = [], [], []
    for _ in range(rounds):
        core.append(peak_mb(opened + used + _REPORT))
        qt.append(peak_mb(opened + used + _QT + _REPORT))
        floor.append(peak_mb(opened + _REPORT))
    return [
        harness.row("peak memory: database open and used (MB)", core, floor_samples=floor,
                    target=f"< {LIMIT_MB} MB", limit_s=LIMIT_MB,
                    note="list, workspace, dossier and searches; floor: database opened only"),
        harness.row("peak memory: same plus the Qt account list (MB)", qt, floor_samples=floor,
                    target=f"< {LIMIT_MB} MB", limit_s=LIMIT_MB),
    ]
