"""What `workbench accounts show` says of an account besides its fields: what it holds,
its next call and its chosen facts, read one of two ways.

On a SQLite file of the current schema the plain sqlite3 read (`plain_read`) is used,
which imports neither SQLAlchemy nor lxml; on anything else the ORM road
(`overview.load_overview`, `prep.calls`). Both choose the next call with
`prep.next_call` and the facts with `research.fact_choice_rules`, so both print the
same summary (a test compares them).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from workbench.prep.next_call import next_call

if TYPE_CHECKING:
    from workbench.storage.database import Database


class NextCall(NamedTuple):
    id: int
    scheduled_at: datetime | None
    label: str
    objective: str


class Summary(NamedTuple):
    """The counts, the next call (None without calls) and the facts as shown: (kind, value)."""

    pages: int
    news: int
    stakeholders: int
    calls: int
    next_call: NextCall | None
    facts: tuple[tuple[str, str], ...]


def read_plain(conn: sqlite3.Connection, account_id: int) -> Summary:
    """The summary through plain sqlite3 (`conn` from `plain_read.open_current`)."""
    from workbench.call_kinds import CallKind
    from workbench.research.fact_choice_rules import choose_from_rows
    from workbench.storage import plain_read

    held = plain_read.account_holdings(conn, account_id)
    found = next_call(plain_read.account_calls(conn, account_id))
    facts = choose_from_rows(*plain_read.fact_rows(conn, account_id))
    return Summary(
        held.pages, held.news, held.stakeholders, held.calls,
        None if found is None else NextCall(found.id, found.scheduled_at,
                                            CallKind(found.kind).label, found.objective),
        tuple((f.kind, f.value) for f in facts))


def read_orm(db: Database, account_id: int) -> Summary:
    """The summary through the ORM, on any database `open_database` opens."""
    from workbench.overview import load_overview
    from workbench.prep import calls

    overview = load_overview(db, account_id)
    found = next_call(calls.list_calls(db, account_id))
    return Summary(
        overview.pages, overview.news, overview.stakeholders, overview.calls,
        None if found is None else NextCall(found.id, found.scheduled_at, found.kind.label,
                                            found.objective),
        tuple((f.kind, f.value) for f in overview.facts))
