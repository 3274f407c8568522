"""Opening a database: the URL, the SQLite pragmas, migrations on open, one session scope.

`open_database()` is the one way in. It accepts nothing (the default file in the
user's data folder), a file path, or a full SQLAlchemy URL (so a team can point
the same program at PostgreSQL). A SQLite file is checked before use, backed up
before a migration, and migrated to the newest schema.
"""

from __future__ import annotations

import functools
import logging
import os
import secrets
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import TextClause

from workbench import errors, paths

# The file-level helpers live in sqlite_file (below this module, so the integrity check
# and the backups can use them without importing the engine); re-exported for callers.
from workbench.storage import server_url, sqlite_file
from workbench.storage.sqlite_file import (  # noqa: F401
    SQLITE_HEADER,
    folder_writable,
    read_only_uri,
)

log = logging.getLogger("workbench.storage")

BUSY_TIMEOUT_MS = 5000
# Lets a user (or a test) wait longer or shorter for another window's write.
BUSY_TIMEOUT_ENV = "WORKBENCH_BUSY_TIMEOUT_MS"


@dataclass(eq=False)
class Database:
    """An open database: its engine, a session factory and, for SQLite, its file.

    One writer: a session that writes (its first flush or its first statement that is
    not a SELECT) takes `writer`, a process-wide lock for this database, until it ends.
    So the window, the research worker and the news ingester queue here for each other
    instead of racing on SQLite's busy timeout; reads never wait for it (WAL).
    """

    engine: Engine
    sessions: sessionmaker[Session]
    path: Path | None
    read_only: bool = False
    writer: threading.RLock = field(default_factory=threading.RLock, repr=False)
    # Told when this process starts and ends a write (while holding `writer`), so a
    # change watcher can tell this process's commits from another's.
    write_watchers: list[WriteWatcher] = field(default_factory=list, repr=False)

    @property
    def url(self) -> str:
        """The URL to show: never the password."""
        return server_url.without_password(self.engine.url.render_as_string(hide_password=False))

    @property
    def target(self) -> str:
        """What to write in the recent files to open this database again (no password)."""
        return str(self.path) if self.path is not None else self.url

    @property
    def is_server(self) -> bool:
        return self.engine.dialect.name != "sqlite"

    @contextmanager
    def session(self, *, durable: bool = True) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error.

        Environment errors (locked, full, read-only, damaged) come out as
        `errors.DatabaseError` subclasses with a plain message.

        ``durable=False`` (SQLite): the commit skips its own flush to disk
        (``synchronous=NORMAL`` in WAL mode for this unit only). A crash of the program
        loses nothing and a power cut corrupts nothing; a power cut may lose such units
        committed since the last durable commit, which flushes every earlier one with
        it. For data that can be fetched again (research's pages and news between the
        run's start and its durable last write), never for what the rep typed.
        """
        session = self.sessions()
        session.info["writer"] = self.writer
        session.info["write_watchers"] = self.write_watchers
        try:
            if not durable and self.engine.dialect.name == "sqlite":
                _relax_sync(session)
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            raise translate_error(exc, self.path) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
            if session.info.pop("writer_held", False):
                try:
                    for watcher in self.write_watchers:
                        watcher.after_write()
                finally:
                    self.writer.release()

    def dispose(self) -> None:
        self.engine.dispose()


class WriteWatcher(Protocol):
    def before_write(self) -> None: ...

    def after_write(self) -> None: ...


def _relax_sync(session: Session) -> None:
    """This session's connection commits without its own fsync until it goes back to
    the pool, where `_restore_sync` puts ``synchronous=FULL`` back."""
    connection = session.connection()
    connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
    connection.connection.info["relaxed_sync"] = True


def _restore_sync(dbapi_connection: Any, record: Any) -> None:
    if record.info.pop("relaxed_sync", False) and dbapi_connection is not None:
        dbapi_connection.execute("PRAGMA synchronous=FULL")


def _take_writer(session: Session) -> None:
    if "writer" in session.info and not session.info.get("writer_held"):
        session.info["writer"].acquire()
        session.info["writer_held"] = True
        for watcher in session.info.get("write_watchers", ()):
            watcher.before_write()


def _lock_for_update(session: Session) -> None:
    """A read `FOR UPDATE` (a compare-and-set's read) on SQLite: take the writer, then
    begin the transaction with `BEGIN IMMEDIATE`, so no other process can commit between
    the read and the write. (SQLite ignores FOR UPDATE, and the driver would otherwise
    begin only at the first write, after the read: two processes could then both read
    the old value, both pass the check and the second overwrite the first unseen.)"""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return  # the server locks the row itself
    _take_writer(session)
    connection = session.connection()
    if not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@event.listens_for(Session, "before_flush")
def _writer_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        _take_writer(session)


@event.listens_for(Session, "do_orm_execute")
def _writer_before_statement(state: Any) -> None:
    if state.is_select:
        if getattr(state.statement, "_for_update_arg", None) is not None:
            _lock_for_update(state.session)
        return
    statement = state.statement
    if isinstance(statement, TextClause) and \
            statement.text.lstrip()[:6].upper() in ("SELECT", "WITH ", "WITH\n"):
        return  # a hand-written read (full-text search) needs no writer
    _take_writer(state.session)


def resolve_url(target: str | os.PathLike[str] | None) -> tuple[str, Path | None]:
    """Turn `--db` (nothing, a path or a URL) into a SQLAlchemy URL and the file path."""
    if target is None:
        target = os.environ.get(paths.DB_ENV) or paths.default_database_path()
    target_str = os.fspath(target)
    if "://" in target_str:
        target_str = server_url.recall(server_url.normalise(target_str))
        if target_str.startswith("sqlite:///") and target_str != "sqlite:///:memory:":
            return target_str, Path(target_str.removeprefix("sqlite:///"))
        return target_str, None
    path = Path(target_str).expanduser().resolve()
    return f"sqlite:///{path}", path


def busy_timeout_ms(override: int | None = None) -> int:
    """How long a writer waits for another writer before saying the file is busy."""
    if override is not None:
        return max(0, int(override))
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "")
    return max(0, int(raw)) if raw.strip().isdigit() else BUSY_TIMEOUT_MS


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any, *,
                        timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
        # FULL, not NORMAL: in WAL mode NORMAL may lose the last confirmed edits on a
        # power cut. Edits come at typing speed, so one fsync per commit is cheap.
        cursor.execute("PRAGMA synchronous=FULL")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError:
                # A read-only folder cannot hold the WAL files; plain journaling still reads.
                log.info("cannot switch to WAL; keeping journal mode %s", mode)
    finally:
        cursor.close()


def check_sqlite_file(path: Path) -> None:
    """Refuse, with a clear message and without writing to it, a file that is not ours."""
    if not path.exists():
        folder = path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise errors.ReadOnlyDatabase(
                f"Cannot create the folder {folder}: {exc.strerror}.") from exc
        if not folder_writable(folder):
            raise errors.ReadOnlyDatabase(
                f"Cannot create a database in {folder}: the folder is read-only.",
                hint="Choose another location with --db.")
        return
    if path.is_dir():
        raise errors.InvalidInput(f"{path} is a folder, not a database file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise errors.DatabaseError(f"Cannot read {path}: {exc.strerror}.") from exc
    if not header:
        return  # an empty file becomes a new database
    if header != SQLITE_HEADER:
        from workbench.storage.integrity import damaged_header

        raise damaged_header(path, header)
    # Look before the engine's pragmas switch the file to WAL: another program's
    # database must be left byte for byte as it was.
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise translate_error(exc, path) from exc
    if tables and "alembic_version" not in tables:
        raise errors.CorruptDatabase(
            f"{path.name} is a database, but not a workbench database.",
            hint="Nothing was changed. Choose another file with --db.")
    if "alembic_version" in tables:
        _refuse_newer_file(path)


def _refuse_newer_file(path: Path) -> None:
    """A file from a newer version is refused before anything (WAL pragmas, a backup
    before migrating) touches it."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return  # the open reports it
    from workbench.storage.schema import refuse_newer

    refuse_newer(row[0] if row else None, path.name)


def translate_error(exc: BaseException, path: Path | None = None) -> errors.KnownError | BaseException:
    """Map a driver error to the error vocabulary; unknown errors stay as they are (bugs).

    A server's failures and a reference removed by another writer first; the SQLite
    file's own failures are `sqlite_file.translate_error`'s.
    """
    message = str(getattr(exc, "orig", exc)).lower()
    server = _translate_server_error(exc, message)
    if server is not None:
        return server
    if "foreign key constraint" in message or getattr(
            getattr(exc, "orig", exc), "sqlstate", None) == "23503":
        # A person, call or account deleted (by a colleague, another window) between
        # reading it and writing what refers to it.
        return errors.NotFound(
            "Something this change refers to was removed a moment ago, perhaps by a colleague.",
            hint="Your last change was not saved.")
    translated = sqlite_file.translate_error(exc, path)
    if isinstance(translated, errors.DamagedDatabase) and translated.newest_good is None \
            and path is not None:
        # Every damaged-file message names the newest good backup and how to restore it.
        from workbench.storage.backup import newest_good_backup

        try:
            good = newest_good_backup(path)
        except OSError:
            good = None
        if good is not None:
            translated = errors.DamagedDatabase(path, translated.detail, good.path)
    return translated


UNREACHABLE_HINT = ("Nothing was saved. Check that the server is running and that this "
                    "computer can reach it, then try again.")
# SQLSTATEs (PostgreSQL's error codes) that say something a rep can act on.
_SQLSTATE_CLASSES: dict[str, tuple[type[errors.KnownError], str, str]] = {
    "28000": (errors.AuthenticationFailed, "The database server refused the login.",
              "Check the user name and password (in ~/.pgpass or the service file)."),
    "28P01": (errors.AuthenticationFailed, "The database server refused the password.",
              "Check the password in ~/.pgpass or the service file."),
    "3D000": (errors.DatabaseError, "The database named in the address does not exist on "
              "the server.", "Check the database name, or ask whoever runs the server to "
              "create it."),
    "42501": (errors.PermissionDenied, "The database server does not allow this account to "
              "make that change.", "Nothing was saved. Ask whoever runs the server to grant "
              "the rights the README lists."),
    "53100": (errors.DiskFull, "The database server's disk is full.",
              "Your last change was not saved. Ask whoever runs the server to free space."),
    "53200": (errors.DatabaseError, "The database server ran out of memory.",
              "Your last change was not saved. Try again in a moment."),
    "53300": (errors.ServerUnreachable, "The database server has too many connections.",
              "Nothing was saved. Try again in a moment."),
    "57P01": (errors.ServerUnreachable, "The database server was shut down or restarted.",
              "Nothing was saved. Try again; the program reconnects by itself."),
    "57P02": (errors.ServerUnreachable, "The database server was restarted.",
              "Nothing was saved. Try again; the program reconnects by itself."),
    "57P03": (errors.ServerUnreachable, "The database server is starting up or shutting "
              "down.", "Nothing was saved. Try again in a moment."),
    "40P01": (errors.WriteConflict, "A colleague was changing the same records at the same "
              "moment.", "Your last change was not saved. Try again."),
    "40001": (errors.WriteConflict, "A colleague was changing the same records at the same "
              "moment.", "Your last change was not saved. Try again."),
    "55P03": (errors.DatabaseLocked, "A colleague holds the records you are changing.",
              "Your last change was not saved. Try again in a moment."),
    "25006": (errors.ReadOnlyDatabase, "The database server accepts reading only.",
              "Your last change was not saved."),
}
# What libpq says when it cannot reach or lost the server (no SQLSTATE comes with these).
_UNREACHABLE_WORDS = (
    "connection refused", "could not connect", "could not translate host name",
    "name or service not known", "timeout expired", "server closed the connection",
    "connection is closed", "the connection is lost", "consuming input failed",
    "connection timed out", "no route to host", "network is unreachable",
    "terminating connection", "connection to server", "ssl syscall error",
    "server conn crashed", "connection not open", "is the server running",
    "not currently accepting connections",
)


def _translate_server_error(exc: BaseException,
                            message: str) -> errors.KnownError | None:
    """PostgreSQL's failures in plain words (by SQLSTATE where the driver gives one)."""
    orig = getattr(exc, "orig", exc)
    module = type(orig).__module__ or ""
    if not module.startswith("psycopg"):
        return None
    sqlstate = getattr(orig, "sqlstate", None) or ""
    found = _SQLSTATE_CLASSES.get(sqlstate)
    if found is None and sqlstate.startswith("08"):
        found = (errors.ServerUnreachable, "The connection to the database server failed.",
                 UNREACHABLE_HINT)
    if found is None:
        if "password authentication failed" in message or "no password supplied" in message \
                or ("role" in message and "does not exist" in message):
            found = _SQLSTATE_CLASSES["28P01"]
        elif "database" in message and "does not exist" in message:
            found = _SQLSTATE_CLASSES["3D000"]
        elif "no space left on device" in message or "could not extend file" in message:
            found = _SQLSTATE_CLASSES["53100"]
        elif any(word in message for word in _UNREACHABLE_WORDS) \
                or getattr(exc, "connection_invalidated", False):
            found = (errors.ServerUnreachable, "The database server cannot be reached.",
                     UNREACHABLE_HINT)
    if found is None:
        return None
    kind, text_, hint = found
    return kind(text_, hint=hint)


def _driver_missing(url: str) -> errors.KnownError:
    return errors.DatabaseError(
        "The PostgreSQL driver is not installed, so the program cannot reach the server.",
        hint='Install it with `pip install "sales-prep-workbench[postgres]"`.')


# How long to wait for a server that does not answer before saying it is unreachable.
CONNECT_TIMEOUT_S = 5
APPLICATION_NAME = "sales-prep-workbench"
# Each engine's name on the server (`application_name`), with a token of its own, so
# its change notices can be told from a colleague's (workbench.storage.notices).
_origins: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def engine_origin(engine: Engine) -> str:
    """The name `engine`'s connections give the server ("" for SQLite)."""
    return _origins.get(engine, "")


def create_db_engine(url: str, *, timeout_ms: int | None = None) -> Engine:
    url = server_url.normalise(url)
    kwargs: dict[str, Any] = {}
    if server_url.is_server(url):
        # A server restarted since the last query leaves dead connections in the pool;
        # checking each one before use turns that into a silent reconnect.
        kwargs["pool_pre_ping"] = True
        kwargs["pool_recycle"] = 1800
        if url.startswith(server_url.DRIVER):
            origin = f"{APPLICATION_NAME} {secrets.token_hex(6)}"
            kwargs["connect_args"] = {"application_name": origin}
            if "connect_timeout" not in url:
                kwargs["connect_args"]["connect_timeout"] = CONNECT_TIMEOUT_S
    try:
        engine = create_engine(url, future=True, **kwargs)
    except ModuleNotFoundError as exc:
        raise _driver_missing(url) from exc
    if "connect_args" in kwargs:
        _origins[engine] = kwargs["connect_args"]["application_name"]
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", functools.partial(
            _set_sqlite_pragmas, timeout_ms=busy_timeout_ms(timeout_ms)))
        event.listen(engine, "checkin", _restore_sync)
    return engine


def file_is_writable(path: Path) -> bool:
    """Whether `path` can be opened for writing, asked of the file system itself.

    os.access() says yes to root even for an immutable file or a read-only
    mount; opening for writing (without changing a byte) is the honest test.
    """
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    os.close(fd)
    return True


# Up to this size the quick check costs well under 100 ms on a laptop: always do it.
CHECK_ALWAYS_BELOW_BYTES = 64 * 1024 * 1024


def _check_due(path: Path) -> bool:
    try:
        size = path.stat().st_size
    except OSError:
        return False
    if size == 0:
        return False
    if size < CHECK_ALWAYS_BELOW_BYTES:
        return True
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def open_database(target: str | os.PathLike[str] | None = None, *, migrate: bool = True,
                  check: bool = True, busy_timeout: int | None = None) -> Database:
    """Open (creating if needed) and migrate the database named by `target`.

    `check` runs SQLite's quick integrity check on an existing file first, so a
    damaged file is reported (`DamagedDatabase`) before anything writes to it. The
    check reads the whole file, so a large file is checked on open only when its
    last session did not end cleanly (a write-ahead log was left behind); otherwise
    the daily backup, which checks what it copies, finds damage the same day.
    `busy_timeout` (milliseconds) is how long a write waits for another writer.
    """
    url, path = resolve_url(target)
    if server_url.is_server(url):
        server_url.remember(url)
    read_only = False
    if path is not None:
        check_sqlite_file(path)
        from workbench.storage.backup import remove_stale_partials

        remove_stale_partials(path)
        if check and _check_due(path):
            from workbench.storage import integrity

            integrity.require_intact(path)
        # A file that cannot be written, or that sits in a folder that cannot hold
        # its -wal and -shm companions, opens for reading only (with a banner).
        read_only = path.exists() and not (file_is_writable(path)
                                           and folder_writable(path.parent))
        if read_only:
            url = f"sqlite:///{read_only_uri(path)}&uri=true"
    engine = create_db_engine(url, timeout_ms=busy_timeout)
    db = Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False),
                  path=path, read_only=read_only)
    try:
        if migrate:
            from workbench.storage import schema

            schema.ensure_current(db)
    except (DBAPIError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise translate_error(exc, path) from exc
    except SQLAlchemyError as exc:
        engine.dispose()
        raise errors.DatabaseError(
            f"Cannot open the database: {server_url.mask(str(exc))}") from exc
    except BaseException:
        engine.dispose()
        raise
    return db
