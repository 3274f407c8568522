"""Noticing that another process changed the database: a `ChangeSource` per kind of server.

The UI asks its source `poll()` about once a second (off the GUI thread) and broadcasts
`Changes.external_change()` when it answers True. For SQLite, `DataVersionSource` reads
`PRAGMA data_version` on a connection of its own: SQLite changes that number whenever
*another* connection commits, and that includes this process's own engine. So the
source also watches this process's writes (which all pass the one writer lock,
`Database.writer`): it reads the number as a write starts (a change seen then is someone
else's) and as it ends (the new number is ours). A PostgreSQL source (LISTEN/NOTIFY)
implements the same `poll()` and `close()`.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from workbench.storage.database import Database

log = logging.getLogger("workbench.storage")


class ChangeSource(Protocol):
    """Says whether someone else changed the data since the last poll."""

    def poll(self) -> bool: ...

    def close(self) -> None: ...


class NoSource:
    """For a database whose other writers cannot be observed (nothing ever changes)."""

    def poll(self) -> bool:
        return False

    def close(self) -> None:
        pass


class DataVersionSource:
    """SQLite: `PRAGMA data_version` on a private read-only connection.

    A commit by another process that lands between our write taking SQLite's lock and
    the number read at its start is counted as ours (a window of well under a
    millisecond); the next change shows it.
    """

    def __init__(self, db: Database) -> None:
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


def change_source(db: Database) -> ChangeSource:
    """The right way to notice other writers of `db`."""
    if db.engine.dialect.name == "sqlite" and db.path is not None:
        return DataVersionSource(db)
    if db.engine.dialect.name == "postgresql":
        # LISTEN/NOTIFY on a connection of its own; skips this database object's own writes.
        from workbench.storage.notices import watch_changes

        return watch_changes(db)
    return NoSource()
