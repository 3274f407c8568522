"""Connections that go where the address check said, and exchanges that end on time.

- **Pinning.** `HttpClient` resolves a host once, checks the addresses, and pins the one it
  checked for the request; the connection classes here connect to that address instead
  of resolving the name again (a DNS answer that changes in between, DNS rebinding, can
  no longer steer the connection to 127.0.0.1). The host name is still what TLS sends as
  SNI and verifies the certificate against, and what the Host header says.
- **A whole-exchange deadline.** A socket read timeout restarts with every byte, so a
  server sending its status line a byte every 5 s kept a fetch alive for minutes. While
  the status line and headers are awaited, a watchdog thread shuts the socket down at
  the fetch's deadline; the blocked read returns and the fetch fails "no answer".

The pins and the deadline travel in a thread-local `exchange` set by the client around
each request: a connection is opened on the thread that asked for it, to the address that
thread checked, and kept alive in a pool the client's threads share (a later request to
the same scheme, host and port may reuse it; its address was checked when it opened).
"""

from __future__ import annotations

import heapq
import itertools
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

# Opens a TCP connection to (address, port) within a timeout; tests pass a stub so that
# no connection to a public address is ever attempted.
Connector = Callable[[tuple[str, int], Any], socket.socket]


class Abort:
    """Stops fetches in flight: each registers how to cut its connection; `abort()` cuts
    them all (a cancelled run, or slow pages given up once the rest is done)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cuts: dict[int, Callable[[], None]] = {}
        self._ids = itertools.count()
        self.aborted = False

    def register(self, cut: Callable[[], None]) -> int:
        with self._lock:
            handle = next(self._ids)
            if not self.aborted:
                self._cuts[handle] = cut
                return handle
        _quietly(cut)
        return handle

    def unregister(self, handle: int) -> None:
        with self._lock:
            self._cuts.pop(handle, None)

    def abort(self) -> None:
        with self._lock:
            self.aborted = True
            cuts = list(self._cuts.values())
            self._cuts.clear()
        for cut in cuts:
            _quietly(cut)


def _quietly(cut: Callable[[], None]) -> None:
    try:
        cut()
    except OSError:
        pass  # the connection is gone already: that was the point


class _Exchange(threading.local):
    def __init__(self) -> None:
        self.pins: dict[tuple[str, int], str] = {}
        self.connector: Connector | None = None
        self.ends_at: float | None = None
        self.abort: Abort | None = None


exchange = _Exchange()


@contextmanager
def pinned(host: str, port: int, address: str, ends_at: float,
           connector: Connector | None, abort: Abort | None = None) -> Iterator[None]:
    """Within the block, a new connection to ``host:port`` on this thread goes to
    ``address``, and waiting for a response's head ends at ``ends_at`` (or at ``abort``)."""
    key = (host.lower().strip("[]"), port)
    exchange.pins[key] = address
    exchange.connector = connector
    exchange.ends_at = ends_at
    exchange.abort = abort
    try:
        yield
    finally:
        exchange.pins.pop(key, None)
        exchange.ends_at = None
        exchange.abort = None


class _Watchdog:
    """One daemon thread calling callbacks at their times (cheaper than a Timer each)."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._cancelled: set[int] = set()
        self._ids = itertools.count()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def at(self, when: float, callback: Callable[[], None]) -> int:
        with self._wake:
            handle = next(self._ids)
            heapq.heappush(self._heap, (when, handle, callback))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, daemon=True,
                                                name="http-deadlines")
                self._thread.start()
            self._wake.notify()
            return handle

    def cancel(self, handle: int) -> None:
        with self._wake:
            self._cancelled.add(handle)

    def _loop(self) -> None:
        while True:
            with self._wake:
                while self._heap and self._heap[0][1] in self._cancelled:
                    self._cancelled.discard(heapq.heappop(self._heap)[1])
                if not self._heap:
                    self._wake.wait(5.0)
                    if not self._heap:
                        self._thread = None
                        return
                    continue
                when, handle, callback = self._heap[0]
                delay = when - time.monotonic()
                if delay > 0:
                    self._wake.wait(delay)
                    continue
                heapq.heappop(self._heap)
            try:
                callback()
            except Exception:  # noqa: BLE001, S110 - a socket already gone is the goal
                pass


watchdog = _Watchdog()


class _PinnedMixin:
    host: str
    port: int
    timeout: Any
    sock: socket.socket | None
    _dns_host: str

    def _new_conn(self) -> socket.socket:
        address = exchange.pins.get((self.host.lower().strip("[]"), self.port))
        if address is None:  # no pin (a proxy, or a call outside HttpClient)
            return super()._new_conn()  # type: ignore[misc]
        connector = exchange.connector
        if connector is None:
            self._dns_host = address  # connect there; self.host stays for SNI and Host
            return super()._new_conn()  # type: ignore[misc]
        try:
            return connector((address, self.port), self.timeout)
        except TimeoutError as exc:
            raise ConnectTimeoutError(self, f"Connection to {self.host} timed out.") from exc
        except OSError as exc:
            raise NewConnectionError(
                self, f"Failed to establish a new connection: {exc}") from exc  # type: ignore[arg-type]

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        ends_at, abort = exchange.ends_at, exchange.abort
        handle = watchdog.at(ends_at, self._cut) if ends_at is not None else None
        stop = abort.register(self._cut) if abort is not None else None
        try:
            return super().getresponse(*args, **kwargs)  # type: ignore[misc]
        finally:
            if handle is not None:
                watchdog.cancel(handle)
            if abort is not None and stop is not None:
                abort.unregister(stop)

    def _cut(self) -> None:
        sock = self.sock
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)


class PinnedHTTPConnection(_PinnedMixin, HTTPConnection):
    """An HTTP connection to the pinned address, its head read under the deadline."""


class PinnedHTTPSConnection(_PinnedMixin, HTTPSConnection):
    """An HTTPS connection to the pinned address; TLS verifies the host name."""


class _PinnedHTTPPool(HTTPConnectionPool):
    ConnectionCls = PinnedHTTPConnection


class _PinnedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = PinnedHTTPSConnection


class PinnedAdapter(HTTPAdapter):
    """A requests adapter whose connections are pinned (see the module docstring)."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _PinnedHTTPPool,
                                                   "https": _PinnedHTTPSPool}
