"""The HTTP client against a real server on 127.0.0.1: limits, redirects, robots, charsets."""

from __future__ import annotations

import itertools
import socket
import time

import pytest

from tests.research.server import FixtureServer, Route, gzip_bomb
from tests.timing import stretched
from workbench.errors import KnownError
from workbench.research.http import FetchError, HttpClient, is_public_address


def client_for(srv: FixtureServer, **kw) -> HttpClient:
    return HttpClient(allow_private_hosts={"127.0.0.1"}, **kw)


def test_fetches_page_with_honest_user_agent(fixture_server: FixtureServer) -> None:
    fixture_server.page("/", "<h1>Hello</h1>")
    with client_for(fixture_server) as client:
        result = client.fetch(fixture_server.url("/"))
    assert result.status == 200 and "Hello" in result.text
    seen = [r for r in fixture_server.requests if r.path == "/"][0]
    assert seen.headers["User-Agent"].startswith("SalesPrepWorkbench/")
    assert issubclass(FetchError, KnownError)


def test_robots_txt_blocks_and_is_fetched_once(fixture_server: FixtureServer) -> None:
    fixture_server.robots("User-agent: *\nDisallow: /private\n")
    fixture_server.page("/", "home").page("/private/x", "secret").page("/ok", "ok")
    with client_for(fixture_server) as client:
        client.fetch(fixture_server.url("/"))
        client.fetch(fixture_server.url("/ok"))
        with pytest.raises(FetchError) as err:
            client.fetch(fixture_server.url("/private/x"))
    assert err.value.reason == "blocked by robots.txt"
    assert fixture_server.count("/robots.txt") == 1
    assert "/private/x" not in fixture_server.paths()


def test_robots_for_our_agent_only(fixture_server: FixtureServer) -> None:
    fixture_server.robots("User-agent: SalesPrepWorkbench\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    fixture_server.page("/", "home")
    with client_for(fixture_server) as client, pytest.raises(FetchError, match="robots"):
        client.fetch(fixture_server.url("/"))


def test_crawl_delay_is_respected(fixture_server: FixtureServer) -> None:
    fixture_server.robots("User-agent: *\nCrawl-delay: 0.3\n")
    for i in range(3):
        fixture_server.page(f"/p{i}", "x")
    with client_for(fixture_server) as client:
        start = time.monotonic()
        for i in range(3):
            client.fetch(fixture_server.url(f"/p{i}"))
        elapsed = time.monotonic() - start
    assert elapsed >= 0.55  # three starts, 0.3 s apart


def test_missing_robots_allows_everything(fixture_server: FixtureServer) -> None:
    fixture_server.page("/", "home")
    with client_for(fixture_server) as client:
        assert client.fetch(fixture_server.url("/")).status == 200


def test_robots_server_error_disallows(fixture_server: FixtureServer) -> None:
    fixture_server.route("/robots.txt", Route(body="oops", status=503))
    fixture_server.page("/", "home")
    with client_for(fixture_server) as client, pytest.raises(FetchError, match="robots.txt"):
        client.fetch(fixture_server.url("/"))
    assert "/" not in fixture_server.paths()


def test_slow_answer_hits_the_deadline(fixture_server: FixtureServer) -> None:
    # The server's answer is far later than the bound, so a busy machine may stretch
    # the bound (tests/timing.py) and a deadline not kept still fails.
    fixture_server.route("/slow", Route(body="late", delay=10.0))
    with client_for(fixture_server, deadline=0.5) as client:
        start = time.monotonic()
        with pytest.raises(FetchError) as err:
            client.fetch(fixture_server.url("/slow"))
    assert err.value.reason == "no answer within 0.5 s"
    assert time.monotonic() - start < stretched(1.4, fault_s=10.0)


def test_endless_trickle_is_cut_off_at_the_deadline(fixture_server: FixtureServer) -> None:
    fixture_server.route("/trickle", Route(body=b"<p>a</p>", trickle=(8, 0.02), endless=True))
    with client_for(fixture_server, deadline=0.6) as client:
        start = time.monotonic()
        with pytest.raises(FetchError, match="no answer within"):
            client.fetch(fixture_server.url("/trickle"))
    assert time.monotonic() - start < stretched(1.5)  # endless: never, without the deadline


def test_endless_fast_body_is_cut_at_size_cap(fixture_server: FixtureServer) -> None:
    fixture_server.route("/huge", Route(body=b"a" * 65536, endless=True))
    with client_for(fixture_server, max_bytes=1_000_000) as client:
        with pytest.raises(FetchError) as err:
            client.fetch(fixture_server.url("/huge"))
    assert err.value.reason == "larger than 1 MB"


def test_declared_length_over_cap_is_refused_unread(fixture_server: FixtureServer) -> None:
    fixture_server.page("/big", b"a" * 2_000_000)
    with client_for(fixture_server) as client, pytest.raises(FetchError, match="larger than 1 MB"):
        client.fetch(fixture_server.url("/big"), max_bytes=1_000_000)


def test_gzip_bomb_does_not_blow_up(fixture_server: FixtureServer) -> None:
    import tracemalloc

    fixture_server.route("/bomb", Route(body=gzip_bomb(200_000_000), gzip=True))
    with client_for(fixture_server) as client:
        tracemalloc.start()
        with pytest.raises(FetchError) as err:
            client.fetch(fixture_server.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert err.value.reason == "larger than 5 MB"
    assert peak < 40_000_000


def test_gzip_page_is_inflated(fixture_server: FixtureServer) -> None:
    fixture_server.route("/gz", Route(body="<p>compressed café</p>", gzip=True))
    with client_for(fixture_server) as client:
        assert "compressed café" in client.fetch(fixture_server.url("/gz")).text


def test_pdf_is_refused(fixture_server: FixtureServer) -> None:
    fixture_server.route("/doc", Route(body=b"%PDF-1.4", content_type="application/pdf"))
    with client_for(fixture_server) as client, pytest.raises(FetchError) as err:
        client.fetch(fixture_server.url("/doc"))
    assert err.value.reason == "not a web page (application/pdf)"


def test_redirects_followed_and_limited(fixture_server: FixtureServer) -> None:
    fixture_server.redirect("/a", "/b").redirect("/b", "/final").page("/final", "done")
    for i in range(10):
        fixture_server.redirect(f"/loop{i}", f"/loop{i + 1}")
    with client_for(fixture_server) as client:
        result = client.fetch(fixture_server.url("/a"))
        assert result.url.endswith("/final") and result.text == "done"
        with pytest.raises(FetchError, match="more than 5 redirects"):
            client.fetch(fixture_server.url("/loop0"))


def test_redirect_to_file_scheme_refused(fixture_server: FixtureServer) -> None:
    fixture_server.redirect("/x", "file:///etc/passwd")
    with client_for(fixture_server) as client, pytest.raises(FetchError) as err:
        client.fetch(fixture_server.url("/x"))
    assert err.value.reason == "redirects to a non-web address"


def test_redirect_to_link_local_metadata_refused(fixture_server: FixtureServer) -> None:
    fixture_server.redirect("/meta", "http://169.254.169.254/latest/meta-data/")
    with client_for(fixture_server) as client, pytest.raises(FetchError) as err:
        client.fetch(fixture_server.url("/meta"))
    assert err.value.reason == "points to a private network address"


def test_loopback_refused_unless_allowed(fixture_server: FixtureServer) -> None:
    fixture_server.page("/", "home")
    with HttpClient() as client, pytest.raises(FetchError) as err:
        client.fetch(fixture_server.url("/"))
    assert err.value.reason == "points to a private network address"
    assert fixture_server.paths() == []  # not even robots.txt was asked for


def test_redirect_from_allowed_host_to_other_private_host_refused(
        fixture_server: FixtureServer) -> None:
    # The account lives on "localhost"; a redirect to 127.0.0.1 (not allowed) is refused.
    fixture_server.redirect("/go", fixture_server.url("/inside"))
    fixture_server.page("/inside", "internal")
    with HttpClient(allow_private_hosts={"localhost"},
                    resolver=lambda h, p: ["127.0.0.1"]) as client:
        with pytest.raises(FetchError, match="private network"):
            client.fetch(f"http://localhost:{fixture_server.port}/go")
    assert "/inside" not in fixture_server.paths()


def test_public_name_resolving_to_private_address_refused() -> None:
    resolver = {"evil.example": ["10.0.0.5"], "mapped.example": ["::ffff:127.0.0.1"],
                "mixed.example": ["93.184.216.34", "192.168.1.1"]}
    with HttpClient(resolver=lambda h, p: resolver[h]) as client:
        for host in resolver:
            with pytest.raises(FetchError, match="private network"):
                client.fetch(f"http://{host}/")


@pytest.mark.parametrize("address,public", [
    ("8.8.8.8", True), ("2606:4700::1111", True), ("127.0.0.1", False), ("10.1.2.3", False),
    ("172.16.0.1", False), ("192.168.0.1", False), ("169.254.169.254", False), ("::1", False),
    ("fe80::1", False), ("fc00::1", False), ("100.64.0.1", False), ("0.0.0.0", False),
    ("224.0.0.1", False), ("::ffff:10.0.0.1", False), ("not-an-ip", False)])
def test_address_check(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_conditional_request_gets_304(fixture_server: FixtureServer) -> None:
    fixture_server.page("/", "home", etag='"v1"', last_modified="Mon, 02 Jan 2006 15:04:05 GMT")
    with client_for(fixture_server) as client:
        first = client.fetch(fixture_server.url("/"))
        again = client.fetch(fixture_server.url("/"), etag=first.etag,
                             last_modified=first.last_modified)
    assert not first.not_modified and again.not_modified and again.status == 304
    sent = [r for r in fixture_server.requests if r.path == "/"][-1].headers
    assert sent["If-None-Match"] == '"v1"'


def test_per_host_concurrency_limit(fixture_server: FixtureServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    for i in range(8):
        fixture_server.route(f"/p{i}", Route(body="x", delay=0.1))
    with client_for(fixture_server, per_host=2) as client:
        client.fetch(fixture_server.url("/p0"))  # robots.txt first
        fixture_server.reset_log()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda i: client.fetch(fixture_server.url(f"/p{i}")), range(8)))
    assert fixture_server.max_concurrent == 2


@pytest.mark.parametrize("body,ctype,expected", [
    ("Grüße aus Köln".encode("cp1252"), "text/html; charset=windows-1252", "Grüße aus Köln"),
    ('<meta charset="iso-8859-1"><p>Société “Générale”</p>'.encode("cp1252"), "text/html",
     "Société “Générale”"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=shift_jis"><p>日本語</p>'
     .encode("shift_jis"), "text/html", "日本語"),
    ("<p>Ünïcödé</p>".encode(), "text/html", "Ünïcödé"),
    ("\ufeff<p>BOM wins</p>".encode("utf-8"), "text/html; charset=iso-8859-1", "BOM wins"),
    ("<p>Prix en €, déjà vu à côté de la café crème brûlée</p>".encode("cp1252"), "text/html",
     "Prix en €, déjà vu"),
])
def test_text_decoded_right(fixture_server: FixtureServer, body: bytes, ctype: str,
                            expected: str) -> None:
    fixture_server.route("/p", Route(body=body, content_type=ctype))
    with client_for(fixture_server) as client:
        assert expected in client.fetch(fixture_server.url("/p")).text


def test_redirect_loop_is_refused(fixture_server: FixtureServer) -> None:
    fixture_server.redirect("/a", "/b").redirect("/b", "/a")
    with client_for(fixture_server) as client, pytest.raises(FetchError) as err:
        client.fetch(fixture_server.url("/a"))
    assert err.value.reason == "more than 5 redirects"
    assert fixture_server.count("/a") + fixture_server.count("/b") == 6


def test_waiting_requests_are_served_by_priority() -> None:
    import threading

    from workbench.research.throttle import PRIORITY_BACKGROUND, HostThrottle

    throttle = HostThrottle(per_host=1)
    order: list[str] = []

    def take(name: str, priority: int) -> None:
        with throttle.slot("h", priority=priority):
            order.append(name)

    with throttle.slot("h"):  # hold the only slot while two requests queue up
        background = threading.Thread(target=take, args=("page", PRIORITY_BACKGROUND))
        background.start()
        time.sleep(0.05)  # the page asks first...
        feed = threading.Thread(target=take, args=("feed", 0))
        feed.start()
        time.sleep(0.05)
    background.join(2)
    feed.join(2)
    assert order == ["feed", "page"]  # ...but the feed, which leads to articles, goes first


def test_crawl_delay_means_one_request_at_a_time(fixture_server: FixtureServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    fixture_server.robots("User-agent: *\nCrawl-delay: 0.05\n")
    for i in range(4):
        fixture_server.route(f"/p{i}", Route(body="x", delay=0.1))
    with client_for(fixture_server, per_host=4) as client:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda i: client.fetch(fixture_server.url(f"/p{i}")), range(4)))
    assert fixture_server.max_concurrent == 1


def test_dns_rebinding_cannot_steer_the_connection(fixture_server: FixtureServer) -> None:
    """A name whose answers flip between a public address and 127.0.0.1: the connection
    goes to the address that was checked, so 127.0.0.1 is never reached. The connector
    stub refuses every address (nothing leaves 127.0.0.0/8) and records what it was asked."""
    fixture_server.page("/", "<p>internal admin page</p>")
    answers = itertools.cycle([["93.184.216.34"], ["127.0.0.1"]])
    asked: list[tuple[str, int]] = []

    def refuse(address: tuple[str, int], timeout: object) -> socket.socket:
        asked.append(address)
        raise ConnectionRefusedError("stub: no traffic outside 127.0.0.0/8")

    with HttpClient(resolver=lambda h, p: next(answers), connector=refuse,
                    respect_robots=False) as client:
        reasons = set()
        for _ in range(100):
            with pytest.raises(FetchError) as err:
                client.fetch(f"http://localhost:{fixture_server.port}/")
            reasons.add(err.value.reason)
    assert fixture_server.paths() == []  # before: 40 of 100 reached 127.0.0.1
    assert asked and {a for a, _ in asked} == {"93.184.216.34"}
    assert reasons == {"points to a private network address", "the site could not be reached"}


def test_the_environment_proxies_are_read_once_and_no_proxy_is_heeded(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Proxies and NO_PROXY come from the environment as requests would read them, but
    once per client (not twice a request), and no ~/.netrc password goes to a website."""
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.corp.test:3128")
    monkeypatch.setenv("NO_PROXY", "intranet.corp.test")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/corp-ca.pem")
    client = HttpClient()
    monkeypatch.delenv("HTTP_PROXY")
    assert client._proxies_for("http://acme.example/about") == {
        "http": "http://proxy.corp.test:3128"}
    assert client._proxies_for("http://intranet.corp.test/") == {}
    session = client._session()
    assert session.trust_env is False
    assert session.verify == "/etc/corp-ca.pem"
    assert HttpClient()._proxies_for("http://acme.example/") == {}
    client.close()
