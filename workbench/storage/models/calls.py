"""Planned and past calls with an account, their attendees and the question bank."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workbench.call_kinds import CallKind
from workbench.storage.models.account import _enum
from workbench.storage.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from workbench.storage.models.account import Account
    from workbench.storage.models.committee import Stakeholder


call_attendee = Table(
    "call_attendee",
    Base.metadata,
    Column("call_id", ForeignKey("call.id", ondelete="CASCADE"), primary_key=True),
    Column("stakeholder_id", ForeignKey("stakeholder.id", ondelete="CASCADE"), primary_key=True),
)


class Call(Base):
    __tablename__ = "call"
    # The account list's "next call": each account's first future call, from the index.
    __table_args__ = (Index("ix_call_account_id_scheduled_at", "account_id", "scheduled_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[CallKind] = mapped_column(_enum(CallKind, "call_kind"), default=CallKind.DISCOVERY)
    objective: Mapped[str] = mapped_column(Text, default="")
    commitment_best: Mapped[str] = mapped_column(Text, default="")
    commitment_minimum: Mapped[str] = mapped_column(Text, default="")
    value_hypothesis: Mapped[str] = mapped_column(Text, default="")
    # One question per entry; objections as [{"objection": ..., "answer": ...}].
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    objections: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    talking_points: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    account: Mapped[Account] = relationship(back_populates="calls")
    attendees: Mapped[list[Stakeholder]] = relationship(secondary=call_attendee)


class BankQuestion(Base):
    """A question in the rep's question bank for one kind of call (built-in or their own)."""

    __tablename__ = "bank_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_kind: Mapped[CallKind] = mapped_column(_enum(CallKind, "call_kind"), index=True)
    topic: Mapped[str] = mapped_column(String(60), default="")
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
