"""Import an account dossier (the JSON that `export` writes) into a database.

Used to move an account between laptops and to load the demo account. The whole
file is validated and written in one transaction: a malformed or truncated file
is refused with a clear message and the database is left as it was.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from workbench import errors, safe_json
from workbench.dossier import FORMAT_VERSION
from workbench.storage.database import Database
from workbench.storage.models import (
    Account,
    Call,
    CallKind,
    Fact,
    FoundPerson,
    Influence,
    NewsItem,
    NewsTrigger,
    PageSnapshot,
    RelationKind,
    Relationship,
    Role,
    Source,
    Stage,
    Stakeholder,
    Tier,
)
from workbench.urls import domain_of


def read_dossier_file(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise errors.InvalidInput(f"Cannot read {path.name}: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise errors.InvalidInput(f"{path.name} is not an account export (not UTF-8 text).") from exc
    try:
        data = safe_json.loads(raw)
    except safe_json.TooDeep as exc:
        raise errors.InvalidInput(
            f"{path.name} is not an account export: it is {exc}.",
            hint="Nothing was imported.") from exc
    except json.JSONDecodeError as exc:
        raise errors.InvalidInput(
            f"{path.name} is not a complete account export (broken at line {exc.lineno}).",
            hint="It may have been cut short; export the account again.") from exc
    if not isinstance(data, dict) or data.get("format") != "sales-prep-workbench/account":
        raise errors.InvalidInput(f"{path.name} is not an account export.")
    return data


def _when(value: Any, what: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise errors.InvalidInput(f"The export has a bad date in {what}: “{value}”.") from exc


def _day(value: Any, what: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise errors.InvalidInput(f"The export has a bad date in {what}: “{value}”.") from exc


def _text(record: dict[str, Any], key: str, default: str = "") -> str:
    value = record.get(key, default)
    if value is None:
        return default
    if not isinstance(value, (str, int, float)):
        raise errors.InvalidInput(f"The export has a bad value for {key}.")
    return str(value)


def _enum(cls: Any, value: Any, what: str) -> Any:
    try:
        return cls(value)
    except ValueError as exc:
        raise errors.InvalidInput(f"The export has an unknown {what}: “{value}”.") from exc


def _list(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise errors.InvalidInput(f"The export's “{key}” section is malformed.")
    return value


def import_dossier(db: Database, data: dict[str, Any], *, rename: str | None = None) -> int:
    """Create a new account from a dossier and return its id (all or nothing)."""
    if data.get("format_version", 0) > FORMAT_VERSION:
        raise errors.InvalidInput("This export was made by a newer version of the workbench.")
    info = data.get("account")
    if not isinstance(info, dict):
        raise errors.InvalidInput("The export has no account section.")
    website = _text(info, "website")
    domain = domain_of(website) if website else None
    with db.session() as session:
        if domain and session.scalar(select(Account.id).where(Account.domain == domain)):
            raise errors.DuplicateDomain(
                f"An account for {domain} already exists; the import was not applied.")
        account = Account(
            name=rename or _text(info, "name") or (domain or "Imported account"),
            website=website, domain=domain,
            industry=_text(info, "industry"), notes=_text(info, "notes"),
            tier=_enum(Tier, info.get("tier", "B"), "tier"),
            stage=_enum(Stage, info.get("stage", "prepare"), "stage"),
            required_roles=_text(info, "required_roles"),
            last_researched_at=_when(info.get("last_researched_at"), "account"),
        )
        session.add(account)
        session.flush()
        _import_research(session, account, data)
        people = _import_committee(session, account, data)
        _import_calls(session, account, data, people)
        return account.id


def _import_research(session: Any, account: Account, data: dict[str, Any]) -> None:
    for page in _list(data, "pages"):
        source = Source(account=account, url=_text(page, "url"), kind="page",
                        page_kind=_text(page, "kind"), last_error=page.get("last_error"))
        session.add(source)
        history = page.get("history") or [page]
        for snap in history:
            session.add(PageSnapshot(
                source=source, title=_text(snap, "title"), text=_text(snap, "text"),
                captured_at=_when(snap.get("captured_at"), "pages"),
                status=int(snap.get("status", 200) or 200),
                content_hash=_text(snap, "content_hash")))
    feeds: dict[str, Source] = {}
    for feed in _list(data, "feeds"):
        feeds[_text(feed, "url")] = source = Source(
            account=account, url=_text(feed, "url"), kind="feed",
            added_by_user=bool(feed.get("added_by_user")))
        session.add(source)
    for fact in _list(data, "facts"):
        session.add(Fact(account=account, kind=_text(fact, "kind"), value=_text(fact, "value"),
                         source_url=_text(fact, "source_url")))
    for person in _list(data, "people"):
        session.add(FoundPerson(account=account, name=_text(person, "name"),
                                title=_text(person, "title"),
                                source_url=_text(person, "source_url")))
    for item in _list(data, "news"):
        news = NewsItem(
            account=account, dedupe_key=_text(item, "dedupe_key") or _text(item, "url")
            or _text(item, "title"),
            guid=_text(item, "guid"), url=_text(item, "url"), title=_text(item, "title"),
            published_at=_when(item.get("published_at"), "news"),
            summary=_text(item, "summary"), text=_text(item, "text"),
            pinned=bool(item.get("pinned")), read=bool(item.get("read")))
        session.add(news)
        for trig in _list(item, "triggers"):
            session.add(NewsTrigger(news_item=news, kind=_text(trig, "kind"),
                                    evidence=_text(trig, "evidence")))


def _import_committee(session: Any, account: Account, data: dict[str, Any]) -> dict[Any, Stakeholder]:
    people: dict[Any, Stakeholder] = {}
    for rec in _list(data, "stakeholders"):
        attitude = rec.get("attitude")
        if attitude is not None and (not isinstance(attitude, int) or not -2 <= attitude <= 2):
            raise errors.InvalidInput(f"The export has a bad attitude: “{attitude}”.")
        person = Stakeholder(
            account=account, name=_text(rec, "name"), title=_text(rec, "title"),
            email=_text(rec, "email"), phone=_text(rec, "phone"),
            profile_url=_text(rec, "profile_url"),
            role=_enum(Role, rec.get("role", "unknown"), "role"), attitude=attitude,
            influence=_enum(Influence, rec.get("influence", "medium"), "influence"),
            needs=_text(rec, "needs"), dissatisfaction=_text(rec, "dissatisfaction"),
            personal_win=_text(rec, "personal_win"), plan=_text(rec, "plan"),
            notes=_text(rec, "notes"),
            last_contact=_day(rec.get("last_contact"), "stakeholders"),
            origin=_text(rec, "origin", "import"),
            x=rec.get("x"), y=rec.get("y"))
        if not person.name.strip():
            raise errors.InvalidInput("The export has a stakeholder without a name.")
        session.add(person)
        people[rec.get("id", len(people))] = person
    session.flush()
    for rec in _list(data, "relationships"):
        try:
            source, target = people[rec["source_id"]], people[rec["target_id"]]
        except KeyError as exc:
            raise errors.InvalidInput("The export has a line to a person it does not list.") from exc
        session.add(Relationship(account=account, source_id=source.id, target_id=target.id,
                                 kind=_enum(RelationKind, rec.get("kind"), "line kind")))
    return people


def _import_calls(session: Any, account: Account, data: dict[str, Any],
                  people: dict[Any, Stakeholder]) -> None:
    for rec in _list(data, "calls"):
        attendees = []
        for ref in rec.get("attendees") or []:
            if ref not in people:
                raise errors.InvalidInput("The export has a call attendee it does not list.")
            attendees.append(people[ref])
        session.add(Call(
            account=account, scheduled_at=_when(rec.get("scheduled_at"), "calls"),
            kind=_enum(CallKind, rec.get("kind", "discovery"), "call kind"),
            objective=_text(rec, "objective"), commitment_best=_text(rec, "commitment_best"),
            commitment_minimum=_text(rec, "commitment_minimum"),
            value_hypothesis=_text(rec, "value_hypothesis"),
            questions=[str(q) for q in rec.get("questions") or []],
            objections=[dict(o) for o in rec.get("objections") or []],
            talking_points=[str(t) for t in rec.get("talking_points") or []],
            notes=_text(rec, "notes"), outcome=_text(rec, "outcome"),
            next_step=_text(rec, "next_step"), attendees=attendees))
