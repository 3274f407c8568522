"""Type into the real window's Notes field and kill -9 the program mid-typing: how many
words typed were lost (in neither the database nor the drafts folder)?

Each round starts the program's main window on a fresh database under Xvfb, focuses the
Notes field of an account, and types words with xdotool at a steady pace (no pause long
enough for the save-after-a-pause timers) for a random 2-12 s, then SIGKILLs it. The
parent reads the notes in the database and the drafts folder and counts the words typed
that neither holds. Target: at most the last 2 s of typing lost, every round.

    python -m benchmarks.kill_typing_bench [--rounds 20] [--display :13]

Needs Xvfb and xdotool (apt install xvfb xdotool). Not part of `python -m benchmarks`'s
default table (it takes minutes and a display); `run(quick)` is there for the suite.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from benchmarks import harness

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_SECOND = 4.0
MAX_LOST_S = 2.0

CHILD = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from ui.app import _application
    from ui.main_window import MainWindow
    from workbench import accounts
    from workbench.storage.database import open_database

    app = _application()
    db = open_database(sys.argv[1])
    account_id = accounts.create_account(db, "Typing Co", "typing.example")
    window = MainWindow(db)
    window.show()

    def ready():
        window.select_account(account_id)
        notes = window.workspace.overview.notes
        window.activateWindow()
        notes.setFocus()
        print("ready", flush=True)

    QTimer.singleShot(500, ready)
    app.exec()
""")


def _notes_and_drafts(db_path: Path) -> str:
    import sqlite3

    from workbench.safety.drafts import DraftStore

    text = ""
    try:
        conn = sqlite3.connect(db_path)
        try:
            row = conn.execute("SELECT notes FROM account WHERE name = 'Typing Co'").fetchone()
            text = row[0] if row else ""
        finally:
            conn.close()
    except sqlite3.Error:
        pass
    drafts = " ".join(d.text for d in DraftStore.for_database(db_path).pending())
    return text + " " + drafts


def one_round(display: str, seconds: float, folder: Path, number: int) -> tuple[int, int]:
    """(words typed, words lost) in one kill-while-typing round."""
    db_path = folder / f"typing-{number}.sqlite3"
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT),
               WORKBENCH_HOME=str(folder / "home"))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db_path)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, text=True)
    typed: list[tuple[str, float]] = []
    try:
        assert child.stdout is not None
        if child.stdout.readline().strip() != "ready":
            raise RuntimeError("the window did not start")
        started = time.monotonic()
        n = 0
        while time.monotonic() - started < seconds:
            word = f"w{number}x{n}"
            subprocess.run(["xdotool", "type", "--delay", "20", word + " "], env=env,
                           check=True)
            typed.append((word, time.monotonic()))
            n += 1
            time.sleep(max(0.0, 1 / WORDS_PER_SECOND - 0.1))
        killed_at = time.monotonic()
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
    kept = set(_notes_and_drafts(db_path).split())
    lost = [(w, t) for w, t in typed if w not in kept]
    late = [w for w, t in lost if killed_at - t > MAX_LOST_S]
    return len(typed), len(lost) if not late else -len(lost)


def measure(rounds: int, display: str, seed: int = 7) -> list[tuple[float, int, int]]:
    """(seconds typed, words typed, words lost; negative when words older than 2 s were
    lost) per round."""
    rng = random.Random(seed)
    xvfb = None
    if display and not Path(f"/tmp/.X11-unix/X{display.lstrip(':')}").exists():
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24"],
                                stderr=subprocess.DEVNULL)
        time.sleep(1.0)
    results = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for number in range(rounds):
                seconds = rng.uniform(2.0, 12.0)
                typed, lost = one_round(display, seconds, Path(tmp), number)
                results.append((round(seconds, 1), typed, lost))
                print(f"round {number + 1}: typed {seconds:.1f} s, {typed} words, "
                      f"{abs(lost)} lost" + (" (older than 2 s!)" if lost < 0 else ""),
                      flush=True)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(10)
    return results


def run(quick: bool) -> list[harness.Row]:
    display = os.environ.get("WORKBENCH_BENCH_DISPLAY", "")
    if not display:
        return [harness.unavailable("kill while typing: words lost",
                                    "at most the last 2 s of typing",
                                    "set WORKBENCH_BENCH_DISPLAY to an X display (Xvfb)")]
    results = measure(5 if quick else 20, display)
    lost = [abs(r[2]) / WORDS_PER_SECOND for r in results]
    row = harness.row("kill while typing: typing lost (s of words)", lost,
                      target="at most the last 2 s of typing, every round",
                      note=", ".join(f"{t} typed/{abs(x)} lost" for _, t, x in results))
    row["met"] = all(r[2] >= 0 for r in results)
    return [row]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--display", default=":13")
    args = parser.parse_args(argv)
    results = measure(args.rounds, args.display)
    bad = [r for r in results if r[2] < 0]
    print(f"{len(results)} rounds, {sum(r[1] for r in results)} words typed, "
          f"{sum(abs(r[2]) for r in results)} lost; rounds losing words older than 2 s: "
          f"{len(bad)}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
