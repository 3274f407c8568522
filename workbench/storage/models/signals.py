"""Signals: trigger events on an account (from news, from page changes), each with its sources.

One event reported by several feeds or pages is one `Signal` with several
`SignalSource` rows. `SignalMute` records a kind the rep silenced for one account.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workbench.storage.models.base import Base, UTCDateTime, utcnow


class Signal(Base):
    """A trigger event on an account: what happened, the sentence that shows it, when."""

    __tablename__ = "signal"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(1000), default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    # "news" or "page": where it was first seen.
    origin: Mapped[str] = mapped_column(String(20), default="news")
    # When the event happened (the story's date, the capture that showed the change).
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Kind-specific details: for leadership_change {"name", "old_title", "new_title",
    # "change": "joined"|"left"|"new_title", "diff": [[op, text], ...]}.
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    seen: Mapped[bool] = mapped_column(Boolean, default=False)
    dismissed: Mapped[bool] = mapped_column(Boolean, default=False)

    sources: Mapped[list[SignalSource]] = relationship(
        back_populates="signal", cascade="all, delete-orphan", passive_deletes=True,
        order_by="SignalSource.id")


class SignalSource(Base):
    """One report of a signal's event: a news item or a page capture."""

    __tablename__ = "signal_source"
    __table_args__ = (UniqueConstraint("signal_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"), index=True)
    news_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("news_item.id", ondelete="SET NULL"), index=True)
    snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("page_snapshot.id", ondelete="SET NULL"), index=True)
    url: Mapped[str] = mapped_column(String(2000), default="")
    # The feed or site that reported it (a feed's URL, a page's host).
    reporter: Mapped[str] = mapped_column(String(2000), default="")
    title: Mapped[str] = mapped_column(String(1000), default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    signal: Mapped[Signal] = relationship(back_populates="sources")


class SignalMute(Base):
    """A kind of signal the rep does not want to hear about for one account."""

    __tablename__ = "signal_mute"
    __table_args__ = (UniqueConstraint("account_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    muted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
