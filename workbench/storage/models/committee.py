"""The buying committee: stakeholders and the lines between them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workbench.storage.models.account import _enum
from workbench.storage.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from workbench.storage.models.account import Account


class Role(enum.StrEnum):
    ECONOMIC_BUYER = "economic_buyer"
    CHAMPION = "champion"
    COACH = "coach"
    TECHNICAL_EVALUATOR = "technical_evaluator"
    USER = "user"
    INFLUENCER = "influencer"
    BLOCKER = "blocker"
    GATEKEEPER = "gatekeeper"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Influence(enum.StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# Attitude toward us, five steps: -2 strong opponent ... +2 champion. None = not known.
ATTITUDE_LABELS = {
    -2: "Strong opponent",
    -1: "Opponent",
    0: "Neutral",
    1: "Supporter",
    2: "Strong supporter",
}


class RelationKind(enum.StrEnum):
    REPORTS_TO = "reports_to"
    INFLUENCES = "influences"


class Stakeholder(Base):
    __tablename__ = "stakeholder"
    __table_args__ = (
        CheckConstraint("attitude BETWEEN -2 AND 2", name="attitude_range"),
        # Today's people gone quiet, in their order and counted (migration signals2).
        Index("ix_stakeholder_influence_last_contact", "influence", "last_contact"),
        Index("ix_stakeholder_last_contact_account_id", "last_contact", "account_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    profile_url: Mapped[str] = mapped_column(String(2000), default="")
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), default=Role.UNKNOWN)
    attitude: Mapped[int | None] = mapped_column(Integer)
    influence: Mapped[Influence] = mapped_column(_enum(Influence, "influence"),
                                                 default=Influence.MEDIUM)
    needs: Mapped[str] = mapped_column(Text, default="")
    dissatisfaction: Mapped[str] = mapped_column(Text, default="")
    personal_win: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    last_contact: Mapped[date | None] = mapped_column(Date)
    # Where the person came from: "typed", "import: team.csv", or a captured page's URL.
    origin: Mapped[str] = mapped_column(String(2000), default="typed")
    x: Mapped[float | None] = mapped_column(Float)
    y: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    account: Mapped[Account] = relationship(back_populates="stakeholders")


class Relationship(Base):
    """A line on the map: `source` reports to or influences `target`."""

    __tablename__ = "relationship"
    # Kept by the database, so two reps drawing at the same moment cannot both pass
    # the Python checks in `connect()`: no line twice, one manager per person.
    __table_args__ = (
        Index("uq_relationship_line", "source_id", "target_id", "kind", unique=True),
        Index("uq_relationship_one_manager", "source_id", unique=True,
              sqlite_where=text("kind = 'reports_to'"),
              postgresql_where=text("kind = 'reports_to'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"), index=True)
    kind: Mapped[RelationKind] = mapped_column(_enum(RelationKind, "relation_kind"))

    account: Mapped[Account] = relationship(back_populates="relationships")
