"""A real PostgreSQL server for the tests: a fresh database per test, copied from a migrated template.

`.ci/run` starts a server and sets WORKBENCH_TEST_POSTGRES_URL to a role that may create
databases (`postgresql://user:password@127.0.0.1:port/postgres`). Without it the tests
run on SQLite only. Copying a template (PostgreSQL's `CREATE DATABASE ... TEMPLATE`) is
about three times quicker than migrating each new database.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import make_url

POSTGRES_ENV = "WORKBENCH_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")


def admin_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def backends() -> list[str]:
    """The backends the `db` fixture runs on: SQLite always, PostgreSQL when a server is given."""
    return list(BACKENDS) if admin_url() else ["sqlite"]


def database_url(name: str) -> str:
    """The admin URL pointed at database `name`, in the program's own driver form."""
    url = make_url(admin_url() or "")
    return url.set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False)


def _admin_connection():  # type: ignore[no-untyped-def]
    import psycopg

    url = make_url(admin_url() or "")
    return psycopg.connect(host=url.host, port=url.port, user=url.username,
                           password=url.password, dbname=url.database or "postgres",
                           autocommit=True)


class Server:
    """Makes and drops the test databases on the server named by WORKBENCH_TEST_POSTGRES_URL."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self._prefix = f"wbtest_{os.getpid()}"
        self.template = f"{self._prefix}_template"
        self._template_ready = False

    def _make_template(self) -> None:
        from workbench.storage.database import open_database

        with _admin_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{self.template}"')
        db = open_database(database_url(self.template))
        db.dispose()
        self._template_ready = True

    def create(self, *, migrated: bool = True, name: str | None = None,
               template: str | None = None) -> str:
        """A new database (the current schema, or empty) and its URL.

        `template` names another database of this server to copy instead of the
        migrated template (one a test module filled once, say); `name` replaces
        the database of that name, if any.
        """
        name = name or f"{self._prefix}_{next(self._counter)}"
        if template is None and migrated and not self._template_ready:
            self._make_template()
        source = template or (self.template if migrated else None)
        import psycopg

        for attempt in range(20):
            try:
                with _admin_connection() as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                    conn.execute(f'CREATE DATABASE "{name}"' + (
                        f' TEMPLATE "{source}" STRATEGY WAL_LOG' if source else ""))
                break
            except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
                # The template's last connection is still closing on the server, or a
                # server process of another role (autovacuum after a copy) is on the
                # database being replaced; either leaves within moments.
                if attempt == 19:
                    raise
                time.sleep(0.1)
        return database_url(name)

    def drop(self, url: str) -> None:
        import psycopg

        name = make_url(url).database
        for _attempt in range(50):
            try:
                with _admin_connection() as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
                # A server process of another role (autovacuum, say) is still on it;
                # it leaves within moments.
                time.sleep(0.1)
        # Still busy after 5 s: leave it; the next run's names are different.

    def close(self) -> None:
        if self._template_ready:
            with _admin_connection() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')

    @contextmanager
    def database(self, *, migrated: bool = True) -> Iterator[str]:
        url = self.create(migrated=migrated)
        try:
            yield url
        finally:
            self.drop(url)


def terminate_connections(url: str) -> int:
    """Cut every connection to the database of `url`, as a server restart does to clients."""
    name = make_url(url).database
    with _admin_connection() as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()", (name,)).fetchall()
    return len(rows)
