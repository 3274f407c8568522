"""The whole exchange under one deadline, and only the account's own origin allowed on a
private address: servers on 127.0.0.1 that trickle their status line or headers, and
links or redirects to the same host on another port (other hosts and ports through a
resolver and connector stub: nothing leaves 127.0.0.0/8)."""

from __future__ import annotations

import socket
import time
from http.server import BaseHTTPRequestHandler

import pytest
from sqlalchemy import select

from tests.research.server import FixtureServer, Route
from tests.timing import stretched
from workbench import accounts
from workbench.research.http import FetchError, HttpClient
from workbench.research.pipeline import run_research
from workbench.storage.models import Source


def _trickle_head(pieces: list[bytes], pause: float):
    def handler(request: BaseHTTPRequestHandler) -> None:
        request.close_connection = True
        for piece in pieces:
            request.wfile.write(piece)
            request.wfile.flush()
            time.sleep(pause)
        request.wfile.write(b"\r\nok")
        request.wfile.flush()
    return handler


STATUS_BYTE_BY_BYTE = [bytes([b]) for b in b"HTTP/1.1 200 OK\r\n"] + [
    b"Content-Type: text/html\r\n", b"Content-Length: 2\r\n"]
HEADERS_ONE_A_SECOND = [b"HTTP/1.1 200 OK\r\n", b"Content-Type: text/html\r\n"] + [
    f"X-Slow-{i}: {i}\r\n".encode() for i in range(100)] + [b"Content-Length: 2\r\n"]


@pytest.mark.parametrize("pieces,pause", [(STATUS_BYTE_BY_BYTE, 0.5),
                                          (HEADERS_ONE_A_SECOND, 0.3)],
                         ids=["status-line", "headers"])
def test_the_deadline_covers_status_line_and_headers(fixture_server: FixtureServer,
                                                     pieces: list[bytes], pause: float) -> None:
    fixture_server.route("/slow", Route(handler=_trickle_head(pieces, pause)))
    started = time.monotonic()
    with HttpClient(allow_private_hosts={"127.0.0.1"}, deadline=2.0, read_timeout=5.0,
                    respect_robots=False) as client:
        with pytest.raises(FetchError, match="no answer within 2 s"):
            client.fetch(fixture_server.url("/slow"))
    # Before: 9 s and 30 s, past any deadline (the bound is stretched on a busy machine).
    assert time.monotonic() - started < stretched(5.0, fault_s=9.0)


def test_the_deadline_covers_robots_txt(fixture_server: FixtureServer) -> None:
    fixture_server.route("/robots.txt", Route(handler=_trickle_head(STATUS_BYTE_BY_BYTE, 0.5)))
    fixture_server.page("/", "<p>home</p>")
    started = time.monotonic()
    with HttpClient(allow_private_hosts={"127.0.0.1"}, deadline=2.0) as client:
        with pytest.raises(FetchError, match="no answer within 2 s|robots.txt could not"):
            client.fetch(fixture_server.url("/"))
    assert time.monotonic() - started < stretched(5.0, fault_s=9.0)
    assert "/" not in fixture_server.paths()


def _site(srv: FixtureServer, home: str) -> None:
    srv.robots("User-agent: *\nAllow: /\n")
    srv.page("/", f"<html><body><nav>{home}</nav><p>Acme makes robots.</p></body></html>")


def test_only_the_accounts_own_port_is_allowed(db) -> None:
    with FixtureServer() as own, FixtureServer() as neighbour:
        neighbour.page("/team", "<p>an internal service on the same machine</p>")
        neighbour.page("/about", "<p>an internal service on the same machine</p>")
        _site(own, f'<a href="/about">About</a> <a href="/team">Team</a>'
                   f'<a href="{neighbour.url("/about")}">About</a>')
        own.redirect("/about", neighbour.url("/about"))
        own.redirect("/team", f"http://127.0.0.1:{neighbour.port}/team")
        account_id = accounts.create_account(db, "Acme", own.url("/"))
        summary = run_research(db, account_id)
        assert summary.home_captured
        assert neighbour.paths() == []  # before: both redirects were followed
        with db.session() as session:
            errors = {s.url: s.last_error for s in session.scalars(
                select(Source).where(Source.account_id == account_id))}
        assert errors[own.url("/about")] == "points to a private network address"


def test_a_named_account_host_on_another_port_is_refused(db,
                                                         fixture_server: FixtureServer) -> None:
    """The account is at evil.test:<port> (a resolver stub says 127.0.0.1); a redirect to
    evil.test on port 80 must not be fetched. The connector stub lets only the fixture
    server's port through."""
    attempts: list[tuple[str, int]] = []

    def connector(address: tuple[str, int], timeout: object) -> socket.socket:
        attempts.append(address)
        if address != ("127.0.0.1", fixture_server.port):
            raise ConnectionRefusedError("stub: only the fixture server")
        return socket.create_connection(address, timeout if isinstance(timeout, float) else 5)

    _site(fixture_server, '<a href="/about">About us</a>')
    fixture_server.redirect("/about", "http://evil.test/about")
    client = HttpClient(resolver=lambda h, p: ["127.0.0.1"] if h == "evil.test" else [],
                        connector=connector)
    account_id = accounts.create_account(db, "Evil", f"http://evil.test:{fixture_server.port}/")
    summary = run_research(db, account_id, client=client)
    assert summary.home_captured  # the account's own origin works (pinned to 127.0.0.1)
    assert ("127.0.0.1", 80) not in attempts  # before: evil.test:80 was fetched
    assert any(e["error"] == "points to a private network address" for e in summary.errors)
