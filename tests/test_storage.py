"""Opening files: migrations, pragmas, backups before a migration, files that are not ours."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.helpers import read_only_folder
from workbench import accounts, errors
from workbench.storage import schema
from workbench.storage.database import open_database


def test_head_revision_constant_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(schema.alembic_config())
    assert script.get_current_head() == schema.HEAD_REVISION


def test_models_and_migrations_agree(db_path: Path) -> None:
    """A file built by the migrations has exactly the tables and columns of the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from workbench.storage.models import Base

    db = open_database(db_path)
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"include_name": schema.include_name}),
            Base.metadata)
    db.dispose()
    assert diff == []


@pytest.mark.sqlite_only("the pragmas are SQLite's")
def test_pragmas_are_set_on_every_connection(db) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_a_file_at_the_first_revision_upgrades_and_is_backed_up_first(db_path: Path) -> None:
    db = open_database(db_path, migrate=False)
    schema.upgrade(db, "0001")
    accounts.create_account(db, "Old Co", "old.example")
    with db.engine.begin() as conn:  # pretend the file predates the newest migration
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    db.dispose()
    if schema.HEAD_REVISION == "0001":
        pytest.skip("only one revision so far")
    again = open_database(db_path)
    assert accounts.find_account(again, "old.example").name == "Old Co"
    backups = list((db_path.parent / "backups").glob("*before-migration-0001*.sqlite3"))
    assert len(backups) == 1
    again.dispose()


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_bytes(b"Dear diary, " * 100)
    with pytest.raises(errors.CorruptDatabase, match="not a workbench database"):
        open_database(bogus)
    assert bogus.read_bytes() == b"Dear diary, " * 100


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    before = other.read_bytes()
    with pytest.raises(errors.CorruptDatabase, match="not a workbench database"):
        open_database(other)
    assert other.read_bytes() == before


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(errors.InvalidInput, match="folder"):
        open_database(tmp_path)


def test_a_read_only_location_gets_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only_folder(folder):
        with pytest.raises(errors.ReadOnlyDatabase, match="read-only"):
            open_database(folder / "new.sqlite3")
    assert not (folder / "new.sqlite3").exists()


def test_a_sqlalchemy_url_is_accepted(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'by-url.sqlite3'}")
    accounts.create_account(db, "Via URL")
    assert [r.name for r in accounts.list_accounts(db)] == ["Via URL"]
    db.dispose()
