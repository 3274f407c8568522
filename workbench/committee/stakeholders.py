"""Editing the committee: add, edit, delete and connect people, with the rules checked.

Every function does its work in one transaction through `db.session()`, so an
edit is saved the moment it is made and a refused edit changes nothing. The
undo commands of the map call these functions and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workbench import errors
from workbench.committee import coverage
from workbench.committee.graph import managers, would_create_loop
from workbench.storage.database import Database
from workbench.storage.locks import serialise_account
from workbench.storage.models import (
    Account,
    FoundPerson,
    Influence,
    RelationKind,
    Relationship,
    Role,
    Stakeholder,
)
from workbench.storage.retry import is_unique_violation

TEXT_FIELDS = {"name": 200, "title": 300, "email": 320, "phone": 60, "profile_url": 2000,
               "needs": 20000, "dissatisfaction": 20000, "personal_win": 20000,
               "plan": 20000, "notes": 20000, "origin": 2000}
EDITABLE_FIELDS = (*TEXT_FIELDS, "role", "attitude", "influence", "last_contact", "x", "y")
FIELD_LABELS = {"profile_url": "profile link", "personal_win": "personal win",
                "last_contact": "last contact"}


@dataclass(frozen=True)
class DeletedPerson:
    """Everything needed to put a deleted person back exactly: their row and their lines."""

    values: dict[str, Any]
    lines: tuple[dict[str, Any], ...]
    found_person_ids: tuple[int, ...]


def clean_value(field: str, value: Any) -> Any:
    """Check and normalise one field's value; raises `InvalidInput` with a plain message."""
    label = FIELD_LABELS.get(field, field)
    if field in TEXT_FIELDS:
        text = "" if value is None else str(value)
        if field in ("name", "title", "email", "phone", "profile_url"):
            text = " ".join(text.split())
        if field == "name" and not text:
            raise errors.InvalidInput("A stakeholder needs a name.")
        if len(text) > TEXT_FIELDS[field]:
            raise errors.InvalidInput(
                f"The {label} can be at most {TEXT_FIELDS[field]} characters.")
        if field == "email" and text and ("@" not in text or " " in text):
            raise errors.InvalidInput(f"“{text}” does not look like an email address.")
        return text
    if field == "role":
        try:
            return Role(value)
        except ValueError as exc:
            raise errors.InvalidInput(f"“{value}” is not a committee role.") from exc
    if field == "influence":
        try:
            return Influence(value)
        except ValueError as exc:
            raise errors.InvalidInput(f"“{value}” is not an influence level.") from exc
    if field == "attitude":
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not -2 <= value <= 2:
            raise errors.InvalidInput("Attitude goes from -2 (strong opponent) to 2 (champion).")
        return value
    if field == "last_contact":
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError as exc:
                raise errors.InvalidInput(f"“{value}” is not a date (YYYY-MM-DD).") from exc
        if not isinstance(value, date):
            raise errors.InvalidInput("The last contact must be a date.")
        return value
    if field in ("x", "y"):
        return None if value is None else float(value)
    raise errors.InvalidInput(f"A stakeholder has no field “{field}”.")


def _get(session: Session, stakeholder_id: int, *, for_update: bool = False) -> Stakeholder:
    # FOR UPDATE (PostgreSQL) keeps a compare-and-set whole; SQLite writers are serial anyway.
    person = session.get(Stakeholder, stakeholder_id, with_for_update=for_update or None)
    if person is None:
        raise errors.NotFound("That stakeholder no longer exists (deleted elsewhere?).")
    return person


def add_stakeholder(db: Database, account_id: int, name: str, **fields: Any) -> int:
    """Add a person to the committee and return their id."""
    values = {"name": clean_value("name", name)}
    values.update({key: clean_value(key, value) for key, value in fields.items()})
    with db.session() as session:
        if session.get(Account, account_id) is None:
            raise errors.NotFound(f"There is no account with id {account_id}.")
        person = Stakeholder(account_id=account_id, **values)
        session.add(person)
        session.flush()
        return person.id


def get_values(db: Database, stakeholder_id: int) -> dict[str, Any]:
    """All editable fields of one person, for the inspector."""
    with db.session() as session:
        person = _get(session, stakeholder_id)
        return {key: getattr(person, key) for key in EDITABLE_FIELDS}


def update_stakeholder(db: Database, stakeholder_id: int, *,
                       expected: Mapping[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """Change some fields; returns the previous values of those fields (for undo).

    `expected` holds the values the editor showed; where one is no longer stored (someone
    else changed it), `errors.Conflict` says so and nothing is written.
    """
    cleaned = {key: clean_value(key, value) for key, value in fields.items()}
    with db.session() as session:
        person = _get(session, stakeholder_id, for_update=expected is not None)
        before = {key: getattr(person, key) for key in cleaned}
        if expected:
            stored = {key: getattr(person, key) for key in expected}
            shown = {key: clean_value(key, value) for key, value in expected.items()}
            errors.check_unchanged(person.name, stored, shown, cleaned)
        for key, value in cleaned.items():
            setattr(person, key, value)
        return before


def move_stakeholders(db: Database, positions: Mapping[int, tuple[float | None, float | None]]) -> None:
    """Store map positions for many people in one transaction (a drag, a new layout)."""
    with db.session() as session:
        for stakeholder_id, (x, y) in positions.items():
            person = _get(session, stakeholder_id)
            person.x = None if x is None else float(x)
            person.y = None if y is None else float(y)


@dataclass(frozen=True)
class Deletion:
    """People and lines removed in one step, with everything needed to put them back."""

    people: tuple[DeletedPerson, ...]
    lines: tuple[dict[str, Any], ...]


def _line_values(line: Relationship) -> dict[str, Any]:
    return {"id": line.id, "account_id": line.account_id, "source_id": line.source_id,
            "target_id": line.target_id, "kind": RelationKind(line.kind)}


def delete_many(db: Database, stakeholder_ids: Iterable[int] = (),
                line_ids: Iterable[int] = ()) -> Deletion:
    """Delete people (with every line touching them) and lines, in one transaction."""
    ids, line_ids = list(stakeholder_ids), list(line_ids)
    with db.session() as session:
        people = [_get(session, i) for i in ids]
        query = select(Relationship).where(Relationship.id.in_(line_ids))
        if ids:
            query = select(Relationship).where(
                Relationship.id.in_(line_ids) | Relationship.source_id.in_(ids)
                | Relationship.target_id.in_(ids))
        lines = session.scalars(query.order_by(Relationship.id)).all()
        saved_lines = tuple(_line_values(line) for line in lines)
        saved_people = []
        for person in people:
            values = {c.key: getattr(person, c.key) for c in Stakeholder.__table__.columns}
            found = tuple(session.scalars(select(FoundPerson.id).where(
                FoundPerson.stakeholder_id == person.id)).all())
            saved_people.append(DeletedPerson(values=values, lines=(), found_person_ids=found))
        for line in lines:
            session.delete(line)
        session.flush()
        for person in people:
            session.delete(person)
        return Deletion(people=tuple(saved_people), lines=saved_lines)


def restore_many(db: Database, deletion: Deletion) -> None:
    """Undo `delete_many`: the same people and lines, under the same ids, in one transaction."""
    with db.session() as session:
        for deleted in deletion.people:
            session.add(Stakeholder(**deleted.values))
        session.flush()
        for line in deletion.lines:
            session.add(Relationship(**line))
        session.flush()
        for deleted in deletion.people:
            for found_id in deleted.found_person_ids:
                found = session.get(FoundPerson, found_id)
                if found is not None:
                    found.stakeholder_id = deleted.values["id"]


def delete_stakeholder(db: Database, stakeholder_id: int) -> DeletedPerson:
    """Delete one person and every line touching them; returns what `restore` needs."""
    deletion = delete_many(db, [stakeholder_id])
    person = deletion.people[0]
    return DeletedPerson(values=person.values, lines=deletion.lines,
                         found_person_ids=person.found_person_ids)


def restore_stakeholder(db: Database, deleted: DeletedPerson) -> None:
    """Put one deleted person back with the same id, their lines and research links."""
    restore_many(db, Deletion(people=(deleted,), lines=deleted.lines))


def connect(db: Database, source_id: int, target_id: int, kind: RelationKind | str,
            line_id: int | None = None) -> int:
    """Draw a line: `source` reports to or influences `target`. Returns the line's id.

    Refused with a plain message: a line to oneself, people of two accounts, the
    same line twice, a second manager, or a reporting loop.
    """
    kind = RelationKind(kind)
    if source_id == target_id:
        raise errors.InvalidInput("A person cannot report to or influence themselves.")
    with db.session() as session:
        source, target = _get(session, source_id), _get(session, target_id)
        if source.account_id != target.account_id:
            raise errors.InvalidInput("Both people must be on the same account's committee.")
        # A colleague drawing a line on the same map waits here until this one is in,
        # so the loop check below sees their line (the indexes catch the rest).
        serialise_account(session, source.account_id)
        same = session.scalar(select(Relationship.id).where(
            Relationship.source_id == source_id, Relationship.target_id == target_id,
            Relationship.kind == kind))
        if same is not None:
            verb = "reports to" if kind is RelationKind.REPORTS_TO else "influences"
            raise errors.InvalidInput(f"{source.name} already {verb} {target.name}.")
        if kind is RelationKind.REPORTS_TO:
            pairs = session.execute(select(Relationship.source_id, Relationship.target_id).where(
                Relationship.account_id == source.account_id,
                Relationship.kind == RelationKind.REPORTS_TO)).all()
            manager_of = managers((a, b) for a, b in pairs)
            if source_id in manager_of:
                current = _get(session, manager_of[source_id])
                raise errors.InvalidInput(
                    f"{source.name} already reports to {current.name}.",
                    hint="Delete that line first: a person reports to one manager.")
            if would_create_loop(manager_of, source_id, target_id):
                raise errors.InvalidInput(
                    f"{source.name} cannot report to {target.name}: "
                    f"{target.name} already reports (directly or not) to {source.name}.")
        # Named now: after a failed write the session cannot load them.
        source_name, target_name = source.name, target.name
        line = Relationship(account_id=source.account_id, source_id=source_id,
                            target_id=target_id, kind=kind)
        if line_id is not None:
            line.id = line_id  # redo puts the line back under the id other commands know
        session.add(line)
        try:
            session.flush()
        except IntegrityError as exc:
            if not is_unique_violation(exc):
                raise
            # Drawn by someone else between the checks and this write.
            verb = "reports to someone" if kind is RelationKind.REPORTS_TO else \
                f"influences {target_name}"
            raise errors.InvalidInput(
                f"{source_name} already {verb}: the line was drawn a moment ago, "
                "perhaps by a colleague.", hint="The map shows it when it refreshes.") from exc
        return line.id


def disconnect(db: Database, line_id: int) -> tuple[int, int, RelationKind]:
    """Remove one line; returns (source, target, kind) so undo can draw it again."""
    with db.session() as session:
        line = session.get(Relationship, line_id)
        if line is None:
            raise errors.NotFound("That line no longer exists.")
        found = (line.source_id, line.target_id, RelationKind(line.kind))
        # By id, counting what went: a colleague may have removed it since it was read.
        gone = session.execute(delete(Relationship).where(Relationship.id == line_id))
        if getattr(gone, "rowcount", 0) == 0:  # a CursorResult for a DELETE
            raise errors.NotFound("That line no longer exists.")
        return found


def add_found_person(db: Database, found_person_id: int) -> int:
    """Add a person research found to the committee, keeping the page they came from."""
    with db.session() as session:
        found = session.get(FoundPerson, found_person_id)
        if found is None:
            raise errors.NotFound("That person is no longer in the research results.")
        same_name = session.scalar(select(Stakeholder.id).where(
            Stakeholder.account_id == found.account_id,
            func.lower(Stakeholder.name) == " ".join(found.name.split()).lower()))
        if found.stakeholder_id is not None or same_name is not None:
            raise errors.InvalidInput(f"{found.name} is already on the committee map.")
        person = Stakeholder(account_id=found.account_id, name=clean_value("name", found.name),
                             title=clean_value("title", found.title),
                             origin=found.source_url or "research")
        session.add(person)
        session.flush()
        found.stakeholder_id = person.id
        return person.id


def found_people(db: Database, account_id: int) -> list[tuple[int, str, str, str]]:
    """Research's people not yet on the map: (id, name, title, page)."""
    with db.session() as session:
        rows = session.execute(select(FoundPerson.id, FoundPerson.name, FoundPerson.title,
                                      FoundPerson.source_url)
                               .where(FoundPerson.account_id == account_id,
                                      FoundPerson.stakeholder_id.is_(None))
                               .order_by(FoundPerson.name)).all()
        # Someone typed in by hand before research found them is already on the map.
        on_map = {" ".join(n.split()).casefold() for n in session.scalars(
            select(Stakeholder.name).where(Stakeholder.account_id == account_id))}
        return [tuple(r) for r in rows  # type: ignore[misc]
                if " ".join(r.name.split()).casefold() not in on_map]


def set_required_roles(db: Database, account_id: int, roles: Iterable[Role]) -> str:
    """Store the roles the rep requires; returns the previous stored text (for undo)."""
    text = coverage.format_required_roles(roles)
    return set_required_roles_text(db, account_id, text)


def set_required_roles_text(db: Database, account_id: int, text: str) -> str:
    with db.session() as session:
        account = session.get(Account, account_id)
        if account is None:
            raise errors.NotFound(f"There is no account with id {account_id}.")
        before = account.required_roles or ""
        account.required_roles = text
        return before
