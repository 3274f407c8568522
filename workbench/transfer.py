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
    Cadence,
    CadenceStep,
    Call,
    CallKind,
    Channel,
    Enrolment,
    EnrolmentState,
    Fact,
    FactPick,
    FoundPerson,
    Influence,
    NewsItem,
    NewsTrigger,
    Outcome,
    PageSnapshot,
    PlannedState,
    PlannedTouch,
    RelationKind,
    Relationship,
    ResearchRun,
    Role,
    Source,
    Stage,
    Stakeholder,
    Tier,
    Touch,
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


def import_dossier(db: Database, data: dict[str, Any], *, rename: str | None = None,
                   as_copy: bool = False) -> int:
    """Create a new account from a dossier and return its id (all or nothing).

    `as_copy`: a second account beside one with the same domain (the copy keeps the
    website but no domain, and "(copy)" after its name unless renamed). To merge
    into the account that exists instead, see `workbench.transfer_merge`.
    """
    if data.get("format_version", 0) > FORMAT_VERSION:
        raise errors.InvalidInput("This export was made by a newer version of the workbench.")
    info = data.get("account")
    if not isinstance(info, dict):
        raise errors.InvalidInput("The export has no account section.")
    website = _text(info, "website")
    domain = domain_of(website) if website and not as_copy else None
    if as_copy and not rename:
        rename = f"{_text(info, 'name') or 'Imported account'} (copy)"
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
        _import_last_run(session, account, data)
        _import_campaigns(session, account, data, people)
        from workbench.signals.transfer import import_signals

        import_signals(session, account.id, data)  # signals travel with their news and pages
        return account.id


def _stamp(record: dict[str, Any], key: str, what: str) -> dict[str, datetime]:
    """A stored moment, when the export has one (else the column's default: now)."""
    moment = _when(record.get(key), what)
    return {key: moment} if moment is not None else {}


def _import_last_run(session: Any, account: Account, data: dict[str, Any]) -> None:
    # The last research run says when the account was researched and which pages failed.
    run = data.get("last_research")
    if not isinstance(run, dict):
        return
    errors_list = run.get("errors")
    summary = run.get("summary")
    session.add(ResearchRun(
        account_id=account.id, status=_text(run, "status", "ok")[:20],
        finished_at=_when(run.get("finished_at"), "last research"),
        summary=summary if isinstance(summary, dict) else {},
        errors=[e for e in errors_list if isinstance(e, dict)]
        if isinstance(errors_list, list) else [],
        **_stamp(run, "started_at", "last research")))


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
                         source_url=_text(fact, "source_url"),
                         origin=_text(fact, "origin", "page") or "page",
                         **_stamp(fact, "found_at", "facts")))
    for chosen in _list(data, "fact_picks"):
        if _text(chosen, "kind"):
            session.add(FactPick(account=account, kind=_text(chosen, "kind"),
                                 value=_text(chosen, "value"),
                                 **_stamp(chosen, "picked_at", "fact picks")))
    for person in _list(data, "people"):
        session.add(FoundPerson(account=account, name=_text(person, "name"),
                                title=_text(person, "title"),
                                source_url=_text(person, "source_url"),
                                **_stamp(person, "found_at", "people")))
    for item in _list(data, "news"):
        news = NewsItem(
            account=account, dedupe_key=_text(item, "dedupe_key") or _text(item, "url")
            or _text(item, "title"),
            guid=_text(item, "guid"), url=_text(item, "url"), title=_text(item, "title"),
            published_at=_when(item.get("published_at"), "news"),
            summary=_text(item, "summary"), text=_text(item, "text"),
            pinned=bool(item.get("pinned")), read=bool(item.get("read")),
            **_stamp(item, "fetched_at", "news"))
        session.add(news)
        for trig in _list(item, "triggers"):
            session.add(NewsTrigger(news_item=news, kind=_text(trig, "kind"),
                                    evidence=_text(trig, "evidence")))


def stakeholder_from(rec: dict[str, Any], account: Account) -> Stakeholder:
    """A new stakeholder of `account` from one exported record (its fields checked)."""
    attitude = rec.get("attitude")
    if attitude is not None and (not isinstance(attitude, int) or not -2 <= attitude <= 2):
        raise errors.InvalidInput(f"The export has a bad attitude: “{attitude}”.")
    return Stakeholder(
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


def _import_committee(session: Any, account: Account, data: dict[str, Any]) -> dict[Any, Stakeholder]:
    people: dict[Any, Stakeholder] = {}
    for rec in _list(data, "stakeholders"):
        person = stakeholder_from(rec, account)
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


def _number(record: dict[str, Any], key: str, kind: type[int] | type[float]) -> Any:
    try:
        return kind(record.get(key) or 0)
    except (TypeError, ValueError) as exc:
        raise errors.InvalidInput(f"The export has a bad number for {key}.") from exc


def _person_ref(people: dict[Any, Stakeholder], ref: Any, what: str) -> Stakeholder:
    if ref not in people:
        raise errors.InvalidInput(f"The export has {what} for a person it does not list.")
    return people[ref]


def _import_campaigns(session: Any, account: Account, data: dict[str, Any],
                      people: dict[Any, Stakeholder]) -> None:
    """Templates (kept when one of that name exists), enrolments and touches; an older
    file without these sections imports as before."""
    from workbench.campaigns.cadences import ensure_builtins

    # The built-ins first, so a file's "Tier A: strategic" finds this database's own.
    ensure_builtins(session)
    cadences: dict[str, Cadence] = {}
    for rec in _list(data, "cadences"):
        name = _text(rec, "name").strip()
        if not name:
            raise errors.InvalidInput("The export has a campaign template without a name.")
        existing = session.scalar(select(Cadence).where(Cadence.name == name))
        if existing is None:
            tier = rec.get("tier")
            existing = Cadence(name=name, description=_text(rec, "description"),
                               tier=_enum(Tier, tier, "tier") if tier else None)
            existing.steps = [CadenceStep(
                position=i, day_offset=_number(step, "day_offset", int),
                channel=_enum(Channel, step.get("channel", "phone"), "channel"),
                title=_text(step, "title"), script=_text(step, "script"),
                item=_text(step, "item"), cost=_number(step, "cost", float),
                lead_days=_number(step, "lead_days", int))
                for i, step in enumerate(_list(rec, "steps"))]
            session.add(existing)
        cadences[name] = existing
    touches: dict[Any, Touch] = {}
    for rec in _list(data, "touches"):
        person = _person_ref(people, rec.get("stakeholder_id"), "a touch")
        touch = Touch(account_id=account.id, stakeholder_id=person.id,
                      channel=_enum(Channel, rec.get("channel"), "channel"),
                      outcome=_enum(Outcome, rec.get("outcome"), "touch outcome"),
                      at=_when(rec.get("at"), "touches"), note=_text(rec, "note"),
                      out_of_office_until=_day(rec.get("out_of_office_until"), "touches"))
        session.add(touch)
        touches[rec.get("id", len(touches))] = touch
    session.flush()
    for rec in _list(data, "enrolments"):
        person = _person_ref(people, rec.get("stakeholder_id"), "a campaign")
        name = _text(rec, "cadence_name")
        start = _day(rec.get("start_date"), "campaigns")
        if start is None:
            raise errors.InvalidInput("The export has a campaign without a start date.")
        enrolment = Enrolment(
            account_id=account.id, stakeholder_id=person.id, cadence_name=name,
            cadence_id=cadences[name].id if name in cadences else None, start_date=start,
            state=_enum(EnrolmentState, rec.get("state", "active"), "campaign state"),
            reason=_text(rec, "reason"), paused_on=_day(rec.get("paused_on"), "campaigns"))
        planned = []
        for step in _list(rec, "planned"):
            due = _day(step.get("due_date"), "campaign steps")
            if due is None:
                raise errors.InvalidInput("The export has a campaign step without a date.")
            done_by = touches.get(step.get("touch_id"))
            planned.append(PlannedTouch(
                position=_number(step, "position", int), due_date=due,
                channel=_enum(Channel, step.get("channel"), "channel"),
                title=_text(step, "title"), script=_text(step, "script"),
                item=_text(step, "item"), cost=_number(step, "cost", float),
                lead_days=_number(step, "lead_days", int),
                state=_enum(PlannedState, step.get("state", "planned"), "step state"),
                touch_id=done_by.id if done_by is not None else None))
        enrolment.planned = planned
        session.add(enrolment)
