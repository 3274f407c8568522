"""The hook through which Today shows the day's prospecting touches, when campaigns exist.

Campaigns (cadences, enrolments, touches) are built elsewhere; this module knows
nothing of their tables. It asks the provider named by `TOUCH_QUEUE_PROVIDER` (a
function `touches_due(db, day) -> Iterable[object]` whose items carry the fields of
`TouchDue`; the campaigns' own `DueTouch` names them `person_name`, `title`,
`planned_touch_id`) and shows nothing when that module, its tables or its rows do not
exist. The provider's order is kept: the campaigns queue gives overdue touches first,
then by channel, account and person. Touches that new signals propose (not yet
accepted) follow, marked `proposed`.

Today shows the head of the queue, not its thousands: from the campaigns' own queue,
`queue_head` (`TOUCH_HEAD_PROVIDER`) reads only the first rows, in the queue's order,
and the number of all, which Today shows with the way to the whole queue.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.exc import OperationalError, ProgrammingError

from workbench.storage.database import Database

log = logging.getLogger("workbench.territory")

# "module:function" of the day's touch queue, once prospecting campaigns provide one.
TOUCH_QUEUE_PROVIDER = "workbench.campaigns.queue:touches_due"
# Its head: `queue_head(db, day, limit, scripts=False) -> QueueHead(touches, total)`.
TOUCH_HEAD_PROVIDER = "workbench.campaigns.queue:queue_head"
TOUCHES_SHOWN = 50


@dataclass(frozen=True)
class TouchDue:
    """One touch due today: to whom, on which account, by which channel, and what step."""

    account_id: int
    account_name: str
    person: str
    channel: str
    step: str = ""
    stakeholder_id: int | None = None
    touch_id: int | None = None
    due_date: date | None = None
    overdue_days: int = 0
    proposed_by_signal: int | None = None   # a signal's proposal, waiting for the rep
    evidence: str = ""

    @property
    def when(self) -> str:
        """"proposed", "overdue 3 days" or "" (due today)."""
        if self.proposed_by_signal is not None:
            return "proposed"
        if self.overdue_days:
            return f"overdue {self.overdue_days} day{'s' if self.overdue_days != 1 else ''}"
        return ""


@dataclass(frozen=True)
class TouchesToday:
    """The head of the day's queue (then the proposed touches) and the number due in all."""

    touches: list[TouchDue]
    due_total: int   # touches due in the whole queue; proposals are not counted


def _provider(spec: str) -> Callable[..., Any] | None:
    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    found = getattr(module, attr, None)
    return found if callable(found) else None


def _field(item: Any, name: str, default: Any = None, *also: str) -> Any:
    for key in (name, *also):
        found = item.get(key) if isinstance(item, dict) else getattr(item, key, None)
        if found is not None:
            return found
    return default


def _channel(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


def _proposed(db: Database, limit: int) -> list[TouchDue]:
    """Touches new signals propose, waiting for the rep to accept them (the best `limit`)."""
    try:
        from workbench.signals.proposals import proposals
    except ImportError:
        return []
    found = []
    for p in proposals(db, limit=limit):
        step = p.proposal.summary + f" “{p.proposal.evidence.strip()}”"
        found.append(TouchDue(p.proposal.account_id, p.account_name,
                              ", ".join(p.proposal.person_names),
                              _channel(p.proposal.channel), step,
                              p.proposal.stakeholder_ids[0] if p.proposal.stakeholder_ids
                              else None, None, p.proposal.due_date, 0, p.signal_id,
                              p.proposal.evidence))
    return found


def _due(queue: Callable[..., Iterable[Any]], db: Database, day: date) -> Iterable[Any]:
    """The provider's queue without the scripts' text where it can leave them out: Today
    shows who, how and which step, and the texts are most of what a queue reads."""
    try:
        takes_scripts = "scripts" in inspect.signature(queue).parameters
    except (TypeError, ValueError):  # a callable without a signature to read
        takes_scripts = False
    return queue(db, day, scripts=False) if takes_scripts else queue(db, day)


def _head(db: Database, day: date, provider: str, limit: int) -> tuple[list[Any], int]:
    """The first `limit` items of the provider's queue, and how many it holds."""
    if provider == TOUCH_QUEUE_PROVIDER:
        head = _provider(TOUCH_HEAD_PROVIDER)
        if head is not None:
            found = head(db, day, limit, scripts=False)
            return list(found.touches), int(found.total)
    queue = _provider(provider)
    if queue is None:
        return [], 0
    items = list(_due(queue, db, day))
    return items[:limit], len(items)


def touches_today(db: Database, day: date, provider: str = TOUCH_QUEUE_PROVIDER,
                  limit: int | None = None) -> TouchesToday:
    """The first `limit` (default `TOUCHES_SHOWN`) touches due on `day` and the number of
    all; nothing when there are no campaigns (module, tables or rows)."""
    limit = limit or TOUCHES_SHOWN
    if _provider(provider) is None:
        return TouchesToday([], 0)
    try:
        items, total = _head(db, day, provider, limit)
        proposed = _proposed(db, limit) if provider == TOUCH_QUEUE_PROVIDER else []
    except (OperationalError, ProgrammingError):
        return TouchesToday([], 0)  # the campaigns tables are not in this database (yet)
    touches = []
    for item in items:
        try:
            due = _field(item, "due_date")
            touches.append(TouchDue(
                int(_field(item, "account_id")), str(_field(item, "account_name", "")),
                str(_field(item, "person", "", "person_name")),
                _channel(_field(item, "channel", "")),
                str(_field(item, "step", "", "title") or ""), _field(item, "stakeholder_id"),
                _field(item, "touch_id", None, "planned_touch_id", "id"),
                due if isinstance(due, date) else None,
                max(0, (day - due).days) if isinstance(due, date) else 0))
        except (TypeError, ValueError):
            total -= 1
            log.warning("a due touch without an account was left out of Today: %r", item)
    return TouchesToday(touches + proposed, total)


def touches_due_today(db: Database, day: date, provider: str = TOUCH_QUEUE_PROVIDER,
                      limit: int | None = None) -> list[TouchDue]:
    """The first touches due on `day` (see `touches_today`), then the proposed ones."""
    return touches_today(db, day, provider, limit).touches
