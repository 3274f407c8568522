"""A real server restart (`pg_ctl restart`, `pg_ctl stop` then `start`) under an open
window and under a running research, on a server of the test's own.

The next action after a restart reconnects by itself; while the server is down it says
plainly that the server cannot be reached; the panes never show one account's notes
under another's name, and nothing is written to another account than the one on screen.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator

import pytest

from tests import throwaway_postgres
from ui.main_window import MainWindow
from workbench import accounts, errors
from workbench.storage.database import Database, open_database

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(throwaway_postgres.skip_reason() is not None,
                       reason=throwaway_postgres.skip_reason() or ""),
]

_names = itertools.count(1)


@pytest.fixture(scope="module")
def server() -> Iterator[throwaway_postgres.ThrowawayServer]:
    own = throwaway_postgres.ThrowawayServer()
    try:
        own.start()
        yield own
    finally:
        own.close()


@pytest.fixture
def server_db(server: throwaway_postgres.ThrowawayServer) -> Iterator[Database]:
    if not server.running:
        server.start()  # a test that failed while the server was down
    db = open_database(server.create_database(f"restart{next(_names)}"))
    yield db
    db.dispose()


def _window(qtbot, db: Database, monkeypatch: pytest.MonkeyPatch, shown: list) -> MainWindow:
    monkeypatch.setattr("ui.main_window.show_error", lambda _p, exc, *a: shown.append(exc))
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.workspace.overview.error.disconnect()
    window.workspace.overview.error.connect(shown.append)
    return window


def test_pg_ctl_restart_under_the_window_reconnects_on_the_next_action(
        qtbot, server: throwaway_postgres.ThrowawayServer, server_db: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = accounts.create_account(server_db, "Alpha", notes="Alpha's notes")
    second = accounts.create_account(server_db, "Beta", notes="Beta's notes")
    shown: list = []
    window = _window(qtbot, server_db, monkeypatch, shown)
    window.reload_accounts(select_id=first)
    overview = window.workspace.overview
    assert overview.notes.toPlainText() == "Alpha's notes"

    server.restart()

    window.select_account(second)
    assert shown == [], shown
    assert overview.account_id == second
    assert overview.notes.toPlainText() == "Beta's notes"
    overview.notes.setPlainText("Beta's notes, and the CFO said yes")
    overview.flush_notes()
    assert shown == [], shown
    assert accounts.get_account(server_db, second).notes == "Beta's notes, and the CFO said yes"
    assert accounts.get_account(server_db, first).notes == "Alpha's notes"


def test_a_stopped_server_is_said_plainly_and_the_window_recovers_when_it_is_back(
        qtbot, server: throwaway_postgres.ThrowawayServer, server_db: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = accounts.create_account(server_db, "Alpha", notes="Alpha's notes")
    second = accounts.create_account(server_db, "Beta", notes="Beta's notes")
    shown: list = []
    window = _window(qtbot, server_db, monkeypatch, shown)
    window.reload_accounts(select_id=first)
    overview = window.workspace.overview
    assert overview.notes.toPlainText() == "Alpha's notes"

    server.stop()
    try:
        window.select_account(second)
        assert shown, "choosing an account with the server down said nothing"
        assert all(isinstance(e, errors.ServerUnreachable) for e in shown), shown
        assert "server" in str(shown[0]).lower()
        # Alpha's notes must not stay on screen under Beta's name, to be typed over.
        assert overview.account_id is None and not overview.isEnabled()
        assert overview.notes.toPlainText() == ""
    finally:
        server.start()

    shown.clear()
    window.select_account(first)
    window.select_account(second)
    assert shown == [], shown
    assert overview.account_id == second
    assert overview.notes.toPlainText() == "Beta's notes"
    overview.notes.setPlainText("Beta's notes, typed after the outage")
    overview.flush_notes()
    assert shown == [], shown
    assert accounts.get_account(server_db, first).notes == "Alpha's notes"
    assert accounts.get_account(server_db, second).notes == "Beta's notes, typed after the outage"


def test_research_through_a_pg_ctl_restart_stores_every_page(
        server: throwaway_postgres.ThrowawayServer, server_db: Database) -> None:
    from sqlalchemy import func, select

    from tests.research.conftest import SITES
    from tests.research.server import FixtureServer
    from workbench.research.pipeline import run_research
    from workbench.storage.models import PageSnapshot

    restarted: list[int] = []

    def progress(done: int, total: int, message: str) -> None:
        if not restarted and done >= 1:
            server.restart()  # while research is between its pages
            restarted.append(done)

    with FixtureServer() as site:
        site.serve_folder(SITES / "acme", delay=0.05)
        account_id = accounts.create_account(server_db, "Acme", site.url("/"))
        summary = run_research(server_db, account_id, progress=progress)
    assert restarted, "the server was not restarted while research ran"
    assert summary.home_captured and summary.status in ("ok", "partial"), summary
    with server_db.session() as session:
        pages = session.scalar(select(func.count(PageSnapshot.id))
                               .where(PageSnapshot.source.has(account_id=account_id)))
    assert pages == summary.pages_changed and pages > 1


def test_research_while_the_server_is_down_says_so_and_never_claims_success(
        server: throwaway_postgres.ThrowawayServer, server_db: Database) -> None:
    """The server stops mid-research and comes back a few seconds later: the run either
    stores what it says it stored or ends with the plain unreachable message."""
    from sqlalchemy import func, select

    from tests.research.conftest import SITES
    from tests.research.server import FixtureServer
    from workbench.research.pipeline import run_research
    from workbench.storage.models import PageSnapshot

    stopped: list[threading.Timer] = []

    def progress(done: int, total: int, message: str) -> None:
        if not stopped and done >= 1:
            server.stop()
            back = threading.Timer(3.0, server.start)
            back.start()
            stopped.append(back)

    with FixtureServer() as site:
        site.serve_folder(SITES / "acme", delay=0.05)
        account_id = accounts.create_account(server_db, "Acme", site.url("/"))
        try:
            summary = run_research(server_db, account_id, progress=progress)
        except errors.ServerUnreachable as exc:
            summary = None
            assert "server" in str(exc).lower()
        finally:
            for timer in stopped:
                timer.join()
        assert stopped, "the server was not stopped while research ran"

        def stored() -> int:
            with server_db.session() as session:
                return session.scalar(select(func.count(PageSnapshot.id)).where(
                    PageSnapshot.source.has(account_id=account_id))) or 0

        if summary is not None:
            assert summary.status in ("ok", "partial", "failed"), summary
            if summary.status in ("ok", "partial"):
                assert summary.home_captured and stored() == summary.pages_changed, summary
        # The server is back: the next research reconnects and stores the site.
        again = run_research(server_db, account_id)
    assert again.status in ("ok", "partial") and again.home_captured, again
    assert stored() > 1
