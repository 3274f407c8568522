"""Reading the account list with the standard library's sqlite3, without SQLAlchemy.

Importing SQLAlchemy and the models costs half a second or more, and reading 10,000
accounts through the ORM eight times what the same query costs through sqlite3. The
start-up window and the listing commands (`accounts list`, `accounts show`) only
read, so for a SQLite file on the current schema they take this road; anything else
(another database server, an older or damaged file, a missing one) returns None and
the caller goes the usual way through `open_database`, which migrates, recovers or
explains. The queries mirror `workbench.accounts.list_accounts` and `find_account`, and, for
`accounts show`'s summary, the counts of `workbench.overview`, the calls of
`workbench.prep.calls` and the rows `fact_choice.chosen_facts` chooses from (the choice
itself is the caller's, with the same pure code both roads use). Tests check both roads
give the same rows and print the same summary.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from workbench import paths
from workbench.account_rows import AccountRow

SQLITE_HEADER = b"SQLite format 3\x00"
# As `database.CHECK_ALWAYS_BELOW_BYTES` (a test keeps them equal): a file this small is
# checked on every open, so a damaged one is reported, never read as if whole.
CHECK_ALWAYS_BELOW_BYTES = 64 * 1024 * 1024

_LIST_SQL = """
SELECT a.id, a.name, a.domain, a.tier, a.stage, a.last_researched_at, nc.next_at
FROM account AS a
LEFT OUTER JOIN (SELECT account_id, min(scheduled_at) AS next_at FROM call
                 WHERE scheduled_at >= ? GROUP BY account_id) AS nc
  ON nc.account_id = a.id
"""
ACCOUNT_FIELDS = ("id", "name", "website", "domain", "industry", "tier", "stage",
                  "last_researched_at", "notes")


def sqlite_file(target: str | os.PathLike[str] | None) -> Path | None:
    """The file `--db` names (as `database.resolve_url` reads it), or None for a server URL."""
    if target is None:
        target = os.environ.get(paths.DB_ENV) or paths.default_database_path()
    text = os.fspath(target)
    if "://" in text:
        if text.startswith("sqlite:///") and text != "sqlite:///:memory:":
            return Path(text.removeprefix("sqlite:///"))
        return None
    return Path(text).expanduser().resolve()


def head_revision() -> str:
    from workbench.storage.schema import HEAD_REVISION

    return HEAD_REVISION


def open_current(target: str | os.PathLike[str] | None) -> sqlite3.Connection | None:
    """A read-only connection to `target` if it is a workbench SQLite file on the newest
    schema; None when the full road (`open_database`) must be taken instead."""
    path = sqlite_file(target)
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None
        size = path.stat().st_size
        wal = path.with_name(path.name + "-wal")
        unclean = wal.exists() and wal.stat().st_size > 0
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5.0)
    except (OSError, sqlite3.Error):
        return None
    if unclean and size >= CHECK_ALWAYS_BELOW_BYTES:
        conn.close()  # a large file after an unclean end: open_database checks it whole
        return None
    try:
        # The same gate as open_database: a small file is checked on every open; a
        # damaged one goes the full road, which names the newest good backup.
        if size < CHECK_ALWAYS_BELOW_BYTES and \
                conn.execute("PRAGMA quick_check(1)").fetchone() != ("ok",):
            conn.close()
            return None
        found = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        conn.close()
        return None
    if [row[0] for row in found] != [head_revision()]:
        conn.close()
        return None
    return conn


def _utc(value: Any) -> datetime | None:
    # SQLAlchemy's DateTime stores naive UTC text on SQLite ("2026-11-22 07:04:00.000000").
    if value is None:
        return None
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def _now_text() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def list_account_rows(conn: sqlite3.Connection,
                      account_id: int | None = None) -> list[AccountRow]:
    """What `accounts.list_accounts` returns, ordered by name, case-insensitively."""
    sql = _LIST_SQL
    params: tuple[Any, ...] = (_now_text(),)
    if account_id is not None:
        sql += " WHERE a.id = ?"
        params += (account_id,)
    rows = conn.execute(sql + " ORDER BY lower(a.name)", params).fetchall()
    return [AccountRow(r[0], r[1], r[2] or "", r[3], r[4], _utc(r[5]), _utc(r[6]))
            for r in rows]


def find_account_fields(conn: sqlite3.Connection, ref: str) -> dict[str, Any] | None:
    """The stored fields of the account `ref` names, the way `accounts.find_account`
    matches (id, then domain, then name); None if none or several match."""
    from workbench import errors
    from workbench.urls import domain_of

    columns = ", ".join(ACCOUNT_FIELDS)
    ref = ref.strip()
    if ref.isdigit():
        row = conn.execute(f"SELECT {columns} FROM account WHERE id = ?", (int(ref),)).fetchone()
        if row is not None:
            return _fields(row)
    conditions: list[tuple[str, str]] = []
    try:
        conditions.append(("domain = ?", domain_of(ref)))
    except errors.InvalidInput:
        pass
    conditions.append(("lower(name) = ?", ref.lower()))
    for where, value in conditions:
        found = conn.execute(f"SELECT {columns} FROM account WHERE {where}", (value,)).fetchall()
        if len(found) == 1:
            return _fields(found[0])
    return None


def _fields(row: tuple[Any, ...]) -> dict[str, Any]:
    fields = dict(zip(ACCOUNT_FIELDS, row, strict=True))
    fields["last_researched_at"] = _utc(fields["last_researched_at"])
    return fields


class Holdings(NamedTuple):
    """What an account holds, counted as the Overview counts it."""

    pages: int
    news: int
    stakeholders: int
    calls: int


class PlainCall(NamedTuple):
    """One of an account's calls: what `accounts show` says of its next one."""

    id: int
    scheduled_at: datetime | None
    kind: str
    objective: str


def account_holdings(conn: sqlite3.Connection, account_id: int) -> Holdings:
    """The account's pages, news items, committee members and calls, counted."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM source WHERE account_id = :a AND kind = 'page'),"
        " (SELECT count(*) FROM news_item WHERE account_id = :a),"
        " (SELECT count(*) FROM stakeholder WHERE account_id = :a),"
        " (SELECT count(*) FROM call WHERE account_id = :a)", {"a": account_id}).fetchone()
    return Holdings(*row)


def account_calls(conn: sqlite3.Connection, account_id: int) -> list[PlainCall]:
    """The account's calls, in no particular order (`prep.next_call` orders them)."""
    rows = conn.execute("SELECT id, scheduled_at, kind, objective FROM call WHERE account_id = ?",
                        (account_id,)).fetchall()
    return [PlainCall(r[0], _utc(r[1]), r[2], r[3] or "") for r in rows]


def fact_rows(conn: sqlite3.Connection, account_id: int) -> tuple[
        dict[str, str], dict[str, str], list[tuple[str, str, str, str | None, datetime | None]]]:
    """What the trust order chooses from: the kind of each of the account's pages (by
    URL), the rep's picks (by kind) and its facts as stored, oldest first."""
    page_kinds = dict(conn.execute("SELECT url, page_kind FROM source WHERE account_id = ?",
                                   (account_id,)).fetchall())
    picks = dict(conn.execute("SELECT kind, value FROM fact_pick WHERE account_id = ?",
                              (account_id,)).fetchall())
    facts = [(r[0], r[1], r[2], r[3], _utc(r[4])) for r in conn.execute(
        "SELECT kind, value, source_url, origin, found_at FROM fact WHERE account_id = ?"
        " ORDER BY id", (account_id,))]
    return page_kinds, picks, facts
