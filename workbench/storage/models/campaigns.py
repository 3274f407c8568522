"""Prospecting campaigns: cadence templates and their steps, enrolments, planned and logged touches.

A cadence is a named sequence of steps by working-day offset. Enrolling a person
copies each step into a `PlannedTouch` with its date, so editing a template later
does not rewrite a campaign already running. A `Touch` is what happened (planned
or not), and feeds the person's last contact.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workbench.storage.models.account import Tier, _enum
from workbench.storage.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from workbench.storage.models.committee import Stakeholder


class Channel(enum.StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    COURIER = "courier"
    GIFT = "gift"
    BOOK = "book"
    SOCIAL = "social"
    MEETING = "meeting"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self]

    @property
    def physical(self) -> bool:
        """Something sent by post or courier: it has an item, a cost and a lead time."""
        return self in (Channel.LETTER, Channel.COURIER, Channel.GIFT, Channel.BOOK)


CHANNEL_LABELS = {
    Channel.PHONE: "Phone", Channel.EMAIL: "Email", Channel.LETTER: "Letter",
    Channel.COURIER: "Courier", Channel.GIFT: "Gift", Channel.BOOK: "Book",
    Channel.SOCIAL: "Social message", Channel.MEETING: "Meeting request", Channel.OTHER: "Other",
}


class Outcome(enum.StrEnum):
    CONNECTED = "connected"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no_answer"
    SENT = "sent"
    REPLIED = "replied"
    MEETING_BOOKED = "meeting_booked"
    BOUNCED = "bounced"
    NOT_INTERESTED = "not_interested"
    OUT_OF_OFFICE = "out_of_office"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class EnrolmentState(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"
    FINISHED = "finished"


class PlannedState(enum.StrEnum):
    PLANNED = "planned"
    DONE = "done"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class Cadence(Base):
    """A named campaign template; `tier` says which accounts it suits (None: any)."""

    __tablename__ = "cadence"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    tier: Mapped[Tier | None] = mapped_column(_enum(Tier, "tier"))
    description: Mapped[str] = mapped_column(Text, default="")
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    steps: Mapped[list[CadenceStep]] = relationship(
        back_populates="cadence", cascade="all, delete-orphan", passive_deletes=True,
        order_by="CadenceStep.position")


class CadenceStep(Base):
    """One step: on working day `day_offset` after the start, do this on that channel."""

    __tablename__ = "cadence_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    cadence_id: Mapped[int] = mapped_column(ForeignKey("cadence.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    day_offset: Mapped[int] = mapped_column(Integer, default=0)
    channel: Mapped[Channel] = mapped_column(_enum(Channel, "channel"), default=Channel.PHONE)
    title: Mapped[str] = mapped_column(String(200), default="")
    # A call script or an email/letter template; fields in braces: {first_name}, {account}...
    script: Mapped[str] = mapped_column(Text, default="")
    item: Mapped[str] = mapped_column(String(200), default="")
    cost: Mapped[float] = mapped_column(Float, default=0.0)
    lead_days: Mapped[int] = mapped_column(Integer, default=0)

    cadence: Mapped[Cadence] = relationship(back_populates="steps")


class Enrolment(Base):
    """One person in one campaign: when it started and where it stands."""

    __tablename__ = "enrolment"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"),
                                            index=True)
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"), index=True)
    cadence_id: Mapped[int | None] = mapped_column(
        ForeignKey("cadence.id", ondelete="SET NULL"), index=True)
    # Kept so the campaign still has a name if its template is deleted.
    cadence_name: Mapped[str] = mapped_column(String(120), default="")
    start_date: Mapped[date] = mapped_column(Date)
    state: Mapped[EnrolmentState] = mapped_column(
        _enum(EnrolmentState, "enrolment_state"), default=EnrolmentState.ACTIVE, index=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    paused_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    stakeholder: Mapped[Stakeholder] = relationship()
    planned: Mapped[list[PlannedTouch]] = relationship(
        back_populates="enrolment", cascade="all, delete-orphan", passive_deletes=True,
        order_by="PlannedTouch.position")


class PlannedTouch(Base):
    """A step of a running campaign, dated, with its own copy of the script."""

    __tablename__ = "planned_touch"
    # The day's queue: planned touches due by a date, across the territory, read from the
    # index alone (every column the queue shows, none of the script texts).
    __table_args__ = (Index("ix_planned_touch_queue", "state", "due_date", "enrolment_id",
                            "channel", "title", "item", "cost", "lead_days"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id", ondelete="CASCADE"),
                                              index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    due_date: Mapped[date] = mapped_column(Date)
    channel: Mapped[Channel] = mapped_column(_enum(Channel, "channel"))
    title: Mapped[str] = mapped_column(String(200), default="")
    script: Mapped[str] = mapped_column(Text, default="")
    item: Mapped[str] = mapped_column(String(200), default="")
    cost: Mapped[float] = mapped_column(Float, default=0.0)
    lead_days: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[PlannedState] = mapped_column(
        _enum(PlannedState, "planned_state"), default=PlannedState.PLANNED)
    touch_id: Mapped[int | None] = mapped_column(ForeignKey("touch.id", ondelete="SET NULL"))

    enrolment: Mapped[Enrolment] = relationship(back_populates="planned")


class Touch(Base):
    """A touch that happened: a call, an email, a letter sent, with its outcome."""

    __tablename__ = "touch"
    __table_args__ = (Index("ix_touch_stakeholder_id_at", "stakeholder_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"),
                                            index=True)
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = mapped_column(_enum(Channel, "channel"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome, "outcome"))
    out_of_office_until: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class DayOff(Base):
    """A day the rep does not work (holiday, leave): campaigns plan no touch on it."""

    __tablename__ = "day_off"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    note: Mapped[str] = mapped_column(String(200), default="")
