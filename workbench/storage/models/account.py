"""The account: the company a rep sells to, the root of everything else stored."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workbench.storage.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from workbench.storage.models.calls import Call
    from workbench.storage.models.committee import Relationship, Stakeholder
    from workbench.storage.models.research import Fact, FoundPerson, NewsItem, Source


class Tier(enum.StrEnum):
    A = "A"
    B = "B"
    C = "C"


class Stage(enum.StrEnum):
    """Where the account is in the sale: prepare, prospect, progress, close."""

    PREPARE = "prepare"
    PROSPECT = "prospect"
    PROGRESS = "progress"
    CLOSE = "close"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Stored as the value text with a CHECK constraint, readable in any SQL tool.
    return Enum(cls, name=name, values_callable=lambda e: [m.value for m in e],
                native_enum=False, create_constraint=True, validate_strings=True)


class Account(Base):
    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str | None] = mapped_column(String(253), unique=True)
    website: Mapped[str] = mapped_column(String(2000), default="")
    industry: Mapped[str] = mapped_column(String(200), default="")
    # Indexed for the territory's lists by tier (migration signals2).
    tier: Mapped[Tier] = mapped_column(_enum(Tier, "tier"), default=Tier.B, index=True)
    stage: Mapped[Stage] = mapped_column(_enum(Stage, "stage"), default=Stage.PREPARE)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    last_researched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Roles the rep requires on this committee (comma separated); empty = the defaults.
    required_roles: Mapped[str] = mapped_column(String(500), default="")

    sources: Mapped[list[Source]] = relationship(
        back_populates="account", cascade="all, delete-orphan", passive_deletes=True)
    facts: Mapped[list[Fact]] = relationship(
        back_populates="account", cascade="all, delete-orphan", passive_deletes=True)
    found_people: Mapped[list[FoundPerson]] = relationship(
        back_populates="account", cascade="all, delete-orphan", passive_deletes=True)
    news: Mapped[list[NewsItem]] = relationship(
        back_populates="account", cascade="all, delete-orphan", passive_deletes=True)
    stakeholders: Mapped[list[Stakeholder]] = relationship(
        back_populates="account", cascade="all, delete-orphan", passive_deletes=True)
    relationships: Mapped[list[Relationship]] = relationship(
        back_populates="account", cascade="all, delete-orphan", passive_deletes=True)
    calls: Mapped[list[Call]] = relationship(
        back_populates="account", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Call.scheduled_at")
