"""Plain, immutable snapshots of the committee that coverage, layout and the map read.

The map and the coverage rules work over these rather than ORM objects, so they
run without a session and are trivial to build in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from workbench import errors
from workbench.storage.database import Database
from workbench.storage.models import (
    Account,
    Influence,
    RelationKind,
    Relationship,
    Role,
    Stakeholder,
)


@dataclass(frozen=True)
class Person:
    """One stakeholder as the map and the coverage rules see them."""

    id: int
    name: str
    title: str = ""
    role: Role = Role.UNKNOWN
    attitude: int | None = None
    influence: Influence = Influence.MEDIUM
    last_contact: date | None = None
    plan: str = ""
    email: str = ""
    origin: str = "typed"
    x: float | None = None
    y: float | None = None


@dataclass(frozen=True)
class Line:
    """A line on the map: `source_id` reports to or influences `target_id`."""

    id: int
    source_id: int
    target_id: int
    kind: RelationKind


@dataclass(frozen=True)
class Committee:
    """The whole committee of one account, as stored right now."""

    account_id: int
    account_name: str
    people: tuple[Person, ...] = ()
    lines: tuple[Line, ...] = ()
    required_roles_text: str = ""
    by_id: dict[int, Person] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id.update({p.id: p for p in self.people})


def person_of(row: Stakeholder) -> Person:
    return Person(id=row.id, name=row.name, title=row.title, role=Role(row.role),
                  attitude=row.attitude, influence=Influence(row.influence),
                  last_contact=row.last_contact, plan=row.plan, email=row.email,
                  origin=row.origin, x=row.x, y=row.y)


def line_of(row: Relationship) -> Line:
    return Line(id=row.id, source_id=row.source_id, target_id=row.target_id,
                kind=RelationKind(row.kind))


def load_committee(db: Database, account_id: int) -> Committee:
    """Read one account's committee in one short transaction."""
    with db.session() as session:
        account = session.get(Account, account_id)
        if account is None:
            raise errors.NotFound(f"There is no account with id {account_id}.")
        people = session.scalars(select(Stakeholder).where(Stakeholder.account_id == account_id)
                                 .order_by(Stakeholder.id)).all()
        lines = session.scalars(select(Relationship)
                                .where(Relationship.account_id == account_id)
                                .order_by(Relationship.id)).all()
        return Committee(account_id=account_id, account_name=account.name,
                         people=tuple(person_of(p) for p in people),
                         lines=tuple(line_of(line) for line in lines),
                         required_roles_text=account.required_roles or "")
