"""The one reader of views' data off the GUI thread: only the newest answer is shown."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThreadPool

from ui.background_read import BackgroundReader
from ui.jobs import JobRunner


def test_an_answer_overtaken_by_a_reading_of_the_views_own_is_dropped(qtbot) -> None:
    shown: list[str] = []
    release = threading.Event()
    reader = BackgroundReader(JobRunner(), "reading", lambda: "default", shown.append)

    def slow() -> str:
        release.wait(10)
        return "old"

    reader.read(slow)
    reader.read_now(lambda: "new")  # the rep asked; the running reading is now old
    release.set()
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.waitUntil(lambda: not reader.busy, timeout=10_000)
    assert shown == ["new"]


def test_a_burst_of_requests_reads_once_more_and_shows_the_last(qtbot) -> None:
    shown: list[str] = []
    release = threading.Event()
    reader = BackgroundReader(JobRunner(), "reading", lambda: "default", shown.append)

    def first() -> str:
        release.wait(10)
        return "first"

    reader.read(first)
    for word in ("second", "third", "fourth"):
        reader.read(lambda w=word: w)  # noqa: B023 - each request its own word
    release.set()
    qtbot.waitUntil(lambda: shown == ["fourth"], timeout=10_000)
    qtbot.waitUntil(lambda: not reader.busy, timeout=10_000)
    assert shown == ["fourth"]


def test_a_failed_reading_is_told_to_the_view(qtbot) -> None:
    errors: list[BaseException] = []

    def broken() -> str:
        raise OSError("disk gone")

    reader = BackgroundReader(JobRunner(), "reading", broken, lambda _: None,
                              failed=errors.append)
    reader.read()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert str(errors[0]) == "disk gone"


def test_a_job_that_ends_after_its_window_closed_reports_to_no_one(qtbot) -> None:
    from shiboken6 import Shiboken

    told: list[object] = []
    release = threading.Event()
    runner = JobRunner()
    runner.submit("slow", lambda: release.wait(10), on_success=told.append,
                  on_failure=told.append)
    Shiboken.delete(runner)  # the window, and its runner with it, is gone
    release.set()
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(50)  # the job's queued signals arrive: nobody hears them, nothing raises
    assert told == []


def test_a_reading_asked_for_again_after_the_window_closed_never_starts(qtbot) -> None:
    """The window's close waits for its jobs; an answer delivered after that (a view
    reading once more) must not start work on a database the window is letting go of:
    on PostgreSQL such a job's connection outlived the engine and was left open."""
    pool = QThreadPool()
    runner = JobRunner(pool)
    shown: list[str] = []
    calls: list[str] = []
    release = threading.Event()
    reader = BackgroundReader(runner, "reading", lambda: "default", shown.append)

    def first() -> str:
        release.wait(10)
        return "first"

    def again() -> str:
        calls.append("again")
        return "again"

    reader.read(first)
    reader.read(again)  # asked while the first runs: read once more after it
    release.set()
    runner.close()  # what the window's close does: cancel, wait, start nothing after
    qtbot.wait(50)  # the first answer arrives and asks for the reading again
    pool.waitForDone(10_000)
    assert calls == []
    assert runner.running == []
    from ui.jobs import run_and_wait

    assert run_and_wait(runner, "a last read", lambda: "at once") == "at once"
