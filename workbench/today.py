"""Today: what a rep's day starts with, read from the database in a few queries.

Calls today and this week (with the gaps their sheets still have), new signals ranked,
people on tier A/B accounts not contacted for 30 days, and the touches due today when
prospecting campaigns exist. Qt-free: the Today view, the daily brief and
`workbench today` all read `build_today`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from workbench.signals.model import RankedSignal
from workbench.signals.store import count_signals, ranked_signals
from workbench.storage.database import Database
from workbench.storage.models import (
    Account,
    Call,
    Influence,
    Stakeholder,
    Tier,
    call_attendee,
)
from workbench.territory.touches_hook import TouchDue, touches_today

QUIET_DAYS = 30
SIGNALS_SHOWN = 10
QUIET_SHOWN = 15
_INFLUENCE_ORDER = {"high": 0, "medium": 1, "low": 2}
_QUIET_TIERS = (Tier.A, Tier.B)


@dataclass(frozen=True)
class CallItem:
    """A planned call and what its sheet still lacks."""

    call_id: int
    account_id: int
    account_name: str
    scheduled_at: datetime
    kind: str
    objective: str
    gaps: tuple[str, ...]


@dataclass(frozen=True)
class QuietPerson:
    """Someone on a tier A/B committee nobody has talked to for a while."""

    stakeholder_id: int
    account_id: int
    account_name: str
    tier: str
    name: str
    title: str
    influence: str
    last_contact: date | None


@dataclass
class TodayData:
    """Everything the Today view and the daily brief show."""

    day: date
    calls_today: list[CallItem] = field(default_factory=list)
    calls_week: list[CallItem] = field(default_factory=list)
    signals: list[RankedSignal] = field(default_factory=list)
    signals_total: int = 0
    quiet: list[QuietPerson] = field(default_factory=list)
    quiet_total: int = 0
    touches: list[TouchDue] = field(default_factory=list)  # the queue's head, then proposals
    touches_total: int = 0  # touches due in the whole queue (proposals not counted)

    @property
    def touches_more(self) -> int:
        """Due touches beyond those in `touches`: the whole queue is in Today's touches."""
        shown = sum(1 for t in self.touches if t.proposed_by_signal is None)
        return max(0, self.touches_total - shown)

    @property
    def is_empty(self) -> bool:
        return not (self.calls_today or self.calls_week or self.signals or self.quiet
                    or self.touches)


def has_data(db: Database) -> bool:
    """True once there is an account: Today opens by default from then on."""
    with db.session() as session:
        return session.scalar(select(Account.id).limit(1)) is not None


def sheet_gaps(objective: str, commitment_best: str, commitment_minimum: str,
               attendees: int, questions: int) -> tuple[str, ...]:
    """What a call's prep sheet would print as missing."""
    gaps = []
    if not objective.strip():
        gaps.append("no objective")
    if not (commitment_best.strip() or commitment_minimum.strip()):
        gaps.append("no commitment to ask for")
    if attendees == 0:
        gaps.append("no attendees")
    if questions == 0:
        gaps.append("no questions")
    return tuple(gaps)


def _calls(db: Database, start: datetime, end: datetime) -> list[CallItem]:
    attendees = (select(func.count()).select_from(call_attendee)
                 .where(call_attendee.c.call_id == Call.id).correlate(Call).scalar_subquery())
    with db.session() as session:
        rows = session.execute(
            select(Call.id, Call.account_id, Account.name, Call.scheduled_at, Call.kind,
                   Call.objective, Call.commitment_best, Call.commitment_minimum,
                   Call.questions, attendees)
            .join(Account, Account.id == Call.account_id)
            .where(Call.scheduled_at >= start, Call.scheduled_at < end)
            .order_by(Call.scheduled_at, Call.id)).all()
    return [CallItem(r[0], r[1], r[2], r[3], str(getattr(r[4], "value", r[4])), r[5] or "",
                     sheet_gaps(r[5] or "", r[6] or "", r[7] or "", int(r[9]), len(r[8] or [])))
            for r in rows]


def quiet_people(db: Database, day: date, limit: int = QUIET_SHOWN) -> tuple[list[QuietPerson], int]:
    """People on tier A/B accounts not contacted in `QUIET_DAYS` (or never), most important
    first, and how many there are in all.

    Most important first means tier A before B, then high influence before medium and
    low, then never contacted, then the longest silent. One (tier, influence) at a time,
    the index on (influence, last_contact) hands the people over in that order, so
    only the few shown are read, however large the territory."""
    cutoff = day - timedelta(days=QUIET_DAYS)
    quiet = or_(Stakeholder.last_contact.is_(None), Stakeholder.last_contact < cutoff)
    people: list[QuietPerson] = []
    with db.session() as session:
        total = _quiet_count(session, cutoff)
        for tier in _QUIET_TIERS:
            accounts = select(Account.id).where(Account.tier == tier)
            for influence in sorted(Influence, key=lambda i: _INFLUENCE_ORDER.get(i.value, 3)):
                if len(people) >= limit:
                    break
                rows = session.execute(
                    select(Stakeholder.id, Stakeholder.account_id, Stakeholder.name,
                           Stakeholder.title, Stakeholder.last_contact)
                    .where(Stakeholder.influence == influence, quiet,
                           Stakeholder.account_id.in_(accounts))
                    .order_by(Stakeholder.last_contact.asc().nulls_first(), Stakeholder.id)
                    .limit(limit - len(people))).all()
                people += [QuietPerson(r[0], r[1], "", tier.value, r[2], r[3] or "",
                                       influence.value, r[4]) for r in rows]
        names = {r[0]: r[1] for r in session.execute(select(Account.id, Account.name).where(
            Account.id.in_(sorted({p.account_id for p in people}))))} if people else {}
    return [replace(p, account_name=names.get(p.account_id, "")) for p in people], total


def _quiet_count(session: Session, cutoff: date) -> int:
    """How many people on tier A/B accounts are quiet: all of them less those contacted
    since `cutoff`. Counted directly, most of a territory's people are quiet and each
    row was read for its last contact; this way both counts read indexes only, the
    second the few recent contacts of (last_contact, account_id). (`account_id + 0`
    keeps SQLite from choosing the account index for it instead.)"""
    on_tiers = select(Account.id).where(Account.tier.in_(_QUIET_TIERS))
    everyone = session.scalar(select(func.count()).select_from(Stakeholder)
                              .where(Stakeholder.account_id.in_(on_tiers)))
    recent = session.scalar(select(func.count()).select_from(Stakeholder)
                            .where(Stakeholder.last_contact >= cutoff,
                                   (Stakeholder.account_id + 0).in_(on_tiers)))
    return int(everyone or 0) - int(recent or 0)


def build_today(db: Database, now: datetime | None = None) -> TodayData:
    """The day as the rep starts it; `now` is local time (default: the computer's)."""
    now = now or datetime.now().astimezone()
    day = now.date()
    start = datetime.combine(day, time.min, tzinfo=now.tzinfo)
    tomorrow = start + timedelta(days=1)
    data = TodayData(day)
    data.calls_today = _calls(db, start, tomorrow)
    data.calls_week = _calls(db, tomorrow, start + timedelta(days=7))
    data.signals = ranked_signals(db, now=now, unseen_only=True, limit=SIGNALS_SHOWN)
    data.signals_total = count_signals(db, unseen_only=True)
    data.quiet, data.quiet_total = quiet_people(db, day)
    found = touches_today(db, day)
    data.touches, data.touches_total = found.touches, found.due_total
    return data
