"""Reading an account's news for review: the filtered list, one story, the pin and read flags.

The News tab shows what these return; it never builds a query itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from workbench.research.triggers import KIND_LABELS
from workbench.storage.database import Database
from workbench.storage.models import NewsItem, NewsTrigger

# `NewsFilter.kind` for "stories with any trigger event".
ANY_TRIGGER = "*"
FLAGS = ("pinned", "read")


@dataclass(frozen=True)
class NewsFilter:
    """What the rep narrowed the list to. `days` wins over the date range when set."""

    kind: str | None = None
    days: int | None = None
    start: date | None = None
    end: date | None = None
    unread_only: bool = False


@dataclass
class NewsRow:
    """One story as the list shows it."""

    id: int
    title: str
    url: str
    when: datetime | None
    kinds: list[str]
    pinned: bool
    read: bool


@dataclass(frozen=True)
class Story:
    """One story in full, for the reading pane."""

    id: int
    account_id: int
    title: str
    url: str
    when: datetime | None
    triggers: list[tuple[str, str]]
    text: str
    summary: str


def count_news(db: Database, account_id: int) -> int:
    """How many stories the account has, whatever the filter."""
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(NewsItem)
                                  .where(NewsItem.account_id == account_id)) or 0)


def list_news(db: Database, account_id: int, f: NewsFilter | None = None) -> list[NewsRow]:
    """The account's stories that pass the filter, newest first.

    Only the columns the list shows are read: a story's article text and summary
    (kilobytes each, thousands of stories on a well-researched account) stay in the
    database until the story is opened (`get_story`).
    """
    f = f or NewsFilter()
    when = func.coalesce(NewsItem.published_at, NewsItem.fetched_at)
    query = (select(NewsItem.id, NewsItem.title, NewsItem.url, NewsItem.published_at,
                    NewsItem.fetched_at, NewsItem.pinned, NewsItem.read)
             .where(NewsItem.account_id == account_id))
    if f.kind == ANY_TRIGGER:
        query = query.where(NewsItem.id.in_(select(NewsTrigger.news_item_id)))
    elif f.kind:
        query = query.where(NewsItem.id.in_(
            select(NewsTrigger.news_item_id).where(NewsTrigger.kind == f.kind)))
    if f.unread_only:
        query = query.where(NewsItem.read.is_(False))
    if f.days is not None:
        query = query.where(when >= _naive_utc(datetime.now(UTC) - timedelta(days=f.days)))
    else:
        if f.start is not None:
            query = query.where(when >= _naive_utc(_local_midnight(f.start)))
        if f.end is not None:
            query = query.where(when < _naive_utc(_local_midnight(f.end + timedelta(days=1))))
    query = query.order_by(when.desc(), NewsItem.id.desc())
    # The trigger kinds of the account's stories in one more query, not one per row.
    kinds_query = (select(NewsTrigger.news_item_id, NewsTrigger.kind).distinct()
                   .join(NewsItem, NewsItem.id == NewsTrigger.news_item_id)
                   .where(NewsItem.account_id == account_id))
    with db.session() as session:
        rows = session.execute(query).all()
        kinds: dict[int, set[str]] = {}
        for item_id, kind in session.execute(kinds_query):
            kinds.setdefault(item_id, set()).add(kind)
    return [NewsRow(item_id, title or "(no headline)", url, published or fetched,
                    sorted(kinds[item_id], key=kind_order) if item_id in kinds else [],
                    pinned, read)
            for item_id, title, url, published, fetched, pinned, read in rows]


def get_story(db: Database, item_id: int) -> Story | None:
    with db.session() as session:
        item = session.get(NewsItem, item_id)
        if item is None:
            return None
        return Story(id=item.id, account_id=item.account_id, title=item.title, url=item.url,
                     when=item.published_at or item.fetched_at,
                     triggers=[(t.kind, t.evidence) for t in item.triggers],
                     text=item.text, summary=item.summary)


def set_flag(db: Database, item_id: int, flag: str, value: bool) -> int | None:
    """Save `pinned` or `read` for a story; returns its account (None: the story is gone)."""
    if flag not in FLAGS:
        raise ValueError(flag)
    with db.session() as session:
        item = session.get(NewsItem, item_id)
        if item is None:
            return None
        setattr(item, flag, value)
        return item.account_id


def kind_order(kind: str) -> int:
    order = list(KIND_LABELS)
    return order.index(kind) if kind in order else len(order)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone()


def _naive_utc(moment: datetime) -> datetime:
    # The column type stores naive UTC; comparisons in SQL need the same form.
    return moment.astimezone(UTC).replace(tzinfo=None)
