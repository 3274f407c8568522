"""The day's touches across the territory: due today (or this week) and overdue, by channel.

`touches_due(db, on_date)` is the one query the Campaigns queue, the Today view
and `workbench touches` share. Scripts are filled with the person's and the
account's fields and the account's latest trigger event. `queue_head` reads only the
first rows of the same queue, in the same order, and how many there are in all (Today
shows the head of a territory's thousands).
"""

from __future__ import annotations

import bisect
import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Select,
    String,
    and_,
    case,
    collate,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType, TypeEngine

from workbench.campaigns.fields import FieldValues, fill, split_subject
from workbench.storage.database import Database
from workbench.storage.models import (
    Account,
    Channel,
    Enrolment,
    EnrolmentState,
    NewsItem,
    NewsTrigger,
    PlannedState,
    PlannedTouch,
    Stakeholder,
)

# The order channels are worked in a batch: calls first, while people are at their desks.
CHANNEL_ORDER = tuple(Channel)
_CHANNEL_RANK = {c: i for i, c in enumerate(CHANNEL_ORDER)}
# What the queue reads of a planned touch: the columns of `ix_planned_touch_queue` (with id).
_QUEUE_COLUMNS = ("id", "enrolment_id", "channel", "title", "due_date", "item", "cost",
                  "lead_days")


@dataclass(frozen=True)
class Signal:
    """An account's latest trigger event: its kind and the sentence that shows it."""

    kind: str
    evidence: str


@dataclass(slots=True)
class DueTouch:
    """One touch to do: who, on which channel, when it was due, and what to say.

    Not frozen: a frozen dataclass sets each field through `object.__setattr__`, which
    at a territory's thousands of rows is most of the queue's time. Treat it as a value
    (`dataclasses.replace` makes a changed copy)."""

    planned_touch_id: int
    enrolment_id: int
    account_id: int
    account_name: str
    stakeholder_id: int
    person_name: str
    person_title: str
    email: str
    phone: str
    channel: Channel
    title: str
    due_date: date
    template: str
    cadence_name: str
    values: FieldValues
    item: str = ""
    cost: float = 0.0
    lead_days: int = 0
    complete: bool = True   # False: read without its script (see `touches_due`)

    @property
    def script(self) -> str:
        return fill(self.template, self.values)

    @property
    def subject_and_body(self) -> tuple[str, str]:
        return split_subject(self.script)

    def overdue_days(self, today: date) -> int:
        return max(0, (today - self.due_date).days)

    def as_dict(self, today: date) -> dict[str, object]:
        return {"planned_touch_id": self.planned_touch_id, "account": self.account_name,
                "account_id": self.account_id, "person": self.person_name,
                "person_id": self.stakeholder_id, "title": self.person_title,
                "email": self.email, "phone": self.phone, "channel": self.channel.value,
                "step": self.title, "due": self.due_date.isoformat(),
                "overdue_days": self.overdue_days(today), "campaign": self.cadence_name,
                "script": self.script, "item": self.item, "cost": self.cost}


def latest_signals(session: Session, account_ids: Iterable[int]) -> dict[int, Signal]:
    """Each account's newest tagged news, as a signal.

    One query over the trigger rows of those accounts, newest first, keeping the
    first per account: an account has tens of triggers, not thousands, and this
    reads the same on SQLite and PostgreSQL (no DISTINCT ON, no bare-column MAX).
    """
    ids = sorted(set(account_ids))
    found: dict[int, Signal] = {}
    for chunk in (ids[i:i + 900] for i in range(0, len(ids), 900)):  # SQLite's variable cap
        rows = session.execute(
            select(NewsItem.account_id, NewsTrigger.kind, NewsTrigger.evidence, NewsItem.title)
            .join(NewsTrigger, NewsTrigger.news_item_id == NewsItem.id)
            .where(NewsItem.account_id.in_(chunk))
            .order_by(NewsItem.account_id, NewsItem.published_at.desc().nulls_last(),
                      NewsItem.id.desc(), NewsTrigger.id))
        for account_id, kind, evidence, title in rows:
            if account_id not in found:
                found[account_id] = Signal(kind, (evidence or title or "").strip())
    return found


def _signal_phrase(signal: Signal | None) -> str:
    if signal is None or not signal.evidence:
        return ""
    return signal.evidence.rstrip(". ")


# A batch of the queue: (0 overdue or 1 due from the day on, the channel's value).
Batch = tuple[int, str]


def _due_where(last: date, on_date: date | None, batches: Sequence[Batch] | None) -> list[Any]:
    """Planned touches due by `last`; with `batches`, only those of these batches."""
    where: list[Any] = [PlannedTouch.state == PlannedState.PLANNED, PlannedTouch.due_date <= last]
    if batches is not None:
        assert on_date is not None
        where.append(or_(*(and_(PlannedTouch.due_date >= on_date if later
                                else PlannedTouch.due_date < on_date,
                                type_coerce(PlannedTouch.channel, String()) == channel)
                           for later, channel in batches)))
    return where


def _due_query(last: date, *, territory: bool, scripts: bool,
               order_on: date | None = None, batches: Sequence[Batch] | None = None,
               dialect: str = "sqlite") -> Select[Any]:
    """The rows of touches due by `last` of active enrolments.

    Across the territory the due planned touches come first, from the covering index
    `ix_planned_touch_queue` alone, then their enrolments, people and accounts by
    primary key; MATERIALIZED keeps that order, since left to itself SQLite's planner
    starts from the active enrolments and reads every planned touch of each (done ones
    included) from the table. For one account or a few people the enrolments come
    first (few), through their own indexes.

    With `order_on`, the rows come in the queue's order (`queue_key`): for a read with a
    LIMIT; with `batches` too, only the touches of those batches (see `_batches`)."""
    due_where = _due_where(last, order_on, batches)
    if territory:
        due: Any = (select(*(getattr(PlannedTouch, name) for name in _QUEUE_COLUMNS))
                    .where(*due_where).cte("due").prefix_with("MATERIALIZED"))
        columns = due.c
    else:
        due, columns = PlannedTouch, PlannedTouch
    text_columns = (PlannedTouch.script, Account.industry, Stakeholder.needs) if scripts \
        else ()
    # The channel, due date and cost come as the driver gives them (converted in
    # `touches_due` by a dict lookup): SQLAlchemy's per-value result processors were a
    # fifth of the read at a territory's 2,000 rows.
    raw: dict[str, TypeEngine[Any]] = {"channel": String(), "due_date": String(),
                                       "cost": NullType()}
    query = (
        select(*(type_coerce(getattr(columns, name), raw[name]) if name in raw
                 else getattr(columns, name) for name in _QUEUE_COLUMNS),
               Enrolment.cadence_name, Account.id.label("account_id"),
               Account.name.label("account_name"),
               Stakeholder.id.label("person_id"), Stakeholder.name.label("person_name"),
               Stakeholder.title.label("person_title"), Stakeholder.email,
               Stakeholder.phone, *text_columns)
        .select_from(due)
        .join(Enrolment, Enrolment.id == columns.enrolment_id)
        .join(Stakeholder, Stakeholder.id == Enrolment.stakeholder_id)
        .join(Account, Account.id == Enrolment.account_id)
        .where(Enrolment.state == EnrolmentState.ACTIVE))
    if territory and scripts:
        query = query.join(PlannedTouch, PlannedTouch.id == columns.id)
    elif not territory:
        query = query.where(*due_where)
    if order_on is not None:
        query = query.order_by(*_order_in_sql(columns, order_on, dialect))
    return query


def _batches(session: Session, last: date, on_date: date, *, account_id: int | None,
             stakeholder_ids: list[int] | None) -> list[tuple[Batch, int]]:
    """How many touches each batch of the queue holds, in the queue's order.

    A batch (overdue or not, channel) is the first two terms of `queue_key`, so the
    head of the queue lies in its first batches; counting them reads the covering index
    and the enrolments only, not the people and accounts (a tenth of the cost)."""
    later = case((PlannedTouch.due_date >= on_date, literal(1)), else_=literal(0))
    channel = type_coerce(PlannedTouch.channel, String())
    where = _due_where(last, None, None)
    if account_id is None and stakeholder_ids is None:
        due: Any = (select(PlannedTouch.enrolment_id, later.label("later"),
                           channel.label("channel"))
                    .where(*where).cte("due_batches").prefix_with("MATERIALIZED"))
        query = (select(due.c.later, due.c.channel, func.count())
                 .join(Enrolment, Enrolment.id == due.c.enrolment_id)
                 .group_by(due.c.later, due.c.channel))
    else:
        query = (select(later, channel, func.count()).select_from(PlannedTouch)
                 .join(Enrolment, Enrolment.id == PlannedTouch.enrolment_id)
                 .where(*where).group_by(later, channel))
        if account_id is not None:
            query = query.where(Enrolment.account_id == account_id)
        if stakeholder_ids is not None:
            query = query.where(Enrolment.stakeholder_id.in_(stakeholder_ids))
    query = query.where(Enrolment.state == EnrolmentState.ACTIVE)
    counts = [((int(later_), str(channel_)), int(n))
              for later_, channel_, n in session.execute(query)]
    ranks = {c.value: i for c, i in _CHANNEL_RANK.items()}
    return sorted(counts, key=lambda batch: (batch[0][0], ranks[batch[0][1]]))


def _fold_in_sql(column: Any, dialect: str) -> Any:
    """`fold(text)` in SQL, compared by code point as Python compares strings: SQLite's
    lower() folds ASCII only and its BINARY collation is code point order (UTF-8);
    PostgreSQL's lower() under the "C" collation folds ASCII only and compares bytes."""
    if dialect == "sqlite":
        return func.lower(column)
    return func.lower(collate(column, "C"))


def _order_in_sql(columns: Any, on_date: date, dialect: str) -> tuple[Any, ...]:
    """`queue_key(on_date)` as ORDER BY terms, term for term."""
    channel = type_coerce(columns.channel, String())
    return (case((columns.due_date >= on_date, literal(1)), else_=literal(0)),
            case({c.value: i for c, i in _CHANNEL_RANK.items()}, value=channel),
            _fold_in_sql(Account.name, dialect), _fold_in_sql(Stakeholder.name, dialect),
            columns.due_date, columns.id)


def touches_due(db: Database, on_date: date, *, until: date | None = None,
                account_id: int | None = None,
                stakeholder_ids: Iterable[int] | None = None,
                signals: bool = True, scripts: bool = True) -> list[DueTouch]:
    """Planned touches of running campaigns due by `until` (default `on_date`), overdue
    first, then by channel, account and person (`queue_key`).

    A list that shows one script at a time reads the list with `scripts=False` (no
    script text, no latest signal: the texts are most of the bytes) and fills the touch
    on screen with `complete`."""
    touches, _total, _channels = _read(db, on_date, until=until, account_id=account_id,
                                       stakeholder_ids=stakeholder_ids, signals=signals,
                                       scripts=scripts, limit=None)
    return sort_queue(touches, on_date)


@dataclass(frozen=True)
class QueueHead:
    """The first touches of a queue, in its order, and how many the whole queue holds
    (in all, and on each channel)."""

    touches: list[DueTouch]
    total: int
    channels: dict[Channel, int]

    @property
    def more(self) -> int:
        return self.total - len(self.touches)


def queue_head(db: Database, on_date: date, limit: int, *, until: date | None = None,
               account_id: int | None = None, signals: bool = True,
               scripts: bool = True) -> QueueHead:
    """The first `limit` touches of `touches_due` (the same touches, in the same order)
    and the number of all: the database sorts and counts, and only the head is read."""
    if limit <= 0:
        raise ValueError(f"a queue's head needs a positive limit, not {limit}")
    touches, total, channels = _read(db, on_date, until=until, account_id=account_id,
                                     stakeholder_ids=None, signals=signals, scripts=scripts,
                                     limit=limit)
    return QueueHead(sort_queue(touches, on_date), total, channels)


def _read(db: Database, on_date: date, *, until: date | None, account_id: int | None,
          stakeholder_ids: Iterable[int] | None, signals: bool, scripts: bool,
          limit: int | None) -> tuple[list[DueTouch], int, dict[Channel, int]]:
    """The touches (the first `limit` only, if given), how many in all, and (for a
    limited read, from its batches) how many on each channel."""
    last = until or on_date
    signals = signals and scripts
    people = None if stakeholder_ids is None else list(stakeholder_ids)
    with db.session() as session:
        batches: list[Batch] | None = None
        total = 0
        per_channel: dict[Channel, int] = {}
        if limit is not None:
            # The queue's first batches that hold `limit` touches: only their touches are
            # read, sorted and cut by the database.
            batches, taken = [], 0
            for batch, count in _batches(session, last, on_date, account_id=account_id,
                                         stakeholder_ids=people):
                if taken < limit:
                    batches.append(batch)
                    taken += count
                total += count
                channel = Channel(batch[1])
                per_channel[channel] = per_channel.get(channel, 0) + count
        rows: list[Any] = []
        if limit is None or batches:
            query = _due_query(last, territory=account_id is None and people is None,
                               scripts=scripts, order_on=None if limit is None else on_date,
                               batches=batches, dialect=db.engine.dialect.name)
            if account_id is not None:
                query = query.where(Enrolment.account_id == account_id)
            if people is not None:
                query = query.where(Enrolment.stakeholder_id.in_(people))
            if limit is not None:
                query = query.limit(limit)
            # Through the connection, not the ORM: these are plain rows, and the ORM's row
            # loading would cost more than the query at a territory's thousands of touches.
            rows = list(session.connection().execute(query).all())
        found = latest_signals(session, (r[9] for r in rows)) if signals else {}
    if limit is None:
        total = len(rows)
    result = []
    # Each row unpacked by position: a Row's attribute access by name costs about 2 µs,
    # which at a territory's 2,000 rows of 16 columns was most of the queue's time.
    channels = {c.value: c for c in Channel}
    for (pid, enrolment_id, channel, title, due, item, cost, lead_days, cadence_name,
         account_id_, account_name, person_id, person_name, person_title, email, phone,
         *texts) in rows:
        script, industry, needs = texts if scripts else ("", "", "")
        due_date = due if isinstance(due, date) else date.fromisoformat(due)  # SQLite: text
        signal = found.get(account_id_)
        values = FieldValues(person_name, person_title, account_name, industry,
                             _signal_phrase(signal), signal.kind if signal else "", needs)
        result.append(DueTouch(pid, enrolment_id, account_id_, account_name, person_id,
                               person_name, person_title, email, phone, channels[channel],
                               title, due_date, script, cadence_name, values, item,
                               float(cost), lead_days,
                               complete=scripts))
    return result, total, per_channel


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def fold(text: str) -> str:
    """A name as the queue sorts it: ASCII letters in lower case, every other character
    as it is (what both databases' lower() does, so they can sort the queue themselves)."""
    # str.lower is that for ASCII text and ten times faster than a translate table.
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


def queue_key(on_date: date) -> Callable[[DueTouch], tuple[object, ...]]:
    """The queue's order: overdue first, then by channel, account and person (case
    folded by `fold`), the earlier due date, and last the planned touch, so that no two
    touches tie and a queue's head read by the database is the head of the whole queue."""
    def key(t: DueTouch) -> tuple[object, ...]:
        return (t.due_date >= on_date, _CHANNEL_RANK[t.channel], fold(t.account_name),
                fold(t.person_name), t.due_date, t.planned_touch_id)
    return key


def sort_queue(touches: list[DueTouch], on_date: date) -> list[DueTouch]:
    touches.sort(key=queue_key(on_date))
    return touches


def merge_into_queue(queue: list[DueTouch], fresh: Iterable[DueTouch],
                     on_date: date) -> list[DueTouch]:
    """`queue` (in order) with `fresh` touches put in their places, without a full sort."""
    key = queue_key(on_date)
    for touch in fresh:
        bisect.insort(queue, touch, key=key)
    return queue


def complete(db: Database, touch: DueTouch) -> DueTouch:
    """A touch read with `scripts=False`, now with its script and its fields filled."""
    if touch.complete:
        return touch
    with db.session() as session:
        script, industry, needs = session.execute(
            select(PlannedTouch.script, Account.industry, Stakeholder.needs)
            .join(Enrolment, Enrolment.id == PlannedTouch.enrolment_id)
            .join(Stakeholder, Stakeholder.id == Enrolment.stakeholder_id)
            .join(Account, Account.id == Enrolment.account_id)
            .where(PlannedTouch.id == touch.planned_touch_id)).one()
        signal = latest_signals(session, [touch.account_id]).get(touch.account_id)
    values = replace(touch.values, industry=industry, needs=needs,
                     signal=_signal_phrase(signal), signal_kind=signal.kind if signal else "")
    return replace(touch, template=script, values=values, complete=True)


def due_window(on_date: date, due: str) -> date:
    """The last day a `--due today|week` queue reaches."""
    if due == "week":
        return on_date + timedelta(days=6 - on_date.weekday())
    return on_date


def group_by_channel(touches: Sequence[DueTouch]) -> list[tuple[Channel, list[DueTouch]]]:
    """The queue in batches, one per channel, in the order channels are worked."""
    groups: dict[Channel, list[DueTouch]] = {}
    for touch in touches:
        groups.setdefault(touch.channel, []).append(touch)
    return [(c, groups[c]) for c in CHANNEL_ORDER if c in groups]
