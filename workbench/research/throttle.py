"""Per-host politeness: at most a few requests at once to one host, and a minimum delay
between the starts of two requests to it (robots.txt Crawl-delay raises that delay)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class HostThrottle:
    """Limits concurrency and request rate per host; thread-safe.

    ``per_host``: requests in flight to one host at most. ``delay``: seconds between
    request starts.
    """

    def __init__(self, per_host: int = 6, delay: float = 0.0) -> None:
        self.per_host = max(1, per_host)
        self.delay = max(0.0, delay)
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay: float) -> None:
        """A host-specific delay (from robots.txt), capped so a hostile value cannot stall us."""
        with self._lock:
            self._delays[host] = min(max(0.0, delay), 30.0)

    def delay_for(self, host: str) -> float:
        with self._lock:
            return max(self.delay, self._delays.get(host, 0.0))

    def _semaphore(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            sem = self._semaphores.get(host)
            if sem is None:
                # A host with a crawl delay gets one request at a time: the delay means
                # "one request per N seconds", not "N seconds between parallel bursts".
                limit = 1 if self._delays.get(host, 0.0) > 0 else self.per_host
                sem = self._semaphores[host] = threading.BoundedSemaphore(limit)
            return sem

    def _wait_turn(self, host: str, deadline: float | None) -> None:
        delay = self.delay_for(host)
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, 0.0))
            self._next_start[host] = start + delay
        pause = start - time.monotonic()
        if deadline is not None:
            pause = min(pause, max(0.0, deadline - time.monotonic()))
        if pause > 0:
            time.sleep(pause)

    @contextmanager
    def slot(self, host: str, deadline: float | None = None) -> Iterator[None]:
        """Hold one of the host's slots for the duration of a request."""
        sem = self._semaphore(host)
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not sem.acquire(timeout=timeout):
            raise TimeoutError(f"waited too long for a free connection to {host}")
        try:
            self._wait_turn(host, deadline)
            yield
        finally:
            sem.release()
