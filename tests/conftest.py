"""Shared fixtures: offscreen Qt, a private home for data/config/logs, a fresh database."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

# Before anything imports Qt: no display is needed or used.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.memory_temp import use_memory_for_tmp_path  # noqa: E402

# Before any tmp_path is made (and before the parallel run's workers start).
use_memory_for_tmp_path()

# The run keeps compiled modules (__pycache__, ignored by git) even where the shell asks
# Python not to write them (PYTHONDONTWRITEBYTECODE): each parallel worker compiles every
# test and program module again otherwise (collection 13.6 s of CPU against 5.2 s), and so
# does each program a test starts (the CLI, the reader processes, the writers).
if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
    import sys

    sys.dont_write_bytecode = False

from tests import postgres  # noqa: E402
from workbench.storage.database import Database, open_database  # noqa: E402

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPORA = Path(os.environ.get("WORKBENCH_CORPORA") or SHARED / "corpora")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (pyproject's addopts): two workers a core. A test spends about half its
    time waiting (fixture servers, the PostgreSQL server, child processes, deadlines
    being kept), so one worker a core leaves the cores half idle."""
    return 2 * len(os.sched_getaffinity(0))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In a parallel run, hand out the heaviest test files first.

    `--dist loadfile` gives each worker a whole file and, by default, hands the files out
    by their number of tests, most first; a file of two long tests (a whole research run
    twice over, a thousand hypothesis examples) then started last and ran alone for a
    minute or more after every other worker had finished. A file's weight here is its
    number of `slow` and `corpus` tests, then its number of tests; pyproject's
    `--no-loadscope-reorder` makes the workers take the files in this order.
    """
    if not hasattr(config, "workerinput"):  # one process: the usual order
        return
    from collections import Counter

    def file_of(item: pytest.Item) -> str:
        return item.nodeid.split("::", 1)[0]

    heavy: Counter[str] = Counter()
    count: Counter[str] = Counter()
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        file = file_of(item)
        first.setdefault(file, index)
        count[file] += 1
        if item.get_closest_marker("slow") or item.get_closest_marker("corpus"):
            heavy[file] += 1
    # A stable sort by file: each file's tests stay together and in their own order.
    items.sort(key=lambda item: (-heavy[file_of(item)], -count[file_of(item)],
                                 first[file_of(item)]))


def home_environment(home: Path) -> dict[str, str]:
    """The variables that put the program's data, config and log folders in `home`
    (and WORKBENCH_DB, which names another database, is removed beside them)."""
    return {"WORKBENCH_HOME": str(home), "XDG_CONFIG_HOME": str(home / "xdg-config")}


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the data, config and log folders at a temp dir: no test touches real files."""
    home = tmp_path_factory.mktemp("home")
    for name, value in home_environment(home).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated, closed database file, made once per session.

    Migrating a new file costs a few hundred ms; copying this one costs about one.
    """
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    open_database(path).dispose()
    assert not path.with_name(path.name + "-wal").exists(), "the template must be one file"
    return path


@pytest.fixture
def migrated_copy(migrated_template: Path) -> Callable[[Path], Path]:
    """`migrated_copy(path)` puts a new empty database at `path` (a copy of the template:
    what `open_database` makes of a new file, without migrating again) and returns `path`.
    For a test whose subject is not the migration of a new file."""
    def copy(path: Path) -> Path:
        shutil.copyfile(migrated_template, path)
        return path
    return copy


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.Server]:
    """The PostgreSQL server of WORKBENCH_TEST_POSTGRES_URL (skips where none is given)."""
    if not postgres.admin_url():
        pytest.skip(f"no PostgreSQL server given ({postgres.POSTGRES_ENV} is not set)")
    server = postgres.Server()
    yield server
    server.close()


@pytest.fixture(params=postgres.backends())
def db_target(request: pytest.FixtureRequest, db_path: Path) -> Iterator[str | Path]:
    """What `--db` would be given: a SQLite file, or a fresh database on the test server.

    A test that is about the SQLite file itself says so with
    `@pytest.mark.sqlite_only("why")` and runs on SQLite only.
    """
    if request.param == "sqlite":
        yield db_path
        return
    marker = request.node.get_closest_marker("sqlite_only")
    if marker is not None:
        pytest.skip(f"SQLite only: {marker.args[0] if marker.args else marker.kwargs['reason']}")
    server: postgres.Server = request.getfixturevalue("postgres_server")
    with server.database() as url:
        yield url


@pytest.fixture
def db(db_target: str | Path, migrated_template: Path) -> Iterator[Database]:
    """A new empty database: on SQLite a copy of the migrated template at `db_path`,
    on PostgreSQL a fresh database of the test server."""
    if isinstance(db_target, Path):
        shutil.copyfile(migrated_template, db_target)
    database = open_database(db_target)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def demo_sources(tmp_path_factory: pytest.TempPathFactory,
                 migrated_template: Path) -> Iterator[dict[tuple[str, date], tuple[str | Path, int]]]:
    """Databases the demo account was loaded into, one per backend and day (the demo's
    dates follow today), made when first asked for by `demo_copy`; dropped at the end."""
    made: dict[tuple[str, date], tuple[str | Path, int]] = {}
    yield made
    servers = [target for target, _ in made.values() if isinstance(target, str)]
    if servers:
        server = postgres.Server()
        for url in servers:
            server.drop(url)


@pytest.fixture
def demo_copy(request: pytest.FixtureRequest, demo_sources: dict[tuple[str, date], tuple[str | Path, int]],
              migrated_template: Path, tmp_path_factory: pytest.TempPathFactory
              ) -> Callable[[Database], int]:
    """`demo_copy(db)` does what `load_demo(db)` does to the test's new, empty `db` (and
    returns the account's id), by copying a database the demo was loaded into once: the
    demo is over a thousand rows, a second or more on PostgreSQL."""
    from workbench.demo import load_demo

    def copy(db: Database) -> int:
        backend = "sqlite" if db.path is not None else "postgresql"
        key = (backend, datetime.now(UTC).date())
        if key not in demo_sources:
            if backend == "sqlite":
                source: str | Path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
                shutil.copyfile(migrated_template, source)
            else:
                source = request.getfixturevalue("postgres_server").create()
            filled = open_database(source)
            try:
                demo_sources[key] = (source, load_demo(filled))
            finally:
                filled.dispose()
        source, account_id = demo_sources[key]
        # The engine lets go of its connections and opens new ones on its next use, on
        # the copy that now stands where the empty database was.
        db.engine.dispose()
        if isinstance(source, Path):
            assert db.path is not None
            for leftover in (db.path.with_name(db.path.name + "-wal"),
                             db.path.with_name(db.path.name + "-shm")):
                leftover.unlink(missing_ok=True)
            shutil.copyfile(source, db.path)
        else:
            server: postgres.Server = request.getfixturevalue("postgres_server")
            server.create(name=db.engine.url.database, template=make_url(source).database)
        return account_id

    return copy


def corpora_dir(*parts: str) -> Path:
    """A folder of the shared real-world corpora; skips the test where it is absent."""
    folder = CORPORA.joinpath(*parts)
    if not folder.exists():
        pytest.skip(f"the shared corpora are not beside this checkout ({folder})")
    return folder


@pytest.fixture(autouse=True)
def no_threads_left_running() -> Iterator[None]:
    """Fail a test that leaves a worker thread running (the program's pools are not
    daemon threads; the fixture servers' connection threads are, and may linger). The
    research's reader processes live as long as the program; a test ends them first."""
    import sys
    import threading
    import time

    before = set(threading.enumerate())
    yield
    if "workbench.research.reader_pool" in sys.modules:
        sys.modules["workbench.research.reader_pool"].shutdown()
    deadline = time.monotonic() + 5
    while True:
        left = [t for t in threading.enumerate()
                if t not in before and t.is_alive() and not t.daemon]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not left, f"threads still running after the test: {[t.name for t in left]}"
