"""Keeping a database on the newest schema with Alembic, without paying for it at every start.

Alembic is imported only when the file's revision differs from `HEAD_REVISION`,
so a current file opens without loading the migration machinery.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect

from workbench import errors
from workbench.storage.database import current_revision

if TYPE_CHECKING:
    from alembic.config import Config

    from workbench.storage.database import Database

log = logging.getLogger("workbench.storage")

# The newest migration; a test checks it matches Alembic's head.
HEAD_REVISION = "signals1"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's filter: the FTS5 search tables are made by hand, not from the models."""
    from workbench.search import is_search_table

    return not (type_ == "table" and is_search_table(name))


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(db: Database, revision: str = "head") -> None:
    from alembic import command

    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def ensure_current(db: Database) -> None:
    revision = current_revision(db.engine)
    if revision == HEAD_REVISION:
        return
    if revision is None:
        tables = set(inspect(db.engine).get_table_names())
        if tables:
            raise errors.CorruptDatabase(
                "This file is a database, but not a workbench database.",
                hint="Nothing was changed. Choose another file with --db.")
    if db.read_only:
        raise errors.ReadOnlyDatabase(
            "This database was made by an older version and needs an update, "
            "but the file is read-only.")
    if revision is not None and db.path is not None:
        from workbench.storage.backup import backup_before_migration

        saved = backup_before_migration(db.path, revision)
        log.info("backed up %s to %s before migrating from %s", db.path, saved, revision)
    upgrade(db)
