"""PostgreSQL as a team uses it: plain messages for the server's errors, passwords never
shown or logged, reconnecting after the server dropped the connection."""

from __future__ import annotations

import logging
import socket

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from tests import postgres
from workbench import accounts, errors, logs
from workbench.cli import main
from workbench.storage import server_url
from workbench.storage.database import open_database, resolve_url, translate_error


def _with_password(url: str, password: str) -> str:
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server_db(postgres_server: postgres.Server):
    with postgres_server.database() as url:
        yield url


def test_a_wrong_password_is_said_plainly_and_never_shown(server_db: str, capsys) -> None:
    wrong = _with_password(server_db, "not-the-Pa55word")
    with pytest.raises(errors.AuthenticationFailed) as raised:
        open_database(wrong)
    assert "password" in str(raised.value) and "not-the-Pa55word" not in str(raised.value)
    assert main(["--db", wrong, "accounts", "list"]) == 1
    said = capsys.readouterr().err
    assert "refused the password" in said and "unexpected" not in said
    assert "not-the-Pa55word" not in said
    log_text = logs.log_file().read_text(encoding="utf-8") if logs.log_file().exists() else ""
    assert "not-the-Pa55word" not in log_text


def test_an_unreachable_server_and_a_missing_database_are_said_plainly(server_db: str) -> None:
    down = make_url(server_db).set(port=_free_port()).render_as_string(hide_password=False)
    with pytest.raises(errors.ServerUnreachable, match="cannot be reached"):
        open_database(down)
    missing = make_url(server_db).set(database="no_such_db_here").render_as_string(
        hide_password=False)
    with pytest.raises(errors.DatabaseError, match="does not exist"):
        open_database(missing)


def test_a_missing_right_is_a_permission_message(server_db: str) -> None:
    db = open_database(server_db)
    try:
        with db.engine.begin() as conn:
            # The owner gives up its own right to add accounts, as a read-only role would lack it.
            conn.execute(text("REVOKE INSERT ON account FROM CURRENT_USER"))
        with pytest.raises(errors.PermissionDenied, match="does not allow"):
            accounts.create_account(db, "Acme")
    finally:
        db.dispose()


@pytest.mark.parametrize(("error", "kind", "words"), [
    (psycopg.errors.DiskFull("could not extend file: No space left on device"),
     errors.DiskFull, "disk is full"),
    (psycopg.errors.DeadlockDetected("deadlock detected"), errors.WriteConflict, "same records"),
    (psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
     errors.ServerUnreachable, "restarted"),
    (psycopg.OperationalError("connection failed: Connection refused"),
     errors.ServerUnreachable, "cannot be reached"),
])
def test_server_errors_map_to_the_error_vocabulary(error, kind, words) -> None:
    # A full disk cannot be made on demand on a test server; these are the driver's own
    # exception classes, which carry PostgreSQL's SQLSTATE as the server sends it.
    translated = translate_error(OperationalError("SELECT 1", {}, error))
    assert isinstance(translated, kind) and words in str(translated)


def test_a_dropped_connection_reconnects_on_the_next_action(server_db: str) -> None:
    db = open_database(server_db)
    try:
        accounts.create_account(db, "Before")
        assert postgres.terminate_connections(server_db) >= 1
        # The pool still holds the dead connection; the pre-ping replaces it unseen.
        accounts.create_account(db, "After")
        assert [a.name for a in accounts.list_accounts(db)] == ["After", "Before"]
    finally:
        db.dispose()


def test_passwords_stay_out_of_the_title_the_recent_files_and_the_log(
        server_db: str, caplog: pytest.LogCaptureFixture) -> None:
    password = make_url(server_db).password
    assert password, "the test server's URL carries a password"
    db = open_database(server_db)
    try:
        assert password not in db.url and password not in db.target
        # The recent-files entry, reopened in the same session, finds its password again.
        assert resolve_url(db.target)[0] == server_db
    finally:
        db.dispose()
    logs.configure()
    logging.getLogger("workbench.test").error("cannot open %s", server_db)
    written = logs.log_file().read_text(encoding="utf-8")
    assert "cannot open" in written and password not in written


def test_an_unexpected_errors_command_line_is_logged_without_its_password(
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql://rep:Hunter2-secret@127.0.0.1:1/nowhere"
    monkeypatch.setattr("sys.argv", ["workbench", "--db", url, "accounts", "list"])
    # A bug anywhere behind the command: the log keeps its traceback and command line.
    monkeypatch.setattr("workbench.cli.Context.db", property(lambda self: 1 / 0))
    assert main(["--db", url, "accounts", "list"]) == 1
    written = logs.log_file().read_text(encoding="utf-8")
    assert "ZeroDivisionError" in written and "Hunter2-secret" not in written
    assert server_url.mask(url) in written


def test_masking_finds_passwords_in_urls_and_keywords() -> None:
    assert server_url.mask("x postgresql+psycopg://ana:pa%40ss@h:5432/db y") \
        == "x postgresql+psycopg://ana:***@h:5432/db y"
    assert server_url.mask("host=h password='a b' user=ana") == "host=h password=*** user=ana"
    assert server_url.without_password("postgresql://ana:pw@h/db?sslmode=require&password=x") \
        == "postgresql://ana@h/db?sslmode=require"
    assert server_url.normalise("postgres://ana@h/db") == "postgresql+psycopg://ana@h/db"
    assert server_url.mask("/home/ana/work:notes@2026.sqlite3") == "/home/ana/work:notes@2026.sqlite3"


def test_research_goes_on_after_the_server_dropped_its_connections(server_db: str) -> None:
    from sqlalchemy import func, select

    from tests.research.conftest import SITES
    from tests.research.server import FixtureServer
    from workbench.research.pipeline import run_research
    from workbench.storage.models import PageSnapshot

    db = open_database(server_db)
    cut = []

    def progress(done: int, total: int, message: str) -> None:
        if not cut and done >= 1:
            cut.append(postgres.terminate_connections(server_db))

    try:
        with FixtureServer() as site:
            site.serve_folder(SITES / "acme", delay=0.05)
            account_id = accounts.create_account(db, "Acme", site.url("/"))
            summary = run_research(db, account_id, progress=progress)
        assert cut and cut[0] >= 1, "the connections were cut while research ran"
        assert summary.home_captured and summary.status in ("ok", "partial"), summary
        with db.session() as session:
            pages = session.scalar(select(func.count(PageSnapshot.id)))
        assert pages == summary.pages_changed and pages > 1
    finally:
        db.dispose()
