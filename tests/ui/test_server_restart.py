"""The window on a PostgreSQL server that restarts or goes away: the next action
reconnects, or says plainly that the server cannot be reached; nothing is written to
another account than the one on screen."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests import postgres
from ui.main_window import MainWindow
from workbench import accounts, errors
from workbench.storage.database import Database, open_database


@pytest.fixture
def server_db(postgres_server: postgres.Server) -> Iterator[Database]:
    with postgres_server.database() as url:
        db = open_database(url)
        yield db
        db.dispose()


def _set_connections(url: str, allowed: bool) -> None:
    """Make the database refuse every new connection (as a stopped server does) or not."""
    name = make_url(url).database
    admin = make_url(postgres.admin_url() or "")
    with psycopg.connect(host=admin.host, port=admin.port, user=admin.username,
                         password=admin.password, dbname=admin.database,
                         autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
    if not allowed:
        postgres.terminate_connections(url)


def _window(qtbot, db: Database, monkeypatch: pytest.MonkeyPatch, shown: list) -> MainWindow:
    monkeypatch.setattr("ui.main_window.show_error", lambda _p, exc, *a: shown.append(exc))
    window = MainWindow(db)
    qtbot.addWidget(window)
    return window


def test_a_restart_under_the_window_is_a_silent_reconnect(
        qtbot, server_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    first = accounts.create_account(server_db, "Alpha", notes="Alpha's notes")
    second = accounts.create_account(server_db, "Beta", notes="Beta's notes")
    shown: list = []
    window = _window(qtbot, server_db, monkeypatch, shown)
    window.reload_accounts(select_id=first)
    # What a restart does to every client: their connections are cut.
    postgres.terminate_connections(server_db.engine.url.render_as_string(hide_password=False))
    window.select_account(second)
    overview = window.workspace.overview
    assert overview.notes.toPlainText() == "Beta's notes"
    overview.notes.setPlainText("Beta's notes, and the CFO said yes")
    overview.flush_notes()
    assert shown == []
    assert accounts.get_account(server_db, second).notes == "Beta's notes, and the CFO said yes"
    assert accounts.get_account(server_db, first).notes == "Alpha's notes"


def test_a_server_gone_away_is_said_plainly_and_nothing_lands_on_another_account(
        qtbot, server_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    url = server_db.engine.url.render_as_string(hide_password=False)
    first = accounts.create_account(server_db, "Alpha", notes="Alpha's notes")
    second = accounts.create_account(server_db, "Beta", notes="Beta's notes")
    shown: list = []
    window = _window(qtbot, server_db, monkeypatch, shown)
    window.workspace.overview.error.disconnect()
    window.workspace.overview.error.connect(shown.append)
    window.reload_accounts(select_id=first)
    overview = window.workspace.overview
    assert overview.notes.toPlainText() == "Alpha's notes"
    _set_connections(url, allowed=False)
    try:
        window.select_account(second)
        assert shown and all(isinstance(e, errors.ServerUnreachable) for e in shown), shown
        # Alpha's notes must not stay on screen under Beta's name, to be typed over.
        assert overview.account_id is None and not overview.isEnabled()
        assert overview.notes.toPlainText() == ""
    finally:
        _set_connections(url, allowed=True)
    window.select_account(first)
    window.select_account(second)
    assert overview.notes.toPlainText() == "Beta's notes"
    overview.notes.setPlainText("Beta's notes, typed after the outage")
    overview.flush_notes()
    assert accounts.get_account(server_db, first).notes == "Alpha's notes"
    assert accounts.get_account(server_db, second).notes == "Beta's notes, typed after the outage"
