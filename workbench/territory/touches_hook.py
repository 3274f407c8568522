"""The hook through which Today shows the day's prospecting touches, when campaigns exist.

Campaigns (cadences, enrolments, touches) are built elsewhere; this module knows
nothing of their tables. It asks the provider named by `TOUCH_QUEUE_PROVIDER` (a
function `touches_due(db, day) -> Iterable[object]` whose items carry the fields of
`TouchDue`) and shows nothing when that module, its tables or its rows do not exist.
"""

from __future__ import annotations

import importlib
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


def _provider(spec: str) -> Callable[[Database, date], Iterable[Any]] | None:
    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    found = getattr(module, attr, None)
    return found if callable(found) else None


def _field(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def touches_due_today(db: Database, day: date, provider: str = TOUCH_QUEUE_PROVIDER,
                      limit: int = 50) -> list[TouchDue]:
    """The touches due on `day`; empty when there are no campaigns (module, tables or rows)."""
    queue = _provider(provider)
    if queue is None:
        return []
    try:
        items = list(queue(db, day))[:limit]
    except (OperationalError, ProgrammingError):
        return []  # the campaigns tables are not in this database (yet)
    touches = []
    for item in items:
        try:
            touches.append(TouchDue(
                int(_field(item, "account_id")), str(_field(item, "account_name", "")),
                str(_field(item, "person", "")), str(_field(item, "channel", "")),
                str(_field(item, "step", "") or ""), _field(item, "stakeholder_id"),
                _field(item, "touch_id") or _field(item, "id")))
        except (TypeError, ValueError):
            log.warning("a due touch without an account was left out of Today: %r", item)
    return touches
