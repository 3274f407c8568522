"""Fixtures for the safety tests: a migrated empty database to copy instead of migrating anew."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench.storage.database import open_database


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated, closed database file (migrating takes a few hundred ms)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_database(path).dispose()
    return path


@pytest.fixture
def fresh_db_file(tmp_path: Path, migrated_template: Path) -> Path:
    """A new empty workbench database file, copied from the template (no one has it open)."""
    path = tmp_path / "fresh.sqlite3"
    shutil.copyfile(migrated_template, path)
    return path
