"""A real HTTP server on 127.0.0.1 for research tests, scriptable per path.

Tests register handlers for paths (or serve a folder of fixture files) and get back the
base URL. Each route can script what hostile or slow sites do: latency, a trickling body,
gzip bombs, redirects (including to ``file:`` or private addresses), status codes,
ETag / Last-Modified with 304, and robots.txt. The server records every request so a test
can assert what was (and was not) fetched, with which headers, and how many at once.

Usage::

    with FixtureServer() as srv:
        srv.page("/", "<html>...</html>")
        srv.route("/slow", Route(body=b"...", delay=0.5))
        url = srv.url("/")

or the pytest fixture ``fixture_server`` from ``tests/research/conftest.py``.
Shared by research part 1 (pages) and part 2 (feeds, news).
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Route:
    """What the server answers on one path.

    body: the response body (bytes, or str encoded with ``encoding``).
    status: the HTTP status. headers: extra headers (override the defaults).
    content_type: sent as Content-Type unless None (then no Content-Type header at all).
    delay: seconds to wait before answering (latency).
    trickle: if set, (chunk_size, pause_s): the body is sent in chunks with a pause between
        (an endlessly trickling body: pass ``endless=True`` too).
    endless: keep sending chunks forever (until the client hangs up).
    gzip: compress the body and send Content-Encoding: gzip.
    redirect: a Location to answer with (status defaults to 302 then).
    etag / last_modified: sent as validators; a matching conditional request gets 304.
    handler: full control, called with the request handler; it must write the response.
    omit_length: do not send Content-Length (to test streamed size caps).
    """

    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "text/html; charset=utf-8"
    encoding: str = "utf-8"
    delay: float = 0.0
    trickle: tuple[int, float] | None = None
    endless: bool = False
    gzip: bool = False
    redirect: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None
    omit_length: bool = False


@dataclass
class RequestRecord:
    """One request the server saw."""

    path: str
    method: str
    headers: dict[str, str]
    started: float
    finished: float = 0.0


def gzip_bomb(decompressed_size: int = 200_000_000) -> bytes:
    """A small gzip body that inflates to ``decompressed_size`` bytes of zeros."""
    import io
    import zlib

    raw = io.BytesIO()
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    chunk = b"\0" * 1_000_000
    remaining = decompressed_size
    while remaining > 0:
        piece = chunk if remaining >= len(chunk) else chunk[:remaining]
        raw.write(compressor.compress(piece))
        remaining -= len(piece)
    raw.write(compressor.flush())
    return raw.getvalue()


def http_date(ts: float) -> str:
    return formatdate(ts, usegmt=True)


class FixtureServer:
    """A threaded HTTP server on 127.0.0.1 with per-path routes and a request log."""

    def __init__(self, latency: float = 0.0) -> None:
        self.routes: dict[str, Route] = {}
        self.latency = latency  # added to every response (for benchmarks)
        self.requests: list[RequestRecord] = []
        self._lock = threading.Lock()
        self._active = 0
        self.max_concurrent = 0
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- routes -----------------------------------------------------------------
    def route(self, path: str, route: Route) -> FixtureServer:
        self.routes[path] = route
        return self

    def page(self, path: str, html: str | bytes, **kw) -> FixtureServer:
        return self.route(path, Route(body=html, **kw))

    def robots(self, text: str) -> FixtureServer:
        return self.route("/robots.txt", Route(body=text, content_type="text/plain"))

    def redirect(self, path: str, location: str, status: int = 302) -> FixtureServer:
        return self.route(path, Route(redirect=location, status=status))

    def serve_folder(self, folder: Path, prefix: str = "/", **route_kw: object) -> FixtureServer:
        """Serve every file under ``folder`` (call after ``start()``).

        ``index.html`` also answers its directory (with and without the slash), ``x.html``
        also answers ``x``; ``{{BASE}}`` in a file becomes this server's base URL (sitemaps
        and feeds need absolute addresses). HTML goes out as ``text/html`` without a
        charset, as many real servers do, so the page's own declaration counts.
        ``route_kw`` (etag, delay, ...) applies to every file.
        """
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = file.relative_to(folder).as_posix()
            if file.name == "README.md":
                continue
            ctype = _content_type(file)
            path = prefix + rel
            body = file.read_bytes()
            if self._httpd is not None:
                body = body.replace(b"{{BASE}}", self.base.encode())
            self.routes[path] = Route(body=body, content_type=ctype, **route_kw)  # type: ignore[arg-type]
            if file.suffix == ".html" and file.name != "index.html":
                self.routes[path[: -len(".html")]] = self.routes[path]
            if file.name == "index.html":
                dir_path = prefix + rel[: -len("index.html")]
                self.routes[dir_path] = self.routes[path]
                if dir_path != "/" and dir_path.endswith("/"):
                    self.routes[dir_path.rstrip("/")] = self.routes[path]
        return self

    # -- lifecycle ----------------------------------------------------------------
    def start(self) -> FixtureServer:
        server = self

        class Handler(_Handler):
            owner = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        # stop() waits for the serving loop to see the request to stop, which it checks
        # once per poll (0.5 s by default): half a second at the end of every test.
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FixtureServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base + path

    # -- request log ----------------------------------------------------------------
    def paths(self, method: str | None = None) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests if method is None or r.method == method]

    def count(self, path: str) -> int:
        return self.paths().count(path)

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()
            self.max_concurrent = 0

    def _enter(self, record: RequestRecord) -> None:
        with self._lock:
            self.requests.append(record)
            self._active += 1
            self.max_concurrent = max(self.max_concurrent, self._active)

    def _leave(self, record: RequestRecord) -> None:
        with self._lock:
            self._active -= 1
            record.finished = time.monotonic()


def _content_type(file: Path) -> str:
    suffix = file.suffix.lower()
    if suffix in (".html", ".htm"):
        return "text/html"
    if suffix == ".xml":
        return "application/xml"
    if suffix in (".rss",):
        return "application/rss+xml"
    if suffix in (".atom",):
        return "application/atom+xml"
    if suffix == ".txt":
        return "text/plain; charset=utf-8"
    guess, _ = mimetypes.guess_type(file.name)
    return guess or "application/octet-stream"


class _Handler(BaseHTTPRequestHandler):
    owner: FixtureServer
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as real web servers set it: http.server sends the headers and the body
    # in two writes, and with Nagle's algorithm the body would wait for the client's
    # delayed ACK (~40 ms on Linux), adding 40 ms to every response.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # keep test output clean

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionResetError, BrokenPipeError, ConnectionAbortedError, TimeoutError):
            pass  # a client hung up on a kept-alive connection: normal, not an error

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        path = self.path.split("#", 1)[0]
        record = RequestRecord(
            path=path, method=self.command, headers=dict(self.headers.items()),
            started=time.monotonic(),
        )
        self.owner._enter(record)
        try:
            self._answer(path, head)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            pass  # the client hung up: that is often the point of the test
        finally:
            self.owner._leave(record)

    def _answer(self, path: str, head: bool) -> None:
        route = self.owner.routes.get(path)
        if route is None:
            route = self.owner.routes.get(path.split("?", 1)[0])
        if self.owner.latency:
            time.sleep(self.owner.latency)
        if route is None:
            self._send_simple(404, b"<html><body>Not found</body></html>", "text/html")
            return
        if route.delay:
            time.sleep(route.delay)
        if route.handler is not None:
            route.handler(self)
            return
        if route.redirect is not None:
            status = route.status if 300 <= route.status < 400 else 302
            self.send_response(status)
            self.send_header("Location", route.redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        # Conditional requests: 304 when the validators match.
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if (route.etag and inm and inm == route.etag) or (
            route.last_modified and ims and ims == route.last_modified and not route.etag
        ):
            self.send_response(304)
            if route.etag:
                self.send_header("ETag", route.etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = route.body.encode(route.encoding) if isinstance(route.body, str) else route.body
        if route.gzip:
            body = body if _is_gzip(body) else gzip.compress(body)
        self.send_response(route.status)
        if route.content_type is not None:
            self.send_header("Content-Type", route.content_type)
        if route.gzip:
            self.send_header("Content-Encoding", "gzip")
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.last_modified:
            self.send_header("Last-Modified", route.last_modified)
        for key, value in route.headers.items():
            self.send_header(key, value)
        if route.endless or route.omit_length:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if head:
            return
        if route.trickle is None and not route.endless:
            self.wfile.write(body)
            return
        size, pause = route.trickle or (1024, 0.0)
        chunk_source = body or b"x" * size
        offset = 0
        while True:
            if offset >= len(chunk_source):
                if not route.endless:
                    break
                offset = 0
            self.wfile.write(chunk_source[offset : offset + size])
            self.wfile.flush()
            offset += size
            if pause:
                time.sleep(pause)

    def _send_simple(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _is_gzip(body: bytes) -> bool:
    return body[:2] == b"\x1f\x8b"


def serve_routes(routes: Iterable[tuple[str, Route]], latency: float = 0.0) -> FixtureServer:
    """Start a server with the given routes (the caller must ``stop()`` it)."""
    srv = FixtureServer(latency=latency)
    for path, route in routes:
        srv.route(path, route)
    return srv.start()
