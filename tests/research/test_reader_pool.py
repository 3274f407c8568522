"""The research's reader processes: plain data in and out, a time limit that replaces a
stuck worker, a crashed worker replaced and the task tried again, nothing left running."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from tests.research.server import FixtureServer
from tests.timing import load_factor
from workbench import accounts
from workbench.research import reader_pool
from workbench.research.page_reading import PageReading
from workbench.research.pipeline import run_research
from workbench.storage.database import Database

PAGE = ("<html><head><title>Acme Robotics</title></head><body><h1>About Acme</h1>"
        "<p>Acme Robotics, founded in 2001, builds warehouse robots.</p>"
        "<h3>Jane Doe</h3><p>Chief Executive Officer</p></body></html>")


def _gone(pids: list[int], within_s: float = 5.0) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        alive = []
        for pid in pids:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                continue
            # A child that exited but was not reaped yet is gone for our purpose.
            try:
                with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                    if stat.read().split(") ")[-1].startswith("Z"):
                        continue
            except OSError:
                continue
            alive.append(pid)
        if not alive:
            return True
        time.sleep(0.05)
    return False


def test_a_page_is_read_in_another_process_and_comes_back_as_data() -> None:
    pool = reader_pool.ReaderPool(workers=1)
    try:
        reading = pool.run("read_page", PAGE, "http://acme.test/about",
                           "http://acme.test/about", True)
        pids = pool.pids()
    finally:
        pool.shutdown()
    assert isinstance(reading, PageReading)
    assert reading.title == "Acme Robotics"
    assert "warehouse robots" in reading.text
    assert any(p.name == "Jane Doe" for p in reading.people)
    assert pids and os.getpid() not in pids
    assert _gone(pids), "the reader process outlived shutdown()"


def test_a_reading_over_its_time_is_reported_and_the_workers_replaced() -> None:
    pool = reader_pool.ReaderPool(workers=1)
    try:
        pool.run("warm")
        stuck = pool.pids()
        big = "<html><body>" + "<p>Robots and more robots.</p>" * 20_000 + "</body></html>"
        started = time.monotonic()
        with pytest.raises(reader_pool.ReadFailed, match="longer than"):
            pool.run("read_page", big, "http://a.test/", "http://a.test/", True, timeout=0.05)
        assert time.monotonic() - started < 5
        assert pool.restarts == 1
        assert _gone(stuck), "the worker that ran over its time was not ended"
        # The next task gets a fresh worker.
        assert pool.run("read_page", PAGE, "http://a.test/", "http://a.test/", False).title
    finally:
        pool.shutdown()


def test_a_worker_that_dies_is_replaced_and_the_task_tried_again() -> None:
    pool = reader_pool.ReaderPool(workers=1)
    try:
        pool.run("warm")
        (victim,) = pool.pids()
        big = "<html><body>" + "<p>Robots and more robots.</p>" * 20_000 + "</body></html>"
        result: list[object] = []
        # The reading's time limit is stretched by the machine's load: at load 10 the
        # retried reading alone ran over the 30 s limit, and the test failed for nothing.
        limit = reader_pool.TASK_TIMEOUT_S * load_factor()
        reader = threading.Thread(target=lambda: result.append(
            pool.run("read_page", big, "http://a.test/", "http://a.test/", False,
                     timeout=limit)))
        reader.start()
        time.sleep(0.3)  # the task is in the worker now (it takes well over a second)
        os.kill(victim, signal.SIGKILL)
        reader.join(2 * limit)
        assert not reader.is_alive()
        assert pool.restarts >= 1
        assert result and isinstance(result[0], PageReading) and result[0].text
        assert victim not in pool.pids()
    finally:
        pool.shutdown()


def test_a_cancelled_run_stops_waiting_for_its_reading() -> None:
    pool = reader_pool.ReaderPool(workers=1)
    stop = threading.Event()
    try:
        pool.run("warm")
        big = "<html><body>" + "<p>Robots and more robots.</p>" * 40_000 + "</body></html>"
        threading.Timer(0.2, stop.set).start()
        started = time.monotonic()
        with pytest.raises(reader_pool.ReadAbandoned):
            pool.run("read_page", big, "http://a.test/", "http://a.test/", False, stop=stop.is_set)
        assert time.monotonic() - started < 1.0
    finally:
        pool.shutdown()


def test_a_reading_asked_for_after_its_run_was_cancelled_starts_no_workers() -> None:
    # A page whose fetch comes back after the cancel: the program may have ended the
    # workers already, and they must not start again behind its back.
    pool = reader_pool.ReaderPool(workers=1)
    try:
        with pytest.raises(reader_pool.ReadAbandoned):
            pool.run("read_page", "<p>Late.</p>", "http://a.test/", "http://a.test/", False,
                     stop=lambda: True)
        assert pool.pids() == [] and pool._executor is None
    finally:
        pool.shutdown()


def test_feed_errors_travel_back_as_they_are() -> None:
    from workbench.research.feeds import NotAFeed

    pool = reader_pool.ReaderPool(workers=1)
    try:
        with pytest.raises(NotAFeed, match="web page, not a feed"):
            pool.run("read_feed", b"<html><body><p>Hello</p></body></html>", "http://a.test/f")
    finally:
        pool.shutdown()


def test_research_keeps_a_page_whose_reading_failed_and_reports_it(
        db: Database, fixture_server: FixtureServer, monkeypatch: pytest.MonkeyPatch) -> None:
    fixture_server.page("/", '<html><head><title>Acme</title></head><body>'
                             '<a href="/about">About us</a> <a href="/team">Team</a>'
                             "<p>Acme, founded in 2001.</p></body></html>")
    fixture_server.page("/about", PAGE)
    fixture_server.page("/team", "<html><body><h1>Team</h1><h3>John Roe</h3>"
                                 "<p>Chief Financial Officer</p></body></html>")
    real_run = reader_pool.run

    def failing_about(task: str, *args: object, **kwargs: object) -> object:
        if task == "read_page" and str(args[2]).endswith("/about"):
            raise reader_pool.ReadFailed("reading it took longer than 30 s")
        return real_run(task, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reader_pool, "run", failing_about)
    account_id = accounts.create_account(db, "Acme", fixture_server.url("/"))
    summary = run_research(db, account_id)
    assert summary.pages_fetched == 3
    assert any(e["url"].endswith("/about") and "longer than 30 s" in e["error"]
               for e in summary.errors)
    assert summary.people >= 1  # the team page was read as usual
    assert summary.status == "partial"


@pytest.mark.slow  # a real CLI research in a subprocess
def test_the_cli_ends_its_reader_processes(tmp_path: Path, fixture_server: FixtureServer) -> None:
    """`workbench research` leaves no reader process behind and exits promptly."""
    import subprocess
    import sys

    fixture_server.page("/", PAGE)
    root = Path(__file__).resolve().parent.parent.parent
    env = dict(os.environ, PYTHONPATH=str(root))
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "workbench", "--db", str(tmp_path / "c.sqlite3"),
                              "research", fixture_server.url("/")], cwd=root, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # The reader processes are the CLI's children: catch them while it runs.
    seen: set[int] = set()
    while child.poll() is None and time.monotonic() - started < 120:
        seen |= _children(child.pid)
        time.sleep(0.05)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err[-2000:]
    assert time.monotonic() - started < 60
    assert "Pages: 1 fetched" in out
    assert seen, "the research started no reader process"
    assert _gone(sorted(seen)), "reader processes outlived the program"


def _children(pid: int) -> set[int]:
    """The process's descendants (the fork server and the workers it forked), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text(encoding="ascii")
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(") ", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def test_the_workers_run_at_a_lower_priority_than_the_program() -> None:
    pool = reader_pool.ReaderPool(workers=1)
    try:
        pool.run("warm")
        (pid,) = pool.pids()
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        nice = int(stat.rsplit(") ", 1)[1].split()[16])
        assert nice == os.nice(0) + reader_pool.WORKER_NICENESS
    finally:
        pool.shutdown()


def _read_in_daemon(queue: object) -> None:
    pool = reader_pool.ReaderPool(workers=1)
    reading = pool.run("read_page", PAGE, "http://a.test/", "http://a.test/", True)
    queue.put(reading.title)  # type: ignore[attr-defined]


def test_a_daemonic_process_reads_in_process() -> None:
    """A daemonic process may not start children: reading happens there instead."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_read_in_daemon, args=(queue,), daemon=True)
    child.start()
    try:
        assert queue.get(timeout=60) == "Acme Robotics"
    finally:
        child.join(10)
    assert child.exitcode == 0
