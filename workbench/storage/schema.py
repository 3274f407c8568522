"""Keeping a database on the newest schema with Alembic, without paying for it at every start.

Alembic is imported only when the file's revision differs from `HEAD_REVISION`,
so a current file opens without loading the migration machinery.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from workbench import errors

# SQLAlchemy is imported inside the functions: the listing commands and the start-up
# window import this module for HEAD_REVISION alone (workbench.storage.plain_read).
if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Engine

    from workbench.storage.database import Database

log = logging.getLogger("workbench.storage")

# The newest migration; a test checks it matches Alembic's head.
HEAD_REVISION = "signals2"
SEARCH_TABLE_PREFIX = "search_"
# PostgreSQL's generated full-text column (made by workbench.search_pg, not the models).
SEARCH_VECTOR_COLUMN = "search_vector"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's filter: the FTS5 search tables are made by hand, not from the models."""
    if type_ == "column" and name == SEARCH_VECTOR_COLUMN:
        return False
    # Every full-text table (and its FTS5 shadow tables) is named `search_*`; no model
    # table is. Checked by name here so storage does not import the search module above it.
    return not (type_ == "table" and (name or "").startswith(SEARCH_TABLE_PREFIX))


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


_REVISION_LINE = re.compile(r"""^revision\s*=\s*['"]([^'"]+)['"]""", re.M)


def known_revisions() -> set[str]:
    """The schema revisions this version knows (read from the migration files, without
    importing Alembic)."""
    found = {HEAD_REVISION}
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        try:
            found.update(_REVISION_LINE.findall(script.read_text(encoding="utf-8")))
        except OSError:
            continue
    return found


class NewerVersionDatabase(errors.DatabaseError):
    """The file was made by a newer version of the program (an unknown schema revision)."""


def refuse_newer(revision: str | None, name: str) -> None:
    """Raise `NewerVersionDatabase` when ``revision`` is one this version does not know."""
    if revision is None or revision == HEAD_REVISION or revision in known_revisions():
        return
    raise NewerVersionDatabase(
        f"{name} was made by a newer version of the workbench (its data format is "
        f"“{revision}”), which this version cannot read.",
        hint="Nothing was changed and no copy was made. Update the program to open it.")


def upgrade(db: Database, revision: str = "head") -> None:
    from alembic import command

    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        # Tables added by any migration tell open windows of their changes (PostgreSQL).
        from workbench.search_pg import install_search_vectors
        from workbench.storage.notices import install_change_triggers

        install_search_vectors(connection)
        install_change_triggers(connection)


def ensure_current(db: Database) -> None:
    from sqlalchemy import inspect

    revision = current_revision(db.engine)
    if revision == HEAD_REVISION:
        return
    if revision is None:
        inspector = inspect(db.engine)
        # In the connection's own schema only: PostgreSQL would also list the tables
        # of every other schema on the search path (`public` behind a team's schema).
        tables = set(inspector.get_table_names(schema=inspector.default_schema_name))
        if tables:
            raise errors.CorruptDatabase(
                "This file is a database, but not a workbench database.",
                hint="Nothing was changed. Choose another file with --db.")
    refuse_newer(revision, db.path.name if db.path else "This database")
    if db.read_only:
        raise errors.ReadOnlyDatabase(
            "This database was made by an older version and needs an update, "
            "but the file is read-only.")
    if revision is not None and db.path is not None:
        from workbench.storage.backup import backup_before_migration

        saved = backup_before_migration(db.path, revision)
        log.info("backed up %s to %s before migrating from %s", db.path, saved, revision)
    upgrade(db)


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import text

    with engine.connect() as conn:
        has_table = conn.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ) if engine.dialect.name == "sqlite" else text(
            "SELECT 1 FROM information_schema.tables WHERE table_name='alembic_version' "
            "AND table_schema = current_schema()"
        )).first()
        if not has_table:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None
