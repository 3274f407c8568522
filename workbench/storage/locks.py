"""Short locks that make two writers on a shared server take turns where a rule spans rows.

A rule such as "no reporting loop" reads several rows and then writes one; two reps
doing it at the same moment on PostgreSQL would both read the old rows. A
transaction-scoped advisory lock per account makes the second wait for the first to
commit (never longer: it is released with the transaction). SQLite needs none: it
has one writer at a time, and a writer that read before another's commit is refused
("busy") rather than allowed to write on stale reads.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

# The first key of the two-key advisory lock: which kind of object the second names.
ACCOUNT_LOCK_SPACE = 1_515_001


def serialise_account(session: Session, account_id: int) -> None:
    """Hold the account's write lock until this transaction ends (PostgreSQL only)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:space, :id)"),
                        {"space": ACCOUNT_LOCK_SPACE, "id": int(account_id)})
