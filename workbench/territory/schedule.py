"""The refresh schedule: how often each tier's accounts are researched again, and which are due.

Kept in `refresh_schedule.json` in the config folder so the window (where the rep
sets it) and `workbench refresh --due` (a cron job or systemd timer) agree.
Background refresh in the window is off until the rep turns it on. Nothing else is
stored: an account is due when its last research is older than its tier's interval,
so a refresh interrupted by closing the program resumes with the accounts still due.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from workbench import paths
from workbench.files import write_atomically
from workbench.storage.database import Database
from workbench.storage.models import Account, utcnow

log = logging.getLogger("workbench.territory")

SCHEDULE_FILENAME = "refresh_schedule.json"
DEFAULT_DAYS = {"A": 1, "B": 7, "C": 30}


@dataclass
class RefreshSchedule:
    """Days between refreshes per tier (0 = never); `enabled` turns on refresh in the window."""

    days: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_DAYS))
    enabled: bool = False
    # New high-ranked signals announced by a desktop notification, at most this many a day.
    notify_per_day: int = 3


def schedule_path() -> Path:
    return paths.config_dir() / SCHEDULE_FILENAME


def load_schedule(path: Path | None = None) -> RefreshSchedule:
    file = path or schedule_path()
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return RefreshSchedule()
    except (OSError, ValueError) as exc:
        log.warning("ignoring %s: %s", file, exc)
        return RefreshSchedule()
    days = dict(DEFAULT_DAYS)
    for tier, value in (raw.get("days") or {}).items():
        if tier in days and isinstance(value, int) and 0 <= value <= 365:
            days[tier] = value
    notify = raw.get("notify_per_day", 3)
    return RefreshSchedule(days, bool(raw.get("enabled", False)),
                           notify if isinstance(notify, int) and 0 <= notify <= 50 else 3)


def save_schedule(schedule: RefreshSchedule, path: Path | None = None) -> None:
    file = path or schedule_path()
    file.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(file, json.dumps({"days": schedule.days, "enabled": schedule.enabled,
                                       "notify_per_day": schedule.notify_per_day},
                                      indent=2).encode("utf-8"))


@dataclass(frozen=True)
class DueAccount:
    account_id: int
    name: str
    tier: str
    last_researched_at: datetime | None


def due_accounts(db: Database, schedule: RefreshSchedule | None = None,
                 now: datetime | None = None) -> list[DueAccount]:
    """Accounts with a website whose tier's interval has passed since their last research,
    tier A first, the longest-waiting first."""
    schedule = schedule or load_schedule()
    now = now or utcnow()
    with db.session() as session:
        rows = session.execute(select(Account.id, Account.name, Account.tier,
                                      Account.last_researched_at)
                               .where(Account.website != "")).all()
    due = []
    for account_id, name, tier, last in rows:
        tier_value = str(getattr(tier, "value", tier))
        days = schedule.days.get(tier_value, 0)
        if days <= 0:
            continue
        # A little slack, so a daily job at 8:00 is not skipped for a run at 8:05 yesterday.
        if last is None or now - last >= timedelta(days=days) - timedelta(hours=1):
            due.append(DueAccount(account_id, name, tier_value, last))
    epoch = datetime.min.replace(tzinfo=now.tzinfo)
    due.sort(key=lambda d: (d.tier, d.last_researched_at or epoch, d.account_id))
    return due
