"""Measurement 9: the longest stall of the window's event loop while work runs in the background.

A 5 ms `QTimer` ticks on the GUI thread while a worker thread does the work; the
longest gap between ticks, less the interval, is the stall the rep would feel
(a frozen window, a late keystroke). The floor is the same loop with the worker
asleep. The work runs as a `ui.jobs` Job, as the program runs it: the program's
research of research_bench's fixture site; a job with its own database connection
building the big account's dossier, searching and loading the account list; feed
ingestion from the shared corpora. The process first holds the window's account
list and runs the program's own start-up step (`ui.app.freeze_startup_objects`).
Each row names this process's CPU in its longest gap and the load average, so a
stall of a busy machine can be told from one of the program's own.

    python -m benchmarks --only bench_stall [--quick]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import generate, harness

TICK_S = 0.005
LIMIT_S = 0.050


def measure_stall(work: Callable[..., object], minimum_s: float = 0.2) -> float:
    """The longest event-loop stall (seconds) while `work` runs in the background."""
    return stall_detail(work, minimum_s)["stall_s"]


def stall_detail(work: Callable[..., object], minimum_s: float = 0.2) -> dict[str, float]:
    """The longest event-loop stall while `work` runs, and what this process did meanwhile.

    With the program's job runner (`ui.jobs`) in the checkout, `work(progress, cancel)`
    runs as a `Job` on its thread pool, progress signals and all, as research does;
    otherwise `work()` runs on a plain thread. "stall_s" is the longest gap between ticks
    less the interval; "gap_cpu_s" is this process's CPU time (all threads) during that
    gap: near zero means the window waited for the machine (other programs had the
    cores), close to the gap means this process's own threads kept it from running.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    failure: list[BaseException] = []
    done = threading.Event()
    ticks: list[tuple[float, float]] = [(time.perf_counter(), time.process_time())]
    started = ticks[0][0]

    def on_tick() -> None:
        now = time.perf_counter()
        ticks.append((now, time.process_time()))
        if done.is_set() and now - started >= minimum_s:
            timer.stop()
            app.quit()

    timer = QTimer()
    timer.setInterval(int(TICK_S * 1000))
    timer.timeout.connect(on_tick)
    timer.start()
    keep = _start_in_background(work, failure, done)
    app.exec()
    done.wait()
    del keep
    if failure:
        raise failure[0]
    gaps = [(b[0] - a[0], b[1] - a[1]) for a, b in zip(ticks, ticks[1:], strict=False)]
    wall, cpu = max(gaps, default=(0.0, 0.0))
    return {"stall_s": max(0.0, wall - TICK_S), "gap_cpu_s": cpu}


def _start_in_background(work: Callable[..., object], failure: list[BaseException],
                         done: threading.Event) -> object:
    try:
        from ui.jobs import Job, JobRunner
    except ImportError:
        def worker() -> None:
            try:
                work(lambda *_args: None, None)
            except BaseException as exc:  # noqa: BLE001 - re-raised on the GUI thread
                failure.append(exc)
            finally:
                done.set()

        thread = threading.Thread(target=worker, name="bench-background", daemon=True)
        thread.start()
        return thread
    runner = JobRunner()
    job = Job("benchmark background work", work)
    job.failed.connect(failure.append)
    job.finished.connect(done.set)
    runner.start(job)
    return runner, job


def database_work(path: Path) -> Callable[[Callable[[int, int, str], None], object], None]:
    """Background work on the large database: its own connection, as a job runner would."""
    def work(progress: Callable[[int, int, str], None], _cancel: object) -> None:
        from workbench import search
        from workbench.accounts import list_accounts
        from workbench.dossier import build_dossier
        from workbench.storage.database import open_database

        db = open_database(path)
        try:
            progress(0, 6, "dossier")
            build_dossier(db, generate.BIG_ACCOUNT_ID)
            for number, text in enumerate(("northwind", "funding round", "platform",
                                           "grenoble"), start=1):
                progress(number, 6, f"search {text}")
                search.search(db, text)
            progress(5, 6, "account list")
            list_accounts(db)
            progress(6, 6, "done")
        finally:
            db.dispose()
    return work


FEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "feeds" / "current"


def ingest_work(db_path: Path, feeds: list[Path]) -> Callable[[Callable[[int, int, str], None],
                                                              object], None]:
    """Feed ingestion as research does it: each feed read in a reader process
    (`workbench.research.reader_pool`) and its stories stored with their trigger events
    (`news.store_entries`), one transaction per feed, with progress."""
    runs = iter(range(1_000_000))

    def work(progress: Callable[[int, int, str], None], _cancel: object) -> None:
        from workbench import accounts
        from workbench.errors import KnownError
        from workbench.research import news, reader_pool
        from workbench.storage.database import open_database

        run_no = next(runs)
        db = open_database(db_path)
        try:
            account_id = accounts.create_account(db, f"Ingest Co {run_no}")  # all stories new
            for number, feed in enumerate(feeds):
                progress(number, len(feeds), feed.name)
                url = f"https://feeds.example/{feed.name}"
                try:
                    parsed = reader_pool.run("read_feed", feed.read_bytes(), url)
                except KnownError:  # the corpus keeps broken feeds too: research skips them
                    continue
                news.store_entries(db, account_id, None, parsed.entries)
        finally:
            db.dispose()
    return work


def research_stalls(rounds: int) -> list[dict[str, float]]:
    """Stalls while the program's research job runs against research_bench's fixture site
    (15 pages, 3 feeds, 50 ms latency, served from another process), as Ctrl+R runs it."""
    try:
        from benchmarks import research_bench
        from workbench.research.pipeline import run_research
    except ImportError:
        return []
    import multiprocessing
    import tempfile

    from workbench import accounts
    from workbench.storage.database import open_database

    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    server = context.Process(target=research_bench._serve,
                             args=(child, research_bench.LATENCY_S), daemon=True)
    server.start()
    stalls: list[dict[str, float]] = []
    try:
        url = parent.recv()
        with tempfile.TemporaryDirectory() as folder:
            for number in range(rounds + 1):  # the first round warms imports and caches
                db = open_database(Path(folder) / f"research-{number}.sqlite3")
                account_id = accounts.create_account(db, "Bench Corp", url)

                def work(progress: Callable[[int, int, str], None], cancel: object,
                         db: object = db, account_id: int = account_id) -> object:
                    return run_research(db, account_id, progress=progress,  # type: ignore[arg-type]
                                        cancel=cancel, max_pages=15)  # type: ignore[arg-type]

                try:
                    stall = stall_detail(work)
                finally:
                    db.dispose()
                if number:
                    stalls.append(stall)
    finally:
        parent.send("stop")
        server.join(10)
    return stalls


def stalls_in_this_process(path: Path, rounds: int) -> dict[str, list[dict[str, float]]]:
    """Per-round worst stalls (with this process's CPU in that gap) during each kind of
    work and with an idle worker (the floor).

    The account list is loaded into the program's model first, so the heap the
    garbage collector walks is the size of the real window's; then the program's own
    start-up step runs (`ui.app.freeze_startup_objects`, which the window runs once it
    is shown), so the collector sees what it sees in the program, no more, no less.
    """
    from workbench.accounts import list_accounts
    from workbench.storage.database import open_database

    db = open_database(path)
    try:
        rows = list(list_accounts(db))
    finally:
        db.dispose()
    held: object = rows
    try:
        from ui.accounts_model import AccountsModel
        from ui.app import freeze_startup_objects

        model = AccountsModel()
        model.set_rows(rows)
        held = model
        freeze_startup_objects()
    except ImportError:
        pass
    import tempfile


    result: dict[str, list[dict[str, float]]] = {"reads": [], "ingest": [], "idle": [],
                                                 "research": research_stalls(rounds)}
    feeds = sorted(FEEDS.glob("*.xml"))[:12] if FEEDS.is_dir() else []
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "ingest.sqlite3"
        open_database(scratch).dispose()
        reads, ingest = database_work(path), ingest_work(scratch, feeds)
        if feeds:
            stall_detail(ingest)  # warms the reader processes, as the window's start does
        for _ in range(rounds):
            result["reads"].append(stall_detail(reads))
            if feeds:
                result["ingest"].append(stall_detail(ingest))
            result["idle"].append(stall_detail(lambda _progress, _cancel: time.sleep(0.3)))
    del held
    return result


_CHILD = """
import json
from pathlib import Path
from benchmarks.bench_stall import stalls_in_this_process
print("STALLS " + json.dumps(stalls_in_this_process(Path({path!r}), {rounds})))
"""


def run(quick: bool) -> list[harness.Row]:
    # A fresh process: in the runner's own, the heaps of the measurements before this
    # one would make the garbage collector's pauses longer than the program's.
    path = generate.territory(quick)
    rounds = 3 if quick else 5
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    load_before = os.getloadavg()[0]
    done = subprocess.run([sys.executable, "-c", _CHILD.format(path=str(path), rounds=rounds)],
                          cwd=root, env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    load = f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    line = next((x for x in done.stdout.splitlines() if x.startswith("STALLS ")), None)
    if line is None:
        raise RuntimeError(f"the stall measurement failed: {done.stderr.strip()[-400:]}")
    measured = json.loads(line[len("STALLS "):])
    idle = [detail["stall_s"] for detail in measured["idle"]]
    rows = []
    for key, label, work in (
            ("research", "research",
             "the program's research of research_bench's fixture site (15 pages, 3 feeds, "
             "50 ms latency)"),
            ("reads", "reads", "dossier + searches + account list"),
            ("ingest", "feed ingestion",
             "12 shared corpus feeds read in the reader processes and stored with their "
             "trigger events")):
        details = measured[key]
        if not details:
            why = ("the research pipeline is not in this checkout" if key == "research"
                   else "shared corpora not found")
            rows.append(harness.unavailable(f"event-loop stall during background {label}",
                                            "never over 50 ms", why))
            continue
        stalls = [detail["stall_s"] for detail in details]
        worst = max(details, key=lambda detail: detail["stall_s"])
        row = harness.row(f"event-loop stall during background {label}", stalls,
                          floor_samples=idle, target="never over 50 ms", limit_s=LIMIT_S,
                          note=f"worst of {rounds} rounds {worst['stall_s'] * 1000:.0f} ms, "
                               f"this process's CPU in that gap "
                               f"{worst['gap_cpu_s'] * 1000:.0f} ms; work: {work}, as a "
                               "ui.jobs Job, the account list loaded in the window's model "
                               f"and the program's start-up freeze done; {load}")
        row["met"] = max(stalls) < LIMIT_S  # "never": the worst round counts
        rows.append(row)
    return rows
