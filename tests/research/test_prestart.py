"""`prestart` starts a pool's threads ahead of the work: the later `submit`s start none."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from workbench.research import prestart as prestart_module
from workbench.research.prestart import prestart


def _named(prefix: str) -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith(prefix)}


def test_prestarted_threads_take_the_work_without_new_ones() -> None:
    pool = ThreadPoolExecutor(5, thread_name_prefix="prestart-test")
    try:
        prestart(pool, 5)
        deadline = time.monotonic() + 10
        while len(_named("prestart-test")) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        started = _named("prestart-test")
        assert len(started) == 5
        go = threading.Event()
        ran_on: set[threading.Thread] = set()
        lock = threading.Lock()

        def work() -> None:
            with lock:
                ran_on.add(threading.current_thread())
            go.wait(10)

        futures = [pool.submit(work) for _ in range(5)]
        deadline = time.monotonic() + 10
        while len(ran_on) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        go.set()
        for future in futures:
            future.result(10)
        assert ran_on == started == _named("prestart-test")
    finally:
        pool.shutdown()


def test_asking_for_more_threads_than_the_pool_has_never_hangs(monkeypatch) -> None:
    monkeypatch.setattr(prestart_module, "START_WAIT_S", 0.2)
    pool = ThreadPoolExecutor(2, thread_name_prefix="prestart-few")
    try:
        prestart(pool, 3)  # the third waits behind the two; they give up, it passes alone
        assert pool.submit(lambda: 42).result(30) == 42
    finally:
        pool.shutdown()
