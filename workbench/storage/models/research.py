"""What research stores: sources (pages and feeds), page captures, facts, people, news."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workbench.storage.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from workbench.storage.models.account import Account


class Source(Base):
    """A page or feed URL of an account, with what the last fetch of it said."""

    __tablename__ = "source"
    __table_args__ = (UniqueConstraint("account_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    # "page" or "feed"; for pages, page_kind says which: home, about, team, products, ...
    kind: Mapped[str] = mapped_column(String(20), default="page")
    page_kind: Mapped[str] = mapped_column(String(40), default="")
    # Feeds the rep added by hand (news-search feeds) survive a refresh that no longer finds them.
    added_by_user: Mapped[bool] = mapped_column(Boolean, default=False)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    account: Mapped[Account] = relationship(back_populates="sources")
    snapshots: Mapped[list[PageSnapshot]] = relationship(
        back_populates="source", cascade="all, delete-orphan", passive_deletes=True,
        order_by="PageSnapshot.captured_at")


class PageSnapshot(Base):
    """One capture of one page; an unchanged page adds no new snapshot."""

    __tablename__ = "page_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[int] = mapped_column(Integer, default=200)
    title: Mapped[str] = mapped_column(String(1000), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")

    source: Mapped[Source] = relationship(back_populates="snapshots")


class Fact(Base):
    """A fact about the company (phone, address, founding year, ...) and where it was read."""

    __tablename__ = "fact"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(String(2000), default="")
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "structured" (the page's schema.org data) or "page" (meta tags, links, text).
    origin: Mapped[str] = mapped_column(String(20), default="page", server_default="page")

    account: Mapped[Account] = relationship(back_populates="facts")


class FactPick(Base):
    """The value the rep picked for one kind of fact; it wins over the trust order and
    survives refreshes (it is matched again by value when research re-reads the pages)."""

    __tablename__ = "fact_pick"
    __table_args__ = (UniqueConstraint("account_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text)
    picked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    account: Mapped[Account] = relationship()


class FoundPerson(Base):
    """A person research found on the company's pages, not yet (or already) on the committee."""

    __tablename__ = "found_person"
    __table_args__ = (UniqueConstraint("account_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300), default="")
    source_url: Mapped[str] = mapped_column(String(2000), default="")
    stakeholder_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="SET NULL"))
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    account: Mapped[Account] = relationship(back_populates="found_people")


class NewsItem(Base):
    """A news item from a feed, deduplicated per account, with its trigger events."""

    __tablename__ = "news_item"
    __table_args__ = (UniqueConstraint("account_id", "dedupe_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id", ondelete="SET NULL"))
    # The link, else the GUID, else the normalised title: what makes two items the same.
    dedupe_key: Mapped[str] = mapped_column(String(2000))
    guid: Mapped[str] = mapped_column(String(2000), default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    title: Mapped[str] = mapped_column(String(1000), default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    read: Mapped[bool] = mapped_column(Boolean, default=False)

    account: Mapped[Account] = relationship(back_populates="news")
    triggers: Mapped[list[NewsTrigger]] = relationship(
        back_populates="news_item", cascade="all, delete-orphan", passive_deletes=True)


class NewsTrigger(Base):
    """A trigger event tagged on a news item, with the sentence that shows it."""

    __tablename__ = "news_trigger"

    id: Mapped[int] = mapped_column(primary_key=True)
    news_item_id: Mapped[int] = mapped_column(
        ForeignKey("news_item.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    evidence: Mapped[str] = mapped_column(Text, default="")

    news_item: Mapped[NewsItem] = relationship(back_populates="triggers")


class ResearchRun(Base):
    """One research or refresh of an account: when, what it did, what failed and why."""

    __tablename__ = "research_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="running")
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # [{"url": ..., "error": "blocked by robots.txt"}, ...]
    errors: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
