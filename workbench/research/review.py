"""What the Pages tab shows and does, without Qt: captured pages by kind, a page's
capture history, facts and people found, and adding a found person to the committee.

Every function opens its own short session, so a UI can call it from the main thread
(these are small reads) and a test can call it directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from workbench import errors
from workbench.research.discover import PAGE_KINDS
from workbench.storage.database import Database
from workbench.storage.models import (
    Fact,
    FoundPerson,
    PageSnapshot,
    Source,
    Stakeholder,
)

KIND_ORDER = ["home", *PAGE_KINDS, "other"]
KIND_LABELS = {"home": "Home", "about": "About", "team": "Leadership & team",
               "products": "Products", "customers": "Customers", "press": "Press & news",
               "careers": "Careers", "investors": "Investors", "contact": "Contact",
               "other": "Other"}


@dataclass(frozen=True)
class PageRow:
    source_id: int
    url: str
    kind: str
    title: str
    captured_at: datetime | None
    versions: int
    last_status: int | None
    last_error: str | None
    last_fetched_at: datetime | None


@dataclass(frozen=True)
class Capture:
    id: int
    captured_at: datetime
    title: str
    text: str


@dataclass(frozen=True)
class FactRow:
    id: int
    kind: str
    value: str
    source_url: str


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    title: str
    source_url: str
    stakeholder_id: int | None


def list_pages(db: Database, account_id: int) -> list[PageRow]:
    """The account's captured (or failed) pages, home first, then by kind and address."""
    counts = (select(PageSnapshot.source_id, func.count(PageSnapshot.id).label("n"),
                     func.max(PageSnapshot.id).label("last_id"))
              .group_by(PageSnapshot.source_id).subquery())
    query = (select(Source, counts.c.n, PageSnapshot.title, PageSnapshot.captured_at)
             .outerjoin(counts, counts.c.source_id == Source.id)
             .outerjoin(PageSnapshot, PageSnapshot.id == counts.c.last_id)
             .where(Source.account_id == account_id, Source.kind == "page"))
    with db.session() as session:
        rows = [PageRow(s.id, s.url, s.page_kind or "other", title or "", captured, n or 0,
                        s.last_status, s.last_error, s.last_fetched_at)
                for s, n, title, captured in session.execute(query)]
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(rows, key=lambda r: (rank.get(r.kind, len(rank)), len(r.url), r.url))


def captures(db: Database, source_id: int) -> list[Capture]:
    """A page's captures, newest first."""
    with db.session() as session:
        return [Capture(s.id, s.captured_at, s.title, s.text) for s in session.scalars(
            select(PageSnapshot).where(PageSnapshot.source_id == source_id)
            .order_by(PageSnapshot.captured_at.desc(), PageSnapshot.id.desc()))]


def list_facts(db: Database, account_id: int) -> list[FactRow]:
    order = {"name": 0, "description": 1, "founded": 2, "employees": 3, "address": 4,
             "phone": 5, "email": 6, "social": 7}
    with db.session() as session:
        rows = [FactRow(f.id, f.kind, f.value, f.source_url) for f in session.scalars(
            select(Fact).where(Fact.account_id == account_id).order_by(Fact.id))]
    return sorted(rows, key=lambda f: (order.get(f.kind, 99), f.id))


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def list_people(db: Database, account_id: int) -> list[PersonRow]:
    """People found by research, each with the stakeholder they are on the map as.

    The same rule as the Committee tab's "Add from research": someone added from
    here, or typed onto the map under the same name, is on the committee.
    """
    with db.session() as session:
        on_map = {sid: name for sid, name in session.execute(
            select(Stakeholder.id, Stakeholder.name).where(Stakeholder.account_id == account_id))}
        by_name = {_name_key(name): sid for sid, name in sorted(on_map.items(), reverse=True)}
        rows = []
        for p in session.scalars(select(FoundPerson).where(
                FoundPerson.account_id == account_id).order_by(FoundPerson.id)):
            linked = p.stakeholder_id if p.stakeholder_id in on_map else None
            rows.append(PersonRow(p.id, p.name, p.title, p.source_url,
                                  linked or by_name.get(_name_key(p.name))))
        return rows


def committee_link(db: Database, found_person_id: int) -> int | None:
    """The stakeholder a found person was added as, if any (and still there)."""
    with db.session() as session:
        person = session.get(FoundPerson, found_person_id)
        if person is None or person.stakeholder_id is None:
            return None
        return person.stakeholder_id if session.get(
            Stakeholder, person.stakeholder_id) is not None else None


def add_to_committee(db: Database, found_person_id: int) -> int:
    """Create a stakeholder from a found person (origin: the page they were found on) and
    link them; returns the stakeholder's id. A person already on the committee is not
    added twice (the existing stakeholder's id comes back)."""
    with db.session() as session:
        person = session.get(FoundPerson, found_person_id)
        if person is None:
            raise errors.NotFound("That person is no longer in the list of people found.")
        if person.stakeholder_id is not None and session.get(
                Stakeholder, person.stakeholder_id) is not None:
            return person.stakeholder_id
        stakeholder = Stakeholder(account_id=person.account_id, name=person.name,
                                  title=person.title, origin=person.source_url or "research")
        session.add(stakeholder)
        session.flush()
        person.stakeholder_id = stakeholder.id
        return stakeholder.id


def remove_from_committee(db: Database, found_person_id: int, stakeholder_id: int) -> None:
    """Undo of `add_to_committee`: delete that stakeholder and unlink the person."""
    with db.session() as session:
        stakeholder = session.get(Stakeholder, stakeholder_id)
        if stakeholder is not None:
            session.delete(stakeholder)
        person = session.get(FoundPerson, found_person_id)
        if person is not None and person.stakeholder_id == stakeholder_id:
            person.stakeholder_id = None
