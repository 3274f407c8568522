"""Change notices: knowing that someone else (a colleague, another window) changed the database.

`watch_changes(db)` gives a `ChangeWatcher` whose `poll()` says, without blocking,
whether another writer committed a change since the last poll, and `changed_tables`
which tables it touched where that is known. The UI polls it on a timer (every
second or so) and hands the result to its change broadcast; the core knows nothing
of Qt.

- PostgreSQL: a statement trigger on every table sends `NOTIFY workbench_changes`
  with the schema, the table and the writer's `application_name`; notices are
  delivered when the writer commits, and never for a rolled-back change. Each engine
  names itself with its own token, so a watcher skips the changes of its own
  database object (the window's own edits, which it already knows of).
- SQLite: `PRAGMA data_version`, which changes when any other connection commits to
  the file. SQLite cannot say which table, so `changed_tables` stays empty; the
  watcher tells the database object's own writes (they all pass its writer lock)
  from everyone else's.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from workbench.storage.database import Database

log = logging.getLogger("workbench.storage")

CHANNEL = "workbench_changes"
TRIGGER = "workbench_change_notice"
FUNCTION = "workbench_notify_change"
# Tables whose changes nobody needs to hear of.
QUIET_TABLES = frozenset({"alembic_version"})

_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', TG_TABLE_SCHEMA || ' ' || TG_TABLE_NAME || ' '
                      || coalesce(current_setting('application_name', true), ''));
    RETURN NULL;
END $$
"""


def install_change_triggers(conn: Connection, tables: Iterable[str] | None = None) -> int:
    """Give every table of the connection's schema the notice trigger (PostgreSQL; idempotent).

    Called after each migration, so tables added by later migrations get it too.
    Returns how many tables have it.
    """
    if conn.dialect.name != "postgresql":
        return 0
    if tables is None:
        tables = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars()
    conn.execute(text(_FUNCTION_SQL))
    count = 0
    for table in sorted(set(tables) - QUIET_TABLES):
        quoted = conn.dialect.identifier_preparer.quote(table)
        conn.execute(text(
            f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {quoted} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"))
        count += 1
    return count


class ChangeWatcher:
    """Says whether someone else changed the database since the last `poll()`.

    `poll()` never blocks and never raises for a lost server: it tries to reconnect at
    the next poll, and reports a change once it is back (anything may have changed
    while it was away).
    """

    def __init__(self) -> None:
        self.changed_tables: frozenset[str] = frozenset()

    def poll(self) -> bool:
        raise NotImplementedError

    def close(self) -> None:
        """Release the watcher's own connection."""

    def __del__(self) -> None:
        # A watcher dropped without `close()` (a window never closed) still lets go of its
        # connection, rather than leave it to the driver's "deleted while open" warning.
        try:
            self.close()
        except Exception:  # noqa: BLE001 - nothing may escape a finaliser
            pass

    def __enter__(self) -> ChangeWatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SqliteWatcher(ChangeWatcher):
    """SQLite: `PRAGMA data_version` on a private read-only connection.

    SQLite changes that number whenever *another* connection commits, and that includes
    this process's own engine. So the watcher also watches `db`'s own writes (which all
    pass its one writer lock, `Database.writer`): it reads the number as a write starts
    (a change seen then is someone else's) and as it ends (the new number is ours).
    A commit by another process that lands between our write taking SQLite's lock and
    the number read at its start is counted as ours (a window of well under a
    millisecond); the next change shows it.
    """

    def __init__(self, db: Database) -> None:
        super().__init__()
        assert db.path is not None
        from workbench.storage.sqlite_file import read_only_uri

        self._db = db
        self._lock = threading.Lock()  # the poll (a worker) and our writers (any thread)
        self._conn: sqlite3.Connection | None = sqlite3.connect(
            read_only_uri(db.path), uri=True, timeout=1, check_same_thread=False)
        self._version = self._read()
        self._theirs = False
        db.write_watchers.append(self)

    def _read(self) -> int:
        assert self._conn is not None
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def _look(self, *, ours: bool) -> None:
        with self._lock:
            if self._conn is None:
                return
            try:
                version = self._read()
            except sqlite3.Error as exc:  # busy or gone: say nothing now, look again later
                log.debug("data_version read failed: %s", exc)
                return
            if version != self._version and not ours:
                self._theirs = True
            self._version = version

    def before_write(self) -> None:
        self._look(ours=False)

    def after_write(self) -> None:
        self._look(ours=True)

    def poll(self) -> bool:
        self._look(ours=False)
        with self._lock:
            theirs, self._theirs = self._theirs, False
            return theirs

    def close(self) -> None:
        with self._lock:
            if self in self._db.write_watchers:
                self._db.write_watchers.remove(self)
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class PostgresWatcher(ChangeWatcher):
    """`LISTEN workbench_changes` on a connection of its own (psycopg, autocommit).

    `close()` is final: a poll still running on the watcher's thread when the window
    closes (a reconnect to a slow or restarting server can outlast the window's wait
    for it) never opens a new connection after it, so none is left for the garbage
    collector.
    """

    def __init__(self, connect_kwargs: dict[str, Any], own_origin: str, schema: str) -> None:
        super().__init__()
        self._kwargs = connect_kwargs
        self._own = own_origin
        self._schema = schema
        self._conn: Any = None
        self._lost = False
        self._closed = False
        self._lock = threading.Lock()  # the poll (a worker) and close() (the GUI thread)
        self._connect()

    def _connect(self) -> None:
        import psycopg

        kwargs = dict(self._kwargs)
        kwargs["application_name"] = f"{kwargs.get('application_name', '')} watcher".strip()
        conn: Any = psycopg.connect(**kwargs, autocommit=True)
        try:
            conn.execute(f"LISTEN {CHANNEL}")
        except BaseException:
            conn.close()
            raise
        with self._lock:
            if not self._closed:
                self._conn, conn = conn, None
        if conn is not None:  # closed while connecting
            conn.close()

    def poll(self) -> bool:
        import psycopg

        self.changed_tables = frozenset()
        if self._closed:
            return False
        try:
            if self._conn is None or self._conn.closed:
                self._connect()
                if self._conn is None:
                    return False  # closed meanwhile
                if self._lost:
                    self._lost = False
                    return True  # back after losing the server: reload to be sure
            conn = self._conn
            if conn is None:
                return False  # closed meanwhile, on another thread
            tables: set[str] = set()
            for notice in conn.notifies(timeout=0):
                schema, _, rest = notice.payload.partition(" ")
                table, _, origin = rest.partition(" ")
                if schema == self._schema and origin != self._own:
                    tables.add(table)
        except psycopg.Error as exc:
            log.info("change notices: lost the server (%s); retrying at the next poll",
                     type(exc).__name__)
            self._lost = True
            self._drop()
            return False
        self.changed_tables = frozenset(tables)
        return bool(tables)

    def _drop(self) -> None:
        """Let go of the connection (lost, or closing); the next poll may open another."""
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - closing a dead connection
                pass

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._drop()


def watch_changes(db: Database) -> ChangeWatcher:
    """The watcher for `db`'s backend."""
    from workbench.storage.database import engine_origin

    if db.engine.dialect.name == "sqlite":
        if db.path is None:
            raise ValueError("an in-memory SQLite database has no other writers to watch")
        return SqliteWatcher(db)
    _args, kwargs = db.engine.dialect.create_connect_args(db.engine.url)
    with db.engine.connect() as conn:
        schema = str(conn.execute(text("SELECT current_schema()")).scalar())
    kwargs.setdefault("application_name", engine_origin(db.engine))
    return PostgresWatcher(dict(kwargs), engine_origin(db.engine), schema)
