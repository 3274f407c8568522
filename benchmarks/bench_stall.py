"""Measurement 9: the longest stall of the window's event loop while work runs in the background.

A 5 ms `QTimer` ticks on the GUI thread while a worker thread does the work; the
longest gap between ticks, less the interval, is the stall the rep would feel
(a frozen window, a late keystroke). The floor is the same loop with the worker
asleep. The work runs through the program's job runner (`ui.jobs`), as research
will. The research pipeline is not in this checkout yet, so the work is what
exists: a job with its own database connection building the big account's
dossier, searching and loading the account list, reporting progress between
steps. `measure_stall(work)` takes any `work(progress, cancel)`, so research plugs
in when merged.
"""

from __future__ import annotations

import gc
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
    """The longest event-loop stall (seconds) while `work` runs in the background.

    With the program's job runner (`ui.jobs`) in the checkout, `work(progress, cancel)`
    runs as a `Job` on its thread pool, progress signals and all, as research will;
    otherwise `work()` runs on a plain thread.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    failure: list[BaseException] = []
    done = threading.Event()
    gaps: list[float] = []
    last = [time.perf_counter()]
    started = last[0]

    def on_tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
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
    return max(0.0, max(gaps, default=0.0) - TICK_S)


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
    """Research-like work: parse feeds with feedparser and store their items (search
    triggers included) through the ORM, one transaction per feed, with progress."""
    runs = iter(range(1_000_000))

    def work(progress: Callable[[int, int, str], None], _cancel: object) -> None:
        import feedparser

        from workbench.storage.database import open_database
        from workbench.storage.models import NewsItem

        run_no = next(runs)
        db = open_database(db_path)
        try:
            for number, feed in enumerate(feeds):
                progress(number, len(feeds), feed.name)
                parsed = feedparser.parse(feed.read_bytes())
                with db.session() as session:
                    session.add_all([NewsItem(
                        account_id=1, dedupe_key=f"{run_no}:{feed.name}:{i}",
                        url=str(entry.get("link", ""))[:2000],
                        title=str(entry.get("title", ""))[:1000],
                        summary=str(entry.get("summary", ""))) for i, entry in
                        enumerate(parsed.entries)])
        finally:
            db.dispose()
    return work


def research_stalls(rounds: int) -> list[float]:
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
    stalls: list[float] = []
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
                    stall = measure_stall(work)
                finally:
                    db.dispose()
                if number:
                    stalls.append(stall)
    finally:
        parent.send("stop")
        server.join(10)
    return stalls


def stalls_in_this_process(path: Path, rounds: int) -> dict[str, list[float]]:
    """Per-round worst stalls with the work and with an idle worker (the floor).

    The account list is loaded into the program's model first, so the heap the
    garbage collector walks is the size of the real window's.
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

        model = AccountsModel()
        model.set_rows(rows)
        held = model
    except ImportError:
        pass
    import tempfile

    from workbench import accounts

    result: dict[str, list[float]] = {"reads": [], "ingest": [], "idle": [],
                                      "research": research_stalls(rounds)}
    feeds = sorted(FEEDS.glob("*.xml"))[:12] if FEEDS.is_dir() else []
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "ingest.sqlite3"
        scratch_db = open_database(scratch)
        accounts.create_account(scratch_db, "Ingest Co")
        scratch_db.dispose()
        reads, ingest = database_work(path), ingest_work(scratch, feeds)
        for _ in range(rounds):
            result["reads"].append(measure_stall(reads))
            if feeds:
                result["ingest"].append(measure_stall(ingest))
            result["idle"].append(measure_stall(lambda _progress, _cancel: time.sleep(0.3)))
        # The stalls above are mostly full garbage collections walking every object the
        # program made at start-up (modules, classes, Qt wrappers: 120,000 objects).
        # gc.freeze() after start-up takes those out of every later collection.
        gc.collect()
        gc.freeze()
        result["research, gc.freeze()"] = research_stalls(rounds)
        result["reads, gc.freeze()"] = [measure_stall(reads) for _ in range(rounds)]
        gc.unfreeze()
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
    done = subprocess.run([sys.executable, "-c", _CHILD.format(path=str(path), rounds=rounds)],
                          cwd=root, env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("STALLS ")), None)
    if line is None:
        raise RuntimeError(f"the stall measurement failed: {done.stderr.strip()[-400:]}")
    measured = json.loads(line[len("STALLS "):])
    rows = []
    for key, label, work in (
            ("research", "research",
             "the program's research of research_bench's fixture site (15 pages, 3 feeds, "
             "50 ms latency)"),
            ("research, gc.freeze()", "research, with gc.freeze() after start-up",
             "as above, after gc.collect() and gc.freeze()"),
            ("reads", "reads", "dossier + searches + account list"),
            ("reads, gc.freeze()", "reads, with gc.freeze() after start-up",
             "as above, after gc.collect() and gc.freeze()"),
            ("ingest", "feed ingestion",
             "feedparser on 12 shared corpus feeds + ORM writes with the search triggers")):
        stalls = measured[key]
        if not stalls:
            why = ("the research pipeline is not in this checkout" if "research" in key
                   else "shared corpora not found")
            rows.append(harness.unavailable(f"event-loop stall during background {label}",
                                            "never over 50 ms", why))
            continue
        row = harness.row(f"event-loop stall during background {label}", stalls,
                          floor_samples=measured["idle"], target="never over 50 ms",
                          limit_s=LIMIT_S,
                          note=f"worst of {rounds} rounds {max(stalls) * 1000:.0f} ms; work: "
                               f"{work}, as a ui.jobs Job, the account list loaded in the "
                               "window's model")
        row["met"] = max(stalls) < LIMIT_S  # "never": the worst round counts
        rows.append(row)
    return rows
