"""The one HTTP client research uses: honest, bounded and polite.

- An honest User-Agent naming the program and its version.
- Connect and read timeouts, and an overall deadline per URL (a trickling body is cut off).
- A size cap per response, enforced while streaming; compressed bodies are inflated by us
  with a bounded output size, so a gzip bomb cannot blow up memory.
- At most a few redirects, each hop checked again: only http and https, and no private,
  loopback or link-local address unless it is the account's own origin (scheme, host and
  port), which may be on an intranet or 127.0.0.1.
- The connection goes to the address that was checked (see `pinning`), and the deadline
  covers the whole exchange: robots.txt, the status line and headers, and the body.
- robots.txt honoured (with its Crawl-delay), a per-host concurrency limit and delay,
  conditional requests (ETag / Last-Modified) and 304.
- Text decoded right (see `charset`).

Errors come out as `FetchError(url, reason)` with a reason a rep understands.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import threading
import time
import urllib.request
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from workbench import __version__
from workbench.errors import KnownError
from workbench.research import charset
from workbench.research.pinning import Abort, Connector, PinnedAdapter, pinned
from workbench.research.robots import RobotsCache
from workbench.research.throttle import PRIORITY_NORMAL, HostThrottle

AGENT_TOKEN = "SalesPrepWorkbench"
DEFAULT_USER_AGENT = (f"{AGENT_TOKEN}/{__version__} (desktop account research for a sales rep; "
                      "fetches a company's own public pages)")
MAX_BYTES = 5_000_000
# Requests in flight to one host at most: the six connections per host that browsers open
# (a rep's browser loading the same site does as much). A robots.txt Crawl-delay drops it
# to one request at a time, spaced by that delay.
PER_HOST = 6
# A body that arrives slower than this, once it has had a few seconds, is given up on:
# a page trickling a few bytes a second would otherwise hold the run to its deadline.
MIN_BODY_RATE = 2_000  # bytes a second
BODY_RATE_GRACE_S = 3.0
REDIRECT_CODES = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024

# Media types research reads; anything else (PDFs, images, archives) is refused unread.
WEB_TYPES = {"text/html", "application/xhtml+xml", "text/plain", "text/xml",
             "application/xml", "application/rss+xml", "application/atom+xml",
             "application/rdf+xml", "application/feed+json", "application/json"}

Resolver = Callable[[str, int], Iterable[str]]


class FetchError(KnownError):
    """A URL could not be fetched; ``reason`` says why in words a rep understands."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass
class FetchResult:
    """What one fetch brought back (after redirects)."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes = b""
    content_type: str = ""
    not_modified: bool = False
    _text: str | None = field(default=None, repr=False)
    _encoding: str | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The body decoded: HTTP charset, then the page's declaration, then detection."""
        if self._text is None:
            self._text, self._encoding = charset.decode(
                self.content, self.headers.get("Content-Type"))
        return self._text

    @property
    def encoding(self) -> str:
        _ = self.text
        return self._encoding or ""

    @property
    def etag(self) -> str | None:
        return self.headers.get("ETag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("Last-Modified")


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local,
    shared, reserved or multicast); IPv4-mapped IPv6 addresses are judged as IPv4."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class HttpClient:
    """Fetches web pages politely and safely; one instance may serve many threads."""

    def __init__(
        self,
        user_agent: str = DEFAULT_USER_AGENT,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = 15.0,
        deadline: float = 20.0,
        max_bytes: int = MAX_BYTES,
        max_redirects: int = 5,
        allow_private_hosts: Iterable[str] = (),
        per_host: int = PER_HOST,
        host_delay: float = 0.0,
        resolver: Resolver | None = None,
        respect_robots: bool = True,
        connector: Connector | None = None,
    ) -> None:
        """``allow_private_hosts``: hosts allowed on a private address on any port (tests,
        a trusted intranet); the account's website is allowed by its origin only, with
        `allow_origin`. ``resolver`` / ``connector``: stubs for tests (name lookup; opening
        a TCP connection to the checked address)."""
        self.user_agent = user_agent
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.allow_private_hosts = {h.lower().strip("[]") for h in allow_private_hosts}
        self.allow_private_origins: set[tuple[str, str, int]] = set()
        self.resolver = resolver or system_resolver
        self.connector = connector
        # Fetches that pass no `abort` of their own use this one (a research run sets it,
        # so robots.txt, sitemaps, feeds and articles stop with its pages).
        self.abort: Abort | None = None
        self.throttle = HostThrottle(per_host=per_host, delay=host_delay)
        self.respect_robots = respect_robots
        self.robots = RobotsCache(self, AGENT_TOKEN)
        self._local = threading.local()
        # One connection pool for all the threads: a keep-alive connection to a host is
        # taken by whichever thread fetches from it next. A pool per thread opened a new
        # connection (a TLS handshake on a real site) for nearly every page of a run.
        # urllib3's pools are thread-safe; each connection still goes to the address
        # checked by the thread that opened it (`pinning`).
        self._adapter = PinnedAdapter()
        # The environment's proxies and CA bundle, read once: requests would scan the
        # whole environment twice on every request (a few ms of CPU each, holding the
        # interpreter lock), and ~/.netrc passwords have no business going to the
        # company websites research reads.
        self._env_proxies = {k: v for k, v in urllib.request.getproxies_environment().items()
                             if k in ("http", "https", "all", "no")}
        self._env_verify: str | bool = (os.environ.get("REQUESTS_CA_BUNDLE")
                                        or os.environ.get("CURL_CA_BUNDLE") or True)

    # -- sessions: one per thread (requests.Session is not documented as thread-safe),
    # sharing one adapter and so one pool of connections ------------------------------
    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.trust_env = False  # read once in __init__ (see there)
            session.verify = self._env_verify
            session.headers["User-Agent"] = self.user_agent
            # We inflate bodies ourselves with a size bound; never ask for br/zstd.
            session.headers["Accept-Encoding"] = "gzip, deflate"
            session.mount("http://", self._adapter)
            session.mount("https://", self._adapter)
            self._local.session = session
        return session

    def close(self) -> None:
        # The sessions hold nothing of their own: their connections are the adapter's.
        self._adapter.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def allow_origin(self, url: str) -> None:
        """Allow the account's own website on a private address: its scheme, host and
        port, nothing else (not the same host on another port or scheme)."""
        origin = _origin(url)
        if origin is not None:
            self.allow_private_origins.add(origin)

    # -- checks ------------------------------------------------------------------------
    def check_address(self, url: str) -> str:
        """Refuse non-web schemes and hosts that resolve to non-public addresses; the
        address to connect to (the one checked)."""
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):
            raise FetchError(url, "redirects to a non-web address"
                             if parts.scheme else "is not a web address")
        host = (parts.hostname or "").lower()
        if not host:
            raise FetchError(url, "is not a web address")
        try:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        except ValueError as exc:
            raise FetchError(url, "has a bad port number") from exc
        try:
            addresses = list(self.resolver(host, port))
        except (socket.gaierror, UnicodeError, OSError) as exc:
            raise FetchError(url, "the site's name could not be found") from exc
        if not addresses:
            raise FetchError(url, "the site's name could not be found")
        if host in self.allow_private_hosts or _origin(url) in self.allow_private_origins:
            return addresses[0]
        if not all(is_public_address(a) for a in addresses):
            raise FetchError(url, "points to a private network address")
        return addresses[0]

    def _check_peer(self, url: str, response: requests.Response) -> None:
        """The address we actually connected to must be public too: the name was resolved
        again for the connection, and a DNS answer that changed in between (DNS
        rebinding) must not reach a private address. Nothing of the body is read then.
        Skipped through a proxy, where the peer is the proxy."""
        host = (urlsplit(url).hostname or "").lower()
        if (host in self.allow_private_hosts or _origin(url) in self.allow_private_origins
                or self._session().proxies or self._proxies_for(url)):
            return
        connection = getattr(response.raw, "_connection", None)
        sock = getattr(connection, "sock", None)
        try:
            peer = sock.getpeername()[0] if sock is not None else None
        except OSError:
            peer = None
        if peer is not None and not is_public_address(str(peer)):
            raise FetchError(url, "points to a private network address")

    def _proxies_for(self, url: str) -> dict[str, str]:
        """The environment's proxies for ``url`` (HTTP_PROXY and friends, NO_PROXY heeded)."""
        proxies = self._env_proxies
        if not proxies or (set(proxies) <= {"no"}):
            return {}
        host = urlsplit(url).hostname or ""
        # The stdlib's own NO_PROXY matching (public in urllib.request, not in its stubs).
        if urllib.request.proxy_bypass_environment(host, proxies):  # type: ignore[attr-defined]
            return {}
        return {k: v for k, v in proxies.items() if k != "no"}

    def _check_type(self, url: str, content_type: str, accept: str | None) -> None:
        media = content_type.split(";", 1)[0].strip().lower()
        if not media or media in WEB_TYPES or media.startswith("text/") or media.endswith(
                ("+xml", "+json")):
            return
        if accept and any(media == a.split(";", 1)[0].strip().lower()
                          for a in accept.split(",")):
            return
        raise FetchError(url, f"not a web page ({media})")

    # -- fetching ------------------------------------------------------------------------
    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
        deadline: float | None = None,
        check_robots: bool = True,
        any_type: bool = False,
        max_bytes: int | None = None,
        truncate: bool = False,
        priority: int = PRIORITY_NORMAL,
        abort: Abort | None = None,
        queued: Callable[[], None] | None = None,
    ) -> FetchResult:
        """Fetch ``url`` following up to ``max_redirects`` checked redirects.

        ``deadline``: seconds for the whole fetch (default: the client's). ``etag`` /
        ``last_modified``: validators from the last fetch; an unchanged resource comes back
        with ``not_modified`` True and no content. ``accept``: the Accept header (its types
        are also accepted as content types). ``truncate``: keep the first ``max_bytes``
        instead of failing (robots.txt). ``priority``: lower goes first when requests
        wait for a free connection to the host (`throttle.PRIORITY_BACKGROUND` for pages
        that lead nowhere further). ``abort``: cuts this fetch's connection when aborted
        (a cancelled run; slow pages given up on); the fetch fails "gave up".
        ``queued()``: called once the first request is in line for a connection to its
        host (see `HostThrottle.slot`), so a caller can let other work queue behind it.
        """
        abort = abort or self.abort
        limit = deadline if deadline is not None else self.deadline
        ends_at = time.monotonic() + limit
        headers = {"Accept": accept or "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self.max_redirects + 1):
            if abort is not None and abort.aborted:
                raise FetchError(url, GAVE_UP)
            address = self.check_address(current)
            if check_robots and self.respect_robots:
                rules = self.robots.rules(current)  # its own fetch, under its own deadline
                if time.monotonic() >= ends_at:
                    raise FetchError(url, f"no answer within {limit:g} s")
                if not rules.allowed(AGENT_TOKEN, current):
                    raise FetchError(current, rules.error or "blocked by robots.txt")
            host = urlsplit(current).netloc.lower()
            try:
                with self.throttle.slot(host, ends_at, priority, queued):
                    queued = None  # the first hop only
                    if time.monotonic() >= ends_at:
                        raise FetchError(url, f"no answer within {limit:g} s")
                    outcome = self._one_request(current, address, headers, ends_at, limit,
                                                accept, any_type, max_bytes or self.max_bytes,
                                                truncate, abort)
            except TimeoutError as exc:
                raise FetchError(url, f"no answer within {limit:g} s") from exc
            except FetchError:
                if abort is not None and abort.aborted:
                    raise FetchError(url, GAVE_UP) from None
                raise
            if isinstance(outcome, FetchResult):
                return outcome
            current = outcome  # a redirect target, checked on the next hop
        raise FetchError(url, f"more than {self.max_redirects} redirects")

    def _one_request(self, url: str, address: str, headers: dict[str, str], ends_at: float,
                     limit: float, accept: str | None, any_type: bool, max_bytes: int,
                     truncate: bool, abort: Abort | None = None) -> FetchResult | str:
        remaining = max(0.1, ends_at - time.monotonic())
        timeout = (min(self.connect_timeout, remaining), min(self.read_timeout, remaining))
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        try:
            with pinned(parts.hostname or "", port, address, ends_at, self.connector, abort):
                response = self._session().get(url, headers=headers, stream=True,
                                               timeout=timeout, allow_redirects=False,
                                               proxies=self._proxies_for(url))
        except requests.exceptions.Timeout as exc:
            raise FetchError(url, f"no answer within {limit:g} s") from exc
        except requests.exceptions.SSLError as exc:
            raise FetchError(url, "its secure connection could not be verified") from exc
        except requests.exceptions.ConnectionError as exc:
            if time.monotonic() >= ends_at - 0.05:  # the watchdog cut it at the deadline
                raise FetchError(url, f"no answer within {limit:g} s") from exc
            raise FetchError(url, "the site could not be reached") from exc
        except requests.exceptions.RequestException as exc:
            raise FetchError(url, "the request failed") from exc
        with response:
            self._check_peer(url, response)
            if response.status_code in REDIRECT_CODES and response.headers.get("Location"):
                target = urljoin(url, response.headers["Location"].strip())
                if urlsplit(target).scheme.lower() not in ("http", "https"):
                    raise FetchError(url, "redirects to a non-web address")
                return target.split("#", 1)[0]
            result_headers = CaseInsensitiveDict(response.headers)
            content_type = response.headers.get("Content-Type", "")
            if response.status_code == 304:
                return FetchResult(url, 304, result_headers, b"", content_type, True)
            if not any_type and response.status_code < 400:
                self._check_type(url, content_type, accept)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes and not truncate:
                raise FetchError(url, f"larger than {_megabytes(max_bytes)}")
            cut = abort.register(lambda: _cut_response(response)) if abort else None
            try:
                body = self._read_body(response, url, ends_at, limit, max_bytes, truncate)
            finally:
                if abort is not None and cut is not None:
                    abort.unregister(cut)
            return FetchResult(url, response.status_code, result_headers, body, content_type)

    def _read_body(self, response: requests.Response, url: str, ends_at: float, limit: float,
                   max_bytes: int, truncate: bool) -> bytes:
        encoding = response.headers.get("Content-Encoding", "").strip().lower()
        inflater = _Inflater(encoding) if encoding in ("gzip", "x-gzip", "deflate") else None
        if encoding and encoding not in ("identity", "gzip", "x-gzip", "deflate"):
            raise FetchError(url, f"sent in an unsupported compression ({encoding})")
        parts: list[bytes] = []
        size = 0
        raw = response.raw
        started = time.monotonic()
        try:
            while True:
                now = time.monotonic()
                if now > ends_at:
                    raise FetchError(url, f"no answer within {limit:g} s")
                if now - started > BODY_RATE_GRACE_S and size < MIN_BODY_RATE * (now - started):
                    raise FetchError(url, f"sent too slowly ({size:,} bytes in "
                                          f"{now - started:.0f} s)")
                # read1: whatever has arrived (up to CHUNK), so a trickle cannot hold us
                # past the deadline; decode_content=False: we inflate with a bound below.
                chunk = raw.read1(CHUNK, decode_content=False)
                if not chunk:
                    break
                if inflater is not None:
                    chunk = inflater.feed(chunk, max_bytes - size + 1)
                size += len(chunk)
                if size > max_bytes:
                    if truncate:
                        parts.append(chunk[: max_bytes - (size - len(chunk))])
                        break
                    raise FetchError(url, f"larger than {_megabytes(max_bytes)}")
                parts.append(chunk)
        except zlib.error as exc:
            raise FetchError(url, "sent a damaged compressed body") from exc
        except (requests.exceptions.RequestException, OSError) as exc:
            if "timed out" in str(exc).lower():
                raise FetchError(url, f"no answer within {limit:g} s") from exc
            raise FetchError(url, "the connection broke off") from exc
        except Exception as exc:  # urllib3 protocol errors (broken chunking, ...)
            if isinstance(exc, FetchError):
                raise
            if "timed out" in str(exc).lower():
                raise FetchError(url, f"no answer within {limit:g} s") from exc
            raise FetchError(url, "the connection broke off") from exc
        return b"".join(parts)


class _Inflater:
    """Inflates gzip/deflate with a cap on the output of each call (bomb-proof)."""

    def __init__(self, encoding: str) -> None:
        # 47: zlib or gzip header, detected; raw deflate (a common server bug) is retried.
        self._wbits = 47 if encoding != "deflate" else 15
        self._obj = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes, max_out: int) -> bytes:
        if not self._started and self._wbits == 15:
            try:
                out = self._obj.decompress(data, max(1, max_out))
            except zlib.error:
                self._obj = zlib.decompressobj(-15)
                out = self._obj.decompress(data, max(1, max_out))
            self._started = True
            return out
        self._started = True
        # max_length bounds the output. Input is left over (unconsumed_tail) only when the
        # output reached max_out, which is one byte past the caller's cap: it fails then.
        return self._obj.decompress(data, max(1, max_out))


GAVE_UP = "gave up: too slow once the rest of the research was done"


def _cut_response(response: requests.Response) -> None:
    connection = getattr(response.raw, "_connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        sock.shutdown(socket.SHUT_RDWR)


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of a URL, the default port filled in; None when malformed."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        return None
    return scheme, (parts.hostname or "").lower().strip("[]"), port


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:g} MB"
