"""Trying a unit of work again when another writer got there first.

Two reps (or two processes) researching the same site insert the same source or
story at the same moment: one of them meets a unique index, or PostgreSQL breaks a
deadlock by failing one transaction, or SQLite says it is busy, or a server restart
cuts the connection mid-unit. None of these is an
error of the data: the unit is rolled back whole, so it is run again from the start,
re-reading what the other writer stored. After a few tries the error goes up as it is.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError

from workbench import errors

log = logging.getLogger("workbench.storage")

T = TypeVar("T")
ATTEMPTS = 8


def is_unique_violation(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) == "23505":
        return True
    return "unique constraint failed" in str(orig).lower()


def is_retryable(exc: BaseException) -> bool:
    # A connection cut mid-unit (a server restart) rolled the unit back whole; the
    # pool's pre-ping gives the next try a fresh connection. A server that stays
    # down fails every try and its plain message goes up after a couple of seconds.
    if isinstance(exc, errors.WriteConflict | errors.DatabaseLocked | errors.ServerUnreachable):
        return True
    return isinstance(exc, IntegrityError) and is_unique_violation(exc)


def with_retries(unit: Callable[[], T], *, what: str, attempts: int = ATTEMPTS) -> T:
    """`unit()` (which opens its own session), run again after a write conflict."""
    for attempt in range(1, attempts + 1):
        try:
            return unit()
        except Exception as exc:
            if attempt == attempts or not is_retryable(exc):
                raise
            log.info("%s: conflict with another writer (%s); trying again (%d)",
                     what, type(exc).__name__, attempt)
            # Spread out, so writers that collided do not collide again in step.
            time.sleep(min(0.4, 0.01 * 2 ** attempt) * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")
