"""One round of scheduled refresh: the accounts due, one after another, politely.

Plain Python with a progress callback and a cancel token (the pipeline's own), so the
window's background refresh and `workbench refresh --due` run the same way. Each
account is refreshed by the research pipeline with its usual per-host limits and
robots rules; a cancelled round keeps every account already done, and the next
round starts with those still due (nothing else needs remembering).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from workbench import errors
from workbench.cancel import CancelToken
from workbench.signals.model import RankedSignal
from workbench.signals.store import ranked_signals
from workbench.storage.database import Database
from workbench.storage.models import Signal
from workbench.territory.schedule import RefreshSchedule, due_accounts

log = logging.getLogger("workbench.territory")

Progress = Callable[[int, int, str], None]
# A signal worth a desktop notification scores at least this (a fresh funding round on a
# tier B account does; a three-week-old product launch on tier C does not).
NOTIFY_MIN_SCORE = 50.0


@dataclass
class RefreshRound:
    """What one round did."""

    refreshed: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    cancelled: bool = False
    due: int = 0
    new_signals: list[RankedSignal] = field(default_factory=list)


def _max_signal_id(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.max(Signal.id))) or 0)


def refresh_due(db: Database, progress: Progress | None = None, cancel: CancelToken | None = None,
                *, schedule: RefreshSchedule | None = None, now: datetime | None = None,
                refresh: Callable[..., Any] | None = None,
                articles: int | None = None) -> RefreshRound:
    """Refresh every account due on the schedule; returns what was done and the new signals.

    `articles`: the rep's budget of new stories per account whose article text is read
    (None: research's default)."""
    if refresh is None:
        from workbench.research.pipeline import refresh as pipeline_refresh

        refresh = pipeline_refresh
    cancel = cancel or CancelToken()
    result = RefreshRound()
    due = due_accounts(db, schedule, now)
    result.due = len(due)
    before = _max_signal_id(db)

    def report(done: int, message: str) -> None:
        if progress is not None:
            progress(done, len(due), message)

    for done, account in enumerate(due):
        if cancel.cancelled:
            result.cancelled = True
            break
        report(done, f"Refreshing {account.name} ({done + 1} of {len(due)})")
        try:
            summary = (refresh(db, account.account_id, cancel=cancel) if articles is None
                       else refresh(db, account.account_id, cancel=cancel, articles=articles))
        except errors.KnownError as exc:
            result.failed.append((account.account_id, str(exc)))
            continue
        if getattr(summary, "cancelled", False):
            result.cancelled = True
            break
        if getattr(summary, "home_captured", False):
            result.refreshed.append(account.account_id)
        else:
            problems = getattr(summary, "errors", []) or [{"error": "no answer"}]
            result.failed.append((account.account_id, problems[0].get("error", "")))
    else:
        report(len(due), "Refresh done")
    result.new_signals = ranked_signals(db, now=now, after_id=before)
    return result


def to_notify(new_signals: list[RankedSignal], sent_today: int, per_day: int,
              min_score: float = NOTIFY_MIN_SCORE) -> list[RankedSignal]:
    """The new signals worth a notification, best first, within what is left of the day's
    allowance ("never more than a few a day unless asked")."""
    room = max(0, per_day - sent_today)
    return [r for r in new_signals if r.score >= min_score][:room]


def notification_day(now: datetime | None = None) -> date:
    return (now or datetime.now().astimezone()).date()
