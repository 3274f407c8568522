"""Worker processes that read fetched pages, feeds and articles (`page_reading`).

Parsing HTML and feeds is CPU work in C (lxml) and Python (trafilatura, feedparser) that
holds the interpreter lock for tens to hundreds of milliseconds on a hostile page (a
feed of 100,000 items, a home page of 20,000 links). In the program's own process that
freezes the window's event loop however the threads are arranged, so research sends
the text to a small pool of worker processes and gets plain data back; fetching and the
database writes stay where they are.

- `run(task, *args)` waits for the answer, giving up after ``timeout`` seconds (the
  workers are then killed and a fresh pool started: a task cannot be stopped otherwise)
  or as soon as ``stop()`` says the run was cancelled. A pool that breaks (a worker that
  crashed or was killed) is restarted and the task tried once more; `ReadFailed` says
  what happened, and `restarts` counts the restarts for the tests and the log.
- The workers start with the extractors imported (a fork server with them preloaded,
  where the platform has one; a frozen build and Windows spawn fresh interpreters), at a
  lower CPU priority (niceness +5) than the program: the window wins a busy machine.
- Tasks wait for a free worker by priority, then in arrival order (`run`'s ``priority``):
  research reads feeds and the home page's links, which lead to more fetches, before
  the leaf pages queued ahead of them, so the next fetches start sooner.
- `shutdown()` ends the workers; the CLI and the desktop program call it on their way
  out, so a long reading never delays exit and no process is left behind.
- ``WORKBENCH_READ_INLINE=1`` reads in the calling thread instead (for debugging with a
  profiler); so does a process that cannot start others (a daemonic worker process, a
  platform without processes), with a note in the log.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

log = logging.getLogger("workbench.research.reader_pool")

INLINE_ENV = "WORKBENCH_READ_INLINE"
# Seconds one reading may take, waiting for a free worker included; a page that takes
# longer is reported, and the workers are replaced.
TASK_TIMEOUT_S = 30.0
POLL_S = 0.1
# Priorities of `run`: lower goes first when tasks wait for a free worker.
PRIORITY_NORMAL = 0
PRIORITY_BACKGROUND = 10
_PRELOAD = ["workbench.research.reader_preload"]  # the extractors, imported


class ReadFailed(Exception):
    """A reading did not come back: it ran over its time, or its worker stopped twice."""


class ReadAbandoned(Exception):
    """The caller stopped waiting (its run was cancelled)."""


def _run_task(name: str, args: tuple[Any, ...]) -> Any:
    """In the worker: run one `page_reading` task by name."""
    from workbench.research import page_reading

    return page_reading.call(name, args)


# Niceness of the workers: reading is background work, and the window (same user, same
# cores) must win the CPU when both want it.
WORKER_NICENESS = 5


def _worker_start() -> None:
    """In each new worker: a lower CPU priority than the program's own process, and the
    extractors imported before the first task (at once where the fork server preloaded
    them; a spawned worker imports them here)."""
    if hasattr(os, "nice"):
        try:
            os.nice(WORKER_NICENESS)
        except OSError:
            pass
    from workbench.research import page_reading

    page_reading.warm()


def _start_method() -> str:
    # A fork server forks workers from a clean process that has imported the extractors
    # once; plain fork would copy the program's threads (Qt's among them) mid-flight.
    # A frozen build re-runs its own executable, which `freeze_support` handles for spawn.
    if getattr(sys, "frozen", False):
        return "spawn"
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def default_workers() -> int:
    """Two at most: the machine also runs the window, the fetches and the database."""
    return max(1, min(2, os.cpu_count() or 1))


class _Turns:
    """At most ``limit`` tasks handed to the workers at once; the others wait, served by
    priority and then arrival (the executor's own queue is first come, first served)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.active = 0
        self._cond = threading.Condition()
        self._waiting: list[tuple[int, int]] = []
        self._tickets = itertools.count()

    def acquire(self, priority: int, deadline: float, stop: Callable[[], bool] | None) -> bool:
        """True once it is this task's turn; False when ``deadline`` passed (raises
        `ReadAbandoned` when ``stop()`` says so), with nothing held."""
        # A task that leads to more fetches may wait in the executor's own queue, next in
        # line for the first worker free (one more than the workers, no more).
        limit = self.limit + (1 if priority <= PRIORITY_NORMAL else 0)
        with self._cond:
            ticket = (priority, next(self._tickets))
            heapq.heappush(self._waiting, ticket)
            try:
                while not (self.active < limit and self._waiting[0] == ticket):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        self._leave(ticket)
                        return False
                    if stop is not None and stop():
                        raise ReadAbandoned
                    self._cond.wait(min(POLL_S, left))
            except BaseException:
                self._leave(ticket)
                raise
            heapq.heappop(self._waiting)
            self.active += 1
            self._cond.notify_all()  # the next in line may take a turn that is still free
            return True

    def _leave(self, ticket: tuple[int, int]) -> None:
        self._waiting.remove(ticket)
        heapq.heapify(self._waiting)
        self._cond.notify_all()

    def release(self) -> None:
        with self._cond:
            self.active -= 1
            self._cond.notify_all()


class ReaderPool:
    """A restartable `ProcessPoolExecutor` for `page_reading` tasks; thread-safe."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self.restarts = 0
        self._turns = _Turns(self.workers)
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._generation = 0
        self._inline = os.environ.get(INLINE_ENV, "").strip() == "1"

    # -- the workers ----------------------------------------------------------------------
    def _current(self) -> tuple[ProcessPoolExecutor | None, int]:
        with self._lock:
            if self._inline:
                return None, self._generation
            if self._executor is None and multiprocessing.current_process().daemon:
                # A daemonic process may not have children (research run by a daemonic
                # worker process of some other pool): read here instead.
                log.info("reading in-process: this process may not start reader processes")
                self._inline = True
                return None, self._generation
            if self._executor is None:
                try:
                    context = multiprocessing.get_context(_start_method())
                    if context.get_start_method() == "forkserver":
                        context.set_forkserver_preload(_PRELOAD)
                    self._executor = ProcessPoolExecutor(self.workers, mp_context=context,
                                                         initializer=_worker_start)
                except (OSError, ValueError, NotImplementedError) as exc:
                    log.warning("cannot start reader processes (%s); reading in-process", exc)
                    self._inline = True
                    return None, self._generation
            return self._executor, self._generation

    def _replace(self, generation: int, why: str) -> None:
        """End the workers of ``generation`` (if still current); the next task starts anew."""
        with self._lock:
            if generation != self._generation or self._executor is None:
                return
            executor, self._executor = self._executor, None
            self._generation += 1
            self.restarts += 1
        log.warning("reader processes restarted: %s", why)
        _end(executor)

    def pids(self) -> list[int]:
        """The worker processes alive now (for the tests)."""
        with self._lock:
            executor = self._executor
        processes = getattr(executor, "_processes", None) or {}
        return [p.pid for p in list(processes.values()) if p.is_alive() and p.pid]

    def warm(self) -> None:
        """Start the workers in the background, so the first page does not wait for them."""
        if self._inline:
            return

        def start() -> None:
            try:
                self.run("warm")
            except Exception:  # noqa: BLE001 - the first real task will say what is wrong
                log.info("warming the reader processes failed", exc_info=True)

        threading.Thread(target=start, name="reader-warm", daemon=True).start()

    def shutdown(self) -> None:
        """End the workers now (a task in progress is abandoned); a later task restarts them."""
        with self._lock:
            executor, self._executor = self._executor, None
            self._generation += 1
        if executor is not None:
            _end(executor, grace_s=1.0)

    # -- tasks ----------------------------------------------------------------------------
    def run(self, task: str, *args: Any, timeout: float = TASK_TIMEOUT_S,
            stop: Callable[[], bool] | None = None, priority: int = PRIORITY_NORMAL) -> Any:
        """The result of `page_reading` ``task`` on ``args``; raises what the task raised,
        `ReadFailed` when it did not come back, `ReadAbandoned` when ``stop()`` is true.
        ``priority``: lower is handed to a worker first when tasks wait for one."""
        if stop is not None and stop():
            # Before anything starts: a fetch that came back after its run was cancelled
            # would otherwise start the workers again, after the program had ended them.
            raise ReadAbandoned
        executor, _ = self._current()
        if executor is None:
            return _run_task(task, args)
        # The timeout covers the wait for a turn too, as it did in the executor's queue.
        started = time.monotonic()
        if not self._turns.acquire(priority, started + timeout, stop):
            raise ReadFailed(f"reading it took longer than {timeout:g} s")
        try:
            return self._run(task, args, max(0.0, timeout - (time.monotonic() - started)), stop)
        finally:
            self._turns.release()

    def _run(self, task: str, args: tuple[Any, ...], timeout: float,
             stop: Callable[[], bool] | None) -> Any:
        for attempt in (1, 2):
            executor, generation = self._current()
            if executor is None:
                return _run_task(task, args)
            try:
                future: Future[Any] = executor.submit(_run_task, task, args)
            except (BrokenProcessPool, RuntimeError):
                self._replace(generation, "the pool had stopped")
                continue
            except (OSError, AssertionError, ValueError) as exc:
                # The workers could not be started at all (no resources, not allowed here).
                log.warning("cannot start reader processes (%s); reading in-process", exc)
                with self._lock:
                    self._inline = True
                self._replace(generation, "reader processes cannot start here")
                return _run_task(task, args)
            try:
                return self._wait(future, timeout, stop)
            except FuturesTimeout:
                self._replace(generation, f"a {task} ran over {timeout:g} s")
                raise ReadFailed(f"reading it took longer than {timeout:g} s") from None
            except BrokenProcessPool:
                self._replace(generation, f"a worker stopped during a {task} "
                                          f"(attempt {attempt})")
        raise ReadFailed("the reader process stopped while reading it")

    @staticmethod
    def _wait(future: Future[Any], timeout: float, stop: Callable[[], bool] | None) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                future.cancel()
                raise FuturesTimeout
            try:
                return future.result(timeout=min(POLL_S, left))
            except FuturesTimeout:
                if stop is not None and stop():
                    future.cancel()
                    raise ReadAbandoned from None


def _end(executor: ProcessPoolExecutor, grace_s: float = 0.0) -> None:
    """Stop an executor's workers: idle ones leave within ``grace_s``, the rest are killed
    (a task cannot be interrupted otherwise)."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + grace_s
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(2)


_pool: ReaderPool | None = None
_pool_lock = threading.Lock()


def pool() -> ReaderPool:
    """The process's one reader pool (created on first use)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ReaderPool()
        return _pool


def run(task: str, *args: Any, timeout: float = TASK_TIMEOUT_S,
        stop: Callable[[], bool] | None = None, priority: int = PRIORITY_NORMAL) -> Any:
    """`pool().run(...)`: see `ReaderPool.run`."""
    return pool().run(task, *args, timeout=timeout, stop=stop, priority=priority)


def set_inline(inline: bool) -> None:
    """Read in the calling thread (True) or in the worker processes (False), from now on:
    for a benchmark that compares the two in one run."""
    current = pool()
    with current._lock:
        current._inline = inline


def shutdown() -> None:
    """End the reader processes, if any were started."""
    with _pool_lock:
        current = _pool
    if current is not None:
        current.shutdown()
