"""Measurement: the `workbench` command against a python3 + sqlite3 process doing the same read.

Each round starts fresh processes one after another (the order rotating round by
round): `workbench --version`, `--help`, `accounts list` and `accounts show` on the
demo database, `accounts list` on the territory, and the floor, a `python3 -c`
that opens the same file with sqlite3 and prints the account list's rows. Wall
time from start to exit. The target: at most 4x the floor; a command imports only
what it uses (`workbench/cli/__init__.py`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import generate, harness

MAX_RATIO = 4.0
ROOT = Path(__file__).resolve().parent.parent

FLOOR = r"""
import sqlite3, sys
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = conn.execute(
    "SELECT a.id, a.name, a.domain, a.tier, a.stage, a.last_researched_at, nc.next_at "
    "FROM account AS a LEFT OUTER JOIN (SELECT account_id, min(scheduled_at) AS next_at "
    "FROM call WHERE scheduled_at >= '2026-01-01' GROUP BY account_id) AS nc "
    "ON nc.account_id = a.id ORDER BY lower(a.name)").fetchall()
for r in rows:
    print(r[0], r[1], r[2] or "", r[3], r[4], r[5] or "-", r[6] or "-")
"""


def _run(argv: list[str], home: str) -> float:
    env = dict(os.environ, WORKBENCH_HOME=home, PYTHONPATH=str(ROOT))
    env.pop("WORKBENCH_DB", None)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *argv], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.strip()[-300:]}")
    return seconds


def run(quick: bool) -> list[harness.Row]:
    from benchmarks.bench_coldstart import demo_database

    territory = str(generate.territory(quick))
    rounds = 5 if quick else 9
    with tempfile.TemporaryDirectory() as scratch:
        home = os.path.join(scratch, "home")
        demo = str(demo_database(Path(scratch)))
        commands = {
            "--version": ["-m", "workbench", "--version"],
            "--help": ["-m", "workbench", "--help"],
            "accounts list (demo)": ["-m", "workbench", "--db", demo, "accounts", "list"],
            "accounts show (demo)": ["-m", "workbench", "--db", demo, "accounts", "show", "1"],
            "accounts list (territory)": ["-m", "workbench", "--db", territory, "accounts",
                                          "list"],
        }
        floors = {"demo": ["-c", FLOOR, demo], "territory": ["-c", FLOOR, territory]}
        samples: dict[str, list[float]] = {name: [] for name in [*commands, *floors]}
        steps = [(name, argv) for name, argv in [*commands.items(), *floors.items()]]
        for _name, argv in steps:  # warm-up: the page cache, the day's backup
            _run(argv, home)
        for round_no in range(rounds):
            shift = round_no % len(steps)
            for name, argv in steps[shift:] + steps[:shift]:
                samples[name].append(_run(argv, home))
    rows: list[harness.Row] = []
    for name in commands:
        floor = "territory" if "territory" in name else "demo"
        rows.append(harness.row(
            f"command line: workbench {name}", samples[name], floor_samples=samples[floor],
            target=f"at most {MAX_RATIO:g}x python3 + sqlite3 reading the list",
            max_ratio=MAX_RATIO,
            note=f"floor: python3 -c opening the {floor} file with sqlite3 and printing the "
                 "account list's rows"))
    return rows
