"""The benchmark territory on a PostgreSQL server: `python -m benchmarks --db URL`.

The generated SQLite territory (the same rows, the same seed) is copied into the
server's database once (COPY, table by table, in foreign-key order); a marker table
holds the copied file's digest, so a second run on the same server starts measuring
at once. The database named by the URL is emptied first: give the benchmarks a
database of their own.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from sqlalchemy import text

SERVER_ENV = "WORKBENCH_BENCH_SERVER"
MARKER = "benchmark_copy_of"


def server_url() -> str | None:
    return os.environ.get(SERVER_ENV) or None


def load(url: str, territory: Path) -> str:
    """Copy `territory` into the server database `url` unless it holds it already."""
    from benchmarks import generate
    from workbench.storage.database import open_database
    from workbench.storage.models import Base

    digest = generate.digest(territory)
    db = open_database(url)
    try:
        with db.engine.begin() as conn:
            conn.execute(text(f"CREATE TABLE IF NOT EXISTS {MARKER} (digest text)"))
            if conn.execute(text(f"SELECT 1 FROM {MARKER} WHERE digest = :d"),
                            {"d": digest}).first():
                return url
        print(f"       copying {territory.name} to the server (once)", file=sys.stderr)
        source = sqlite3.connect(f"file:{territory}?mode=ro", uri=True)
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            tables = [t.name for t in Base.metadata.sorted_tables]
            cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                           + f", {MARKER} RESTART IDENTITY CASCADE")
            # The search indexes are built once at the end (as FTS5's on SQLite): kept
            # up row by row through 300,000 texts they would make the copy several
            # times slower. The vectors themselves are generated columns, filled by COPY.
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                           "current_schema() AND indexdef ILIKE '%USING gin%'")
            search_indexes = cursor.fetchall()
            for name, _definition in search_indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            for table in tables:
                columns = [row[1] for row in source.execute(f'PRAGMA table_info("{table}")')]
                names = ", ".join(f'"{c}"' for c in columns)
                with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in source.execute(f'SELECT {names} FROM "{table}"'):
                        copy.write_row(row)
                if "id" in columns:
                    cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                                   f"coalesce((SELECT max(id) FROM \"{table}\"), 1))")
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _name, definition in search_indexes:
                cursor.execute(definition)
            cursor.execute(f"INSERT INTO {MARKER} VALUES (%s)", (digest,))
            cursor.execute("ANALYZE")
            raw.commit()
        finally:
            raw.close()
            source.close()
    finally:
        db.dispose()
    return url
