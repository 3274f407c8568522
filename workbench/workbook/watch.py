"""Noticing that another process changed the database: a `ChangeSource` per kind of server.

The UI asks its source `poll()` about once a second (off the GUI thread) and broadcasts
`Changes.external_change()` when it answers True. The watchers themselves live in
`workbench.storage.notices`, one per backend: `PRAGMA data_version` on SQLite,
LISTEN/NOTIFY on PostgreSQL; each skips the writes of the window's own database object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from workbench.storage.database import Database


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


def change_source(db: Database) -> ChangeSource:
    """The right way to notice other writers of `db`."""
    dialect = db.engine.dialect.name
    if dialect not in ("sqlite", "postgresql") or (dialect == "sqlite" and db.path is None):
        return NoSource()  # e.g. an in-memory database: it has no other writers
    # data_version on SQLite, LISTEN/NOTIFY on PostgreSQL; both skip `db`'s own writes.
    from workbench.storage.notices import watch_changes

    return watch_changes(db)
