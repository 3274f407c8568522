"""Per-host politeness: at most a few requests at once to one host, and a minimum delay
between the starts of two requests to it (robots.txt Crawl-delay raises that delay and
drops the limit to one request at a time).

Waiting requests are served by priority, then in arrival order: research gives the
fetches that lead to more fetches (robots.txt, the home page, feeds, then articles) a
turn before the leaf pages, which shortens the whole run without more connections.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

PRIORITY_NORMAL = 0
PRIORITY_BACKGROUND = 10


class _HostSlots:
    """A counting semaphore whose waiters go in (priority, arrival) order."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.active = 0
        # Slots kept for requests of normal priority that are on their way (`reserve`).
        self.reserved = 0
        self._cond = threading.Condition()
        self._waiting: list[tuple[int, int]] = []
        self._tickets = itertools.count()

    def set_limit(self, limit: int) -> None:
        with self._cond:
            self.limit = max(1, limit)
            self._cond.notify_all()

    def acquire(self, priority: int, timeout: float | None,
                queued: Callable[[], None] | None = None) -> bool:
        ends_at = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            ticket = (priority, next(self._tickets))
            heapq.heappush(self._waiting, ticket)
            if queued is not None:
                queued()
            kept = self.reserved if priority > PRIORITY_NORMAL else 0
            while not (self.active < self.limit - kept and self._waiting[0] == ticket):
                remaining = None if ends_at is None else ends_at - time.monotonic()
                if remaining is not None and remaining <= 0:
                    self._waiting.remove(ticket)
                    heapq.heapify(self._waiting)
                    self._cond.notify_all()
                    return False
                self._cond.wait(remaining)
                kept = self.reserved if priority > PRIORITY_NORMAL else 0
            heapq.heappop(self._waiting)
            self.active += 1
            if priority <= PRIORITY_NORMAL and self.reserved:
                self.reserved -= 1
            self._cond.notify_all()  # the next in line may take a slot that is still free
            return True

    def release(self) -> None:
        with self._cond:
            self.active -= 1
            self._cond.notify_all()

    def reserve(self, count: int) -> Callable[[], None]:
        with self._cond:
            self.reserved += count
        left = [count]

        def unreserve() -> None:
            with self._cond:
                # Whatever normal requests have not used up (a preference, not a count
                # to keep exact: two reservations at once may free each other's early).
                self.reserved = max(0, self.reserved - left[0])
                left[0] = 0
                self._cond.notify_all()

        return unreserve


class HostThrottle:
    """Limits concurrency and request rate per host; thread-safe.

    ``per_host``: requests in flight to one host at most. ``delay``: seconds between
    request starts.
    """

    def __init__(self, per_host: int = 6, delay: float = 0.0) -> None:
        self.per_host = max(1, per_host)
        self.delay = max(0.0, delay)
        self._lock = threading.Lock()
        self._slots: dict[str, _HostSlots] = {}
        self._next_start: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay: float) -> None:
        """A host-specific delay (from robots.txt), capped so a hostile value cannot stall
        us. A host with a delay gets one request at a time: the delay means "one request
        per N seconds", not "N seconds between parallel bursts"."""
        with self._lock:
            self._delays[host] = min(max(0.0, delay), 30.0)
            slots = self._slots.get(host)
        if slots is not None and delay > 0:
            slots.set_limit(1)

    def delay_for(self, host: str) -> float:
        with self._lock:
            return max(self.delay, self._delays.get(host, 0.0))

    def _host_slots(self, host: str) -> _HostSlots:
        with self._lock:
            slots = self._slots.get(host)
            if slots is None:
                limit = 1 if self._delays.get(host, 0.0) > 0 else self.per_host
                slots = self._slots[host] = _HostSlots(limit)
            return slots

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

    def reserve(self, host: str, count: int) -> Callable[[], None]:
        """Keep ``count`` of the host's free slots for requests of normal priority (their
        threads are starting: feeds that lead to articles), so background requests that
        arrive first do not take every connection; each normal request that gets a slot
        uses one up. Call what is returned once they are all in line (or given up), to
        free what is left of it."""
        slots = self._host_slots(host)
        return slots.reserve(max(0, min(count, slots.limit)))

    @contextmanager
    def slot(self, host: str, deadline: float | None = None,
             priority: int = PRIORITY_NORMAL,
             queued: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold one of the host's slots for the duration of a request; lower ``priority``
        values are served first. ``queued()`` is called (under the throttle's lock: keep
        it short) once the request is in line, before it waits."""
        slots = self._host_slots(host)
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not slots.acquire(priority, timeout, queued):
            raise TimeoutError(f"waited too long for a free connection to {host}")
        try:
            self._wait_turn(host, deadline)
            yield
        finally:
            slots.release()
