"""Shared fixtures: offscreen Qt, a private home for data/config/logs, a fresh database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: no display is needed or used.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from workbench.storage.database import Database, open_database  # noqa: E402

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPORA = SHARED / "corpora"


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the data, config and log folders at a temp dir: no test touches real files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.dispose()


def corpora_dir(*parts: str) -> Path:
    """A folder of the shared real-world corpora; skips the test where it is absent."""
    folder = CORPORA.joinpath(*parts)
    if not folder.exists():
        pytest.skip(f"the shared corpora are not beside this checkout ({folder})")
    return folder
