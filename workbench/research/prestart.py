"""Start a thread pool's threads while research waits on the network.

`ThreadPoolExecutor` starts a thread at each `submit` until it has ``max_workers``, and
`Thread.start` waits until the new thread runs: with the run's other threads busy, each
start costs a switch of the interpreter lock (up to its 5 ms interval). Fourteen pages
submitted at once after the home page cost 9-15 ms before the last request went out,
three feeds 10-17 ms. Started while robots.txt and the home page load, when nothing else
runs, the threads cost that time where it is free; the later `submit` finds them idle.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

# Longest a started thread waits for the others to start (they take a millisecond).
START_WAIT_S = 5.0


def prestart(pool: ThreadPoolExecutor, count: int) -> None:
    """Have ``count`` of ``pool``'s threads running and idle, without waiting for them:
    each waits until all have started (so none is reused before the next is made),
    then they all return to the pool."""
    if count <= 0:
        return
    started = threading.Barrier(count)

    def wait_for_the_others() -> None:
        try:
            started.wait(START_WAIT_S)
        except threading.BrokenBarrierError:
            pass  # fewer threads could be had: those that were are there

    for _ in range(count):
        pool.submit(wait_for_the_others)
