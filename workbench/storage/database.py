"""Opening a database: the URL, the SQLite pragmas, migrations on open, one session scope.

`open_database()` is the one way in. It accepts nothing (the default file in the
user's data folder), a file path, or a full SQLAlchemy URL (so a team can point
the same program at PostgreSQL). A SQLite file is checked before use, backed up
before a migration, and migrated to the newest schema.
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from workbench import errors, paths

log = logging.getLogger("workbench.storage")

BUSY_TIMEOUT_MS = 5000
# Lets a user (or a test) wait longer or shorter for another window's write.
BUSY_TIMEOUT_ENV = "WORKBENCH_BUSY_TIMEOUT_MS"
SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass
class Database:
    """An open database: its engine, a session factory and, for SQLite, its file."""

    engine: Engine
    sessions: sessionmaker[Session]
    path: Path | None
    read_only: bool = False

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error.

        Environment errors (locked, full, read-only, damaged) come out as
        `errors.DatabaseError` subclasses with a plain message.
        """
        session = self.sessions()
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            raise translate_error(exc, self.path) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def resolve_url(target: str | os.PathLike[str] | None) -> tuple[str, Path | None]:
    """Turn `--db` (nothing, a path or a URL) into a SQLAlchemy URL and the file path."""
    if target is None:
        target = os.environ.get(paths.DB_ENV) or paths.default_database_path()
    target_str = os.fspath(target)
    if "://" in target_str:
        if target_str.startswith("sqlite:///") and target_str != "sqlite:///:memory:":
            return target_str, Path(target_str.removeprefix("sqlite:///"))
        return target_str, None
    path = Path(target_str).expanduser().resolve()
    return f"sqlite:///{path}", path


def busy_timeout_ms(override: int | None = None) -> int:
    """How long a writer waits for another writer before saying the file is busy."""
    if override is not None:
        return max(0, int(override))
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "")
    return max(0, int(raw)) if raw.strip().isdigit() else BUSY_TIMEOUT_MS


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any, *,
                        timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
        # FULL, not NORMAL: in WAL mode NORMAL may lose the last confirmed edits on a
        # power cut. Edits come at typing speed, so one fsync per commit is cheap.
        cursor.execute("PRAGMA synchronous=FULL")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError:
                # A read-only folder cannot hold the WAL files; plain journaling still reads.
                log.info("cannot switch to WAL; keeping journal mode %s", mode)
    finally:
        cursor.close()


def _folder_writable(folder: Path) -> bool:
    # os.access() says yes to root even where the folder is immutable or on a
    # read-only mount; creating a file is the only honest test.
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".workbench-probe-")
    except OSError:
        return False
    os.close(fd)
    os.unlink(probe)
    return True


def read_only_uri(path: Path) -> str:
    """A SQLite URI that reads `path` without writing a byte of it.

    Reading a WAL database needs its -shm file. Where the folder cannot hold one
    (a read-only mount, an immutable folder) and none exists, `immutable=1` tells
    SQLite that nothing can change the file, which is then true: no one can
    write it in WAL mode without creating the -wal file beside it.
    """
    uri = f"file:{path}?mode=ro"
    if not path.with_name(path.name + "-shm").exists() and not _folder_writable(path.parent):
        uri += "&immutable=1"
    return uri


def check_sqlite_file(path: Path) -> None:
    """Refuse, with a clear message and without writing to it, a file that is not ours."""
    if not path.exists():
        folder = path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise errors.ReadOnlyDatabase(
                f"Cannot create the folder {folder}: {exc.strerror}.") from exc
        if not _folder_writable(folder):
            raise errors.ReadOnlyDatabase(
                f"Cannot create a database in {folder}: the folder is read-only.",
                hint="Choose another location with --db.")
        return
    if path.is_dir():
        raise errors.InvalidInput(f"{path} is a folder, not a database file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise errors.DatabaseError(f"Cannot read {path}: {exc.strerror}.") from exc
    if not header:
        return  # an empty file becomes a new database
    if header != SQLITE_HEADER:
        from workbench.safety.integrity import damaged_header

        raise damaged_header(path, header)
    # Look before the engine's pragmas switch the file to WAL: another program's
    # database must be left byte for byte as it was.
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise translate_error(exc, path) from exc
    if tables and "alembic_version" not in tables:
        raise errors.CorruptDatabase(
            f"{path.name} is a database, but not a workbench database.",
            hint="Nothing was changed. Choose another file with --db.")
    if "alembic_version" in tables:
        _refuse_newer_file(path)


def _refuse_newer_file(path: Path) -> None:
    """A file from a newer version is refused before anything (WAL pragmas, a backup
    before migrating) touches it."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return  # the open reports it
    from workbench.storage.schema import refuse_newer

    refuse_newer(row[0] if row else None, path.name)


def translate_error(exc: BaseException, path: Path | None = None) -> errors.KnownError | BaseException:
    """Map a driver error to the error vocabulary; unknown errors stay as they are (bugs)."""
    message = str(getattr(exc, "orig", exc)).lower()
    where = f" ({path})" if path else ""
    if "database is locked" in message or "database is busy" in message:
        return errors.DatabaseLocked(
            f"The database{where} is busy: another window or program is writing to it.",
            hint="Your last change was not saved. Try again in a moment.")
    if "database or disk is full" in message or "disk is full" in message:
        return errors.DiskFull(
            f"The disk holding the database{where} is full.",
            hint="Your last change was not saved. Free some space and try again.")
    if "readonly" in message or "read-only" in message:
        return errors.ReadOnlyDatabase(
            f"The database{where} is read-only; changes cannot be saved.",
            hint="Your last change was not saved.")
    if "disk i/o error" in message:
        # Also what a write past a file-size limit or a failing disk reports.
        return errors.DatabaseError(
            f"The database{where} could not be written (a disk error).",
            hint="Your last change was not saved. Check the free space and the disk, "
                 "then try again.")
    if "malformed" in message or "corrupt" in message:
        from workbench.safety.integrity import DamagedDatabase

        return DamagedDatabase(path, detail=str(getattr(exc, "orig", exc)))
    if "not a database" in message:
        from workbench.safety.integrity import DamagedDatabase

        return DamagedDatabase(path, detail=str(getattr(exc, "orig", exc)))
    if "unable to open" in message:
        return errors.DatabaseError(f"Cannot open the database{where}.")
    return exc


def create_db_engine(url: str, *, timeout_ms: int | None = None) -> Engine:
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", functools.partial(
            _set_sqlite_pragmas, timeout_ms=busy_timeout_ms(timeout_ms)))
    return engine


def file_is_writable(path: Path) -> bool:
    """Whether `path` can be opened for writing, asked of the file system itself.

    os.access() says yes to root even for an immutable file or a read-only
    mount; opening for writing (without changing a byte) is the honest test.
    """
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return False
    os.close(fd)
    return True


# Up to this size the quick check costs well under 100 ms on a laptop: always do it.
CHECK_ALWAYS_BELOW_BYTES = 64 * 1024 * 1024


def _check_due(path: Path) -> bool:
    try:
        size = path.stat().st_size
    except OSError:
        return False
    if size == 0:
        return False
    if size < CHECK_ALWAYS_BELOW_BYTES:
        return True
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def open_database(target: str | os.PathLike[str] | None = None, *, migrate: bool = True,
                  check: bool = True, busy_timeout: int | None = None) -> Database:
    """Open (creating if needed) and migrate the database named by `target`.

    `check` runs SQLite's quick integrity check on an existing file first, so a
    damaged file is reported (`DamagedDatabase`) before anything writes to it. The
    check reads the whole file, so a large file is checked on open only when its
    last session did not end cleanly (a write-ahead log was left behind); otherwise
    the daily backup, which checks what it copies, finds damage the same day.
    `busy_timeout` (milliseconds) is how long a write waits for another writer.
    """
    url, path = resolve_url(target)
    read_only = False
    if path is not None:
        check_sqlite_file(path)
        from workbench.storage.backup import remove_stale_partials

        remove_stale_partials(path)
        if check and _check_due(path):
            from workbench.safety.integrity import require_intact

            require_intact(path)
        # A file that cannot be written, or that sits in a folder that cannot hold
        # its -wal and -shm companions, opens for reading only (with a banner).
        read_only = path.exists() and not (file_is_writable(path)
                                           and _folder_writable(path.parent))
        if read_only:
            url = f"sqlite:///{read_only_uri(path)}&uri=true"
    engine = create_db_engine(url, timeout_ms=busy_timeout)
    db = Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False),
                  path=path, read_only=read_only)
    try:
        if migrate:
            from workbench.storage import schema

            schema.ensure_current(db)
    except (DBAPIError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise translate_error(exc, path) from exc
    except SQLAlchemyError as exc:
        engine.dispose()
        raise errors.DatabaseError(f"Cannot open the database: {exc}") from exc
    except BaseException:
        engine.dispose()
        raise
    return db


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ) if engine.dialect.name == "sqlite" else text(
            "SELECT 1 FROM information_schema.tables WHERE table_name='alembic_version'"
        )).first()
        if not has_table:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None
