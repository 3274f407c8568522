"""The demo account: a fictional company with a full workspace, for a first look offline."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from workbench import paths
from workbench.storage.database import Database
from workbench.storage.models import Account
from workbench.transfer import import_dossier

DEMO_FILE = "harbor-lane.json"
_DATE_KEYS = ("captured_at", "published_at", "scheduled_at", "last_researched_at", "at",
              "occurred_at", "first_seen_at")
# Calendar days (campaign dates are days, not times).
_DAY_KEYS = ("last_contact", "start_date", "due_date", "out_of_office_until", "paused_on")


def _shift(node: Any, offset: timedelta) -> Any:
    """Move every date by `offset` so the demo's planned call is always ahead of today."""
    if isinstance(node, list):
        return [_shift(item, offset) for item in node]
    if not isinstance(node, dict):
        return node
    shifted = {}
    for key, value in node.items():
        if key in _DATE_KEYS and value:
            value = (datetime.fromisoformat(value) + offset).isoformat()
        elif key in _DAY_KEYS and value:
            value = (date.fromisoformat(value) + offset).isoformat()
        else:
            value = _shift(value, offset)
        shifted[key] = value
    return shifted


def demo_dossier(today: datetime | None = None) -> dict[str, Any]:
    raw = json.loads((paths.resources_dir() / "demo" / DEMO_FILE).read_text(encoding="utf-8"))
    reference = datetime.fromisoformat(raw.pop("demo_reference"))
    today = today or datetime.now(UTC)
    offset = timedelta(days=(today.date() - reference.date()).days)
    return _shift(raw, offset)


def load_demo(db: Database) -> int:
    """Add the demo account (or return the existing one's id)."""
    data = demo_dossier()
    with db.session() as session:
        existing = session.scalar(select(Account.id).where(Account.name == data["account"]["name"]))
    if existing is not None:
        return existing
    account_id = import_dossier(db, data)
    # Signals from the demo's tagged news and its leadership page's two captures, made
    # the way research makes them, so a new user sees what signals are.
    from workbench.signals.produce import produce_signals

    produce_signals(db, account_id)
    return account_id
