"""The one road for background work: run a core function in a worker, report back by signals.

A job is a plain function `fn(progress, cancel)`; progress and the result or error
come back to the main thread through queued signals, so no widget is touched from a
worker. The thread pool is injectable: tests pass `ImmediatePool` to run jobs
synchronously. `JobRunner.submit` is the short road for a read or write that may take
more than a few milliseconds: a function of no arguments and what to do with its answer;
`run_and_wait` the road for one the rep waits on (a dialog's write, a PDF being saved),
with the window still drawing.

Writes need no queue of their own here: every write of the process, from whichever
thread, passes the core's one writer lock (`Database.writer`), so a job's write and
the window's never race. A job that writes returns its `Changes`; `on_success`
publishes them on the change bus (on the main thread).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from workbench.cancel import CancelToken
from workbench.errors import KnownError

log = logging.getLogger("ui.jobs")

# How long `run_and_wait` waits for its answer before saying so.
WAIT_MS = 60_000


class Pool(Protocol):
    def start(self, runnable: QRunnable) -> None: ...


class ImmediatePool:
    """Runs each job at once on the calling thread (for tests)."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()


class Job(QObject):
    """One piece of background work.

    Signals:
        progress(int, int, str): done, total, what is happening now.
        succeeded(object): the function's return value.
        failed(object): the exception it raised.
        finished(): after either of the above.
    """

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, title: str, fn: Callable[[Callable[[int, int, str], None], CancelToken], Any]):
        super().__init__()
        self.title = title
        self.fn = fn
        self.cancel_token = CancelToken()
        # What `JobRunner.submit` was told to do with the answer; the runner calls them
        # from its own slots, so nothing is called once the runner (its window) is gone.
        self.on_success: Callable[[Any], None] | None = None
        self.on_failure: Callable[[BaseException], None] | None = None

    def cancel(self) -> None:
        self.cancel_token.cancel()


class _Runnable(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        self.setAutoDelete(True)

    def run(self) -> None:
        job = self.job
        try:
            result = job.fn(job.progress.emit, job.cancel_token)
        except BaseException as exc:  # reported to the UI, which decides how to show it
            log.debug("job %s failed", job.title, exc_info=True)
            job.failed.emit(exc)
        else:
            job.succeeded.emit(result)
        finally:
            job.finished.emit()


class JobRunner(QObject):
    """Starts jobs on a pool and keeps them alive until they finish.

    Signals:
        busy_changed(bool): whether any job is running.
    """

    busy_changed = Signal(bool)

    def __init__(self, pool: Pool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool: Pool = pool or QThreadPool.globalInstance()
        self._running: list[Job] = []
        self.closed = False

    @property
    def running(self) -> list[Job]:
        return list(self._running)

    def start(self, job: Job) -> Job:
        if self.closed:
            # Its window has closed: an answer arriving afterwards (a view reading once
            # more, a timer) must not start work on a database that is being let go of.
            log.debug("job %s not started: the window has closed", job.title)
            job.cancel()
            return job
        self._running.append(job)
        # A slot of the runner's, not a lambda: Qt drops the connection when the runner
        # is deleted, so a job that ends after its window closed reports to no one.
        job.finished.connect(self._on_job_finished)
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Runnable(job))
        return job

    def submit(self, title: str, fn: Callable[[], Any],
               on_success: Callable[[Any], None] | None = None,
               on_failure: Callable[[BaseException], None] | None = None) -> Job:
        """Run `fn()` in the background; its answer or error comes back on the main thread."""
        job = Job(title, lambda _progress, _cancel: fn())
        job.on_success, job.on_failure = on_success, on_failure
        job.succeeded.connect(self._on_job_succeeded)
        job.failed.connect(self._on_job_failed)
        return self.start(job)

    def cancel_all(self) -> None:
        for job in self._running:
            job.cancel()

    def close(self, msecs: int = 30_000) -> bool:
        """Cancel every job, wait for them, and start no job after (the window closes)."""
        self.closed = True
        self.cancel_all()
        return self.wait_for_all(msecs)

    def wait_for_all(self, msecs: int = 30_000) -> bool:
        pool = self._pool
        if isinstance(pool, QThreadPool):
            return pool.waitForDone(msecs)
        return True

    @Slot(object)
    def _on_job_succeeded(self, result: object) -> None:
        job = self.sender()
        if isinstance(job, Job) and job.on_success is not None:
            job.on_success(result)

    @Slot(object)
    def _on_job_failed(self, exc: BaseException) -> None:
        job = self.sender()
        if isinstance(job, Job) and job.on_failure is not None:
            job.on_failure(exc)

    @Slot()
    def _on_job_finished(self) -> None:
        job = self.sender()
        if job in self._running:
            self._running.remove(job)
            if not self._running:
                self.busy_changed.emit(False)


def run_and_wait(runner: JobRunner | None, title: str, fn: Callable[[], Any],
                 msecs: int = WAIT_MS) -> Any:
    """`fn()` on the runner, waiting for its answer with the window still drawing (the
    rep's input held back); at once without a runner. Its exception is raised here."""
    if runner is None or runner.closed:
        return fn()
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def succeeded(answer: Any) -> None:
        outcome["answer"] = answer
        loop.quit()

    def failed(error: BaseException) -> None:
        outcome["error"] = error
        loop.quit()

    runner.submit(title, fn, on_success=succeeded, on_failure=failed)
    deadline = time.monotonic() + msecs / 1000
    timer = QTimer()  # wakes the loop to look at the clock
    timer.setInterval(100)
    timer.timeout.connect(loop.quit)
    timer.start()
    while not outcome and time.monotonic() < deadline:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    timer.stop()
    if "error" in outcome:
        raise outcome["error"]
    if "answer" not in outcome:
        raise KnownError(f"{title.capitalize()} took longer than {msecs // 1000} s.")
    return outcome["answer"]
