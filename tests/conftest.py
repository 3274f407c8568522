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
CORPORA = Path(os.environ.get("WORKBENCH_CORPORA") or SHARED / "corpora")


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


@pytest.fixture(autouse=True)
def no_threads_left_running() -> Iterator[None]:
    """Fail a test that leaves a worker thread running (the program's pools are not
    daemon threads; the fixture servers' connection threads are, and may linger)."""
    import threading
    import time

    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 5
    while True:
        left = [t for t in threading.enumerate()
                if t not in before and t.is_alive() and not t.daemon]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not left, f"threads still running after the test: {[t.name for t in left]}"
