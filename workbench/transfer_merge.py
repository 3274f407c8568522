"""Merging an account export into the account of the same domain that already exists.

The common case when moving between laptops: a colleague's newer copy of an account
you also have. `preview_merge` says what would change without writing anything;
`merge_dossier` applies it in one transaction (all or nothing):

- account fields and each person's or call's fields: where only one side has a
  value it is kept; where both differ, the side whose account was edited later wins,
  except free text (notes, needs, outcome…), where both texts are kept, newer first;
- people (matched by name), pages (by address; captures by time and content), news
  (by its deduplication key), facts, people found, feeds, lines and calls (by time
  and kind) are united: nothing already stored is removed;
- lists on a call (questions, talking points, objections, attendees) are united.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workbench import errors
from workbench.dossier import FORMAT_VERSION
from workbench.storage.database import Database
from workbench.storage.models import (
    Account,
    Call,
    NewsItem,
    Relationship,
    Source,
    Stakeholder,
)
from workbench.transfer import (
    _day,
    _enum,
    _import_calls,
    _import_research,
    _list,
    _text,
    _when,
    stakeholder_from,
)
from workbench.urls import domain_of

ACCOUNT_FIELDS = ("name", "website", "industry", "notes", "tier", "stage", "required_roles")
PERSON_FIELDS = ("title", "email", "phone", "profile_url", "role", "attitude", "influence",
                 "needs", "dissatisfaction", "personal_win", "plan", "notes")
CALL_FIELDS = ("objective", "commitment_best", "commitment_minimum", "value_hypothesis",
               "notes", "outcome", "next_step")
CALL_LISTS = ("questions", "talking_points")


@dataclass
class MergePreview:
    """What a merge would change in the existing account (nothing is written)."""

    account_id: int
    account_name: str
    theirs_newer: bool
    changed_fields: list[str] = field(default_factory=list)  # "Industry: old → new"
    new_people: list[str] = field(default_factory=list)
    changed_people: list[str] = field(default_factory=list)
    new_pages: list[str] = field(default_factory=list)
    new_captures: int = 0
    new_news: list[str] = field(default_factory=list)
    new_calls: list[str] = field(default_factory=list)
    changed_calls: list[str] = field(default_factory=list)
    new_facts: int = 0
    new_lines: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.changed_fields or self.new_people or self.changed_people
                    or self.new_pages or self.new_captures or self.new_news or self.new_calls
                    or self.changed_calls or self.new_facts or self.new_lines)

    def lines(self) -> list[str]:
        """The preview as lines a person reads."""
        if self.is_empty:
            return [f"The file holds nothing that {self.account_name} does not already have."]
        newer = "the file's" if self.theirs_newer else "yours"
        out = [f"Merging into {self.account_name} (where both differ, the newer edit wins: "
               f"{newer}):"]

        def section(title: str, items: list[str]) -> None:
            if items:
                out.append(f"{title} ({len(items)}):")
                out.extend(f"  {item}" for item in items[:20])
                if len(items) > 20:
                    out.append(f"  … and {len(items) - 20} more")

        section("Account fields changed", self.changed_fields)
        section("People added", self.new_people)
        section("People updated", self.changed_people)
        section("Calls added", self.new_calls)
        section("Calls updated", self.changed_calls)
        section("Pages added", self.new_pages)
        section("News added", self.new_news)
        counts = [f"{n} {what}" for n, what in ((self.new_captures, "page captures"),
                                                 (self.new_facts, "facts"),
                                                 (self.new_lines, "lines on the map")) if n]
        if counts:
            out.append("Also added: " + ", ".join(counts) + ".")
        return out


def _key(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


# Free text a rep writes at length: without a time per field, neither side's words may
# be dropped, so where both differ both are kept (the newer first).
KEEP_BOTH = {"notes", "needs", "dissatisfaction", "personal_win", "plan", "value_hypothesis",
             "outcome", "next_step"}


def _pick(yours: Any, theirs: Any, theirs_newer: bool, name: str = "") -> tuple[Any, bool]:
    """The merged value of one field, and whether it differs from yours."""
    if _plain(yours) == theirs or _empty(theirs):
        return yours, False
    if _empty(yours):
        return theirs, True
    if name in KEEP_BOTH and isinstance(yours, str) and isinstance(theirs, str):
        if theirs.strip() in yours:
            return yours, False
        if yours.strip() in theirs:
            return theirs, True
        newer, older = (theirs, yours) if theirs_newer else (yours, theirs)
        return f"{newer.rstrip()}\n\n{older.strip()}", True
    if theirs_newer:
        return theirs, True
    return yours, False


def _union(yours: list[Any], theirs: list[Any]) -> list[Any]:
    merged = list(yours)
    for item in theirs:
        if item not in merged:
            merged.append(item)
    return merged


def _short(value: Any, width: int = 40) -> str:
    text = " ".join(str(_plain(value) if value is not None else "—").split()) or "—"
    return text if len(text) <= width else text[:width - 1] + "…"


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _call_key(scheduled: datetime | None, kind: Any, objective: str) -> tuple[Any, ...]:
    if scheduled is not None:
        if scheduled.tzinfo is None:
            scheduled = scheduled.replace(tzinfo=UTC)
        return ("at", scheduled.astimezone(UTC).replace(second=0, microsecond=0), _plain(kind))
    return ("plan", _plain(kind), _key(objective))


def _load(session: Any, data: dict[str, Any]) -> tuple[Account, bool]:
    if data.get("format_version", 0) > FORMAT_VERSION:
        raise errors.InvalidInput("This export was made by a newer version of the workbench.")
    info = data.get("account")
    if not isinstance(info, dict):
        raise errors.InvalidInput("The export has no account section.")
    website = _text(info, "website")
    domain = domain_of(website) if website else None
    account = session.scalars(
        select(Account).where(Account.domain == domain).options(
            selectinload(Account.sources).selectinload(Source.snapshots),
            selectinload(Account.facts), selectinload(Account.found_people),
            selectinload(Account.news), selectinload(Account.stakeholders),
            selectinload(Account.relationships),
            selectinload(Account.calls).selectinload(Call.attendees))).first() \
        if domain else None
    if account is None:
        raise errors.NotFound("There is no account with this file's domain to merge into; "
                              "import it as a new account instead.")
    theirs_at = _when(info.get("updated_at"), "account")
    if theirs_at is not None and theirs_at.tzinfo is None:
        theirs_at = theirs_at.replace(tzinfo=UTC)
    yours_at = account.updated_at
    theirs_newer = theirs_at is not None and (yours_at is None or theirs_at > yours_at)
    return account, theirs_newer


def existing_account_for(db: Database, data: dict[str, Any]) -> int | None:
    """The id of the account a dossier would merge into (same domain), if there is one."""
    info = data.get("account")
    website = _text(info, "website") if isinstance(info, dict) else ""
    domain = domain_of(website) if website else None
    if not domain:
        return None
    with db.session() as session:
        return session.scalar(select(Account.id).where(Account.domain == domain))


def preview_merge(db: Database, data: dict[str, Any]) -> MergePreview:
    """What `merge_dossier` would change, without writing anything."""
    with db.session() as session:
        account, theirs_newer = _load(session, data)
        preview = _merge(session, account, data, theirs_newer, apply=False)
        session.rollback()
        return preview


def merge_dossier(db: Database, data: dict[str, Any]) -> tuple[int, MergePreview]:
    """Merge the dossier into the account with its domain, in one transaction."""
    with db.session() as session:
        account, theirs_newer = _load(session, data)
        preview = _merge(session, account, data, theirs_newer, apply=True)
        return account.id, preview


def _merge(session: Any, account: Account, data: dict[str, Any], theirs_newer: bool, *,
           apply: bool) -> MergePreview:
    preview = MergePreview(account.id, account.name, theirs_newer)
    info = data["account"]
    for name in ACCOUNT_FIELDS:
        theirs = info.get(name)
        if theirs is None:
            continue
        merged, changed = _pick(getattr(account, name), theirs, theirs_newer, name)
        if changed:
            preview.changed_fields.append(
                f"{name.replace('_', ' ').capitalize()}: {_short(getattr(account, name))} → "
                f"{_short(merged)}")
            if apply:
                if name in ("tier", "stage"):
                    merged = _enum(type(getattr(account, name)), merged, name)
                setattr(account, name, merged)
    if apply:
        researched = _when(info.get("last_researched_at"), "account")
        if researched is not None and (account.last_researched_at is None
                                       or researched > account.last_researched_at):
            account.last_researched_at = researched
    people = _merge_people(session, account, data, theirs_newer, preview, apply)
    _merge_research(session, account, data, preview, apply)
    _merge_lines(session, account, data, people, preview, apply)
    _merge_calls(session, account, data, people, theirs_newer, preview, apply)
    return preview


def _merge_people(session: Any, account: Account, data: dict[str, Any], theirs_newer: bool,
                  preview: MergePreview, apply: bool) -> dict[Any, Stakeholder]:
    from workbench.storage.models import Influence, Role

    by_name = {_key(p.name): p for p in account.stakeholders}
    people: dict[Any, Stakeholder] = {}
    for rec in _list(data, "stakeholders"):
        name = _text(rec, "name")
        if not name.strip():
            raise errors.InvalidInput("The export has a stakeholder without a name.")
        mine = by_name.get(_key(name))
        if mine is None:
            preview.new_people.append(name)
            person = stakeholder_from(rec, account)
            if apply:
                session.add(person)
            people[rec.get("id", len(people))] = person
            by_name[_key(name)] = person
            continue
        people[rec.get("id", len(people))] = mine
        changes = []
        for field_name in PERSON_FIELDS:
            if field_name not in rec:
                continue
            merged, changed = _pick(getattr(mine, field_name), rec[field_name], theirs_newer,
                                    field_name)
            if changed:
                changes.append(field_name.replace("_", " "))
                if apply:
                    if field_name == "role":
                        merged = _enum(Role, merged, "role")
                    elif field_name == "influence":
                        merged = _enum(Influence, merged, "influence")
                    setattr(mine, field_name, merged)
        contact = _day(rec.get("last_contact"), "stakeholders")
        if contact is not None and (mine.last_contact is None or contact > mine.last_contact):
            changes.append("last contact")
            if apply:
                mine.last_contact = contact
        if mine.x is None and rec.get("x") is not None and apply:
            mine.x, mine.y = rec.get("x"), rec.get("y")
        if changes:
            preview.changed_people.append(f"{mine.name}: {', '.join(changes)}")
    if apply:
        session.flush()
    return people


def _merge_research(session: Any, account: Account, data: dict[str, Any],
                    preview: MergePreview, apply: bool) -> None:
    from workbench.storage.models import PageSnapshot

    sources = {s.url: s for s in account.sources}
    new_pages = []
    for page in _list(data, "pages"):
        url = _text(page, "url")
        mine = sources.get(url)
        if mine is None or mine.kind != "page":
            if mine is None:
                new_pages.append(page)
                preview.new_pages.append(url)
            continue
        have = {(_utc(s.captured_at), s.content_hash) for s in mine.snapshots}
        for snap in page.get("history") or [page]:
            at = _utc(_when(snap.get("captured_at"), "pages"))
            if (at, _text(snap, "content_hash")) in have:
                continue
            have.add((at, _text(snap, "content_hash")))
            preview.new_captures += 1
            if apply:
                session.add(PageSnapshot(
                    source=mine, title=_text(snap, "title"), text=_text(snap, "text"),
                    captured_at=at, status=int(snap.get("status", 200) or 200),
                    content_hash=_text(snap, "content_hash")))
    facts = {(f.kind, f.value) for f in account.facts}
    new_facts = [f for f in _list(data, "facts")
                 if (_text(f, "kind"), _text(f, "value")) not in facts]
    preview.new_facts = len(new_facts)
    found = {_key(p.name) for p in account.found_people}
    new_found = [p for p in _list(data, "people") if _key(_text(p, "name")) not in found]
    new_feeds = [f for f in _list(data, "feeds") if _text(f, "url") not in sources]
    news = {n.dedupe_key for n in account.news}
    new_news = [n for n in _list(data, "news")
                if (_text(n, "dedupe_key") or _text(n, "url") or _text(n, "title")) not in news]
    preview.new_news = [_text(n, "title") or _text(n, "url") for n in new_news]
    if apply:
        _import_research(session, account, {"pages": new_pages, "feeds": new_feeds,
                                            "facts": new_facts, "people": new_found,
                                            "news": new_news})
        by_key = {n.dedupe_key: n for n in account.news if isinstance(n, NewsItem)}
        for item in _list(data, "news"):
            mine_item = by_key.get(_text(item, "dedupe_key"))
            if mine_item is not None:  # a pin or a read mark on either side stays
                mine_item.pinned = mine_item.pinned or bool(item.get("pinned"))
                mine_item.read = mine_item.read or bool(item.get("read"))


def _merge_lines(session: Any, account: Account, data: dict[str, Any],
                 people: dict[Any, Stakeholder], preview: MergePreview, apply: bool) -> None:
    from workbench.storage.models import RelationKind

    have = {(r.source_id, r.target_id, _plain(r.kind)) for r in account.relationships}
    for rec in _list(data, "relationships"):
        try:
            source, target = people[rec["source_id"]], people[rec["target_id"]]
        except KeyError as exc:
            raise errors.InvalidInput("The export has a line to a person it does not list.") from exc
        kind = _enum(RelationKind, rec.get("kind"), "line kind")
        if source.id is not None and (source.id, target.id, kind.value) in have:
            continue
        preview.new_lines += 1
        if apply:
            session.add(Relationship(account=account, source_id=source.id, target_id=target.id,
                                     kind=kind))
            have.add((source.id, target.id, kind.value))


def _merge_calls(session: Any, account: Account, data: dict[str, Any],
                 people: dict[Any, Stakeholder], theirs_newer: bool, preview: MergePreview,
                 apply: bool) -> None:
    mine = {_call_key(c.scheduled_at, c.kind, c.objective): c for c in account.calls}
    new_calls = []
    for rec in _list(data, "calls"):
        at = _when(rec.get("scheduled_at"), "calls")
        label = (f"{at.astimezone():%Y-%m-%d %H:%M}" if at else "not scheduled") + \
            f" {rec.get('kind', 'discovery')}: {_short(rec.get('objective') or '—')}"
        call = mine.get(_call_key(at, rec.get("kind", "discovery"), _text(rec, "objective")))
        if call is None:
            new_calls.append(rec)
            preview.new_calls.append(label)
            continue
        changes = []
        for name in CALL_FIELDS:
            if name not in rec:
                continue
            merged, changed = _pick(getattr(call, name), rec[name], theirs_newer, name)
            if changed:
                changes.append(name.replace("_", " "))
                if apply:
                    setattr(call, name, merged)
        for name in (*CALL_LISTS, "objections"):
            merged = _union(list(getattr(call, name) or []), list(rec.get(name) or []))
            if merged != list(getattr(call, name) or []):
                changes.append(name.replace("_", " "))
                if apply:
                    setattr(call, name, merged)
        attendees = [people[a] for a in rec.get("attendees") or [] if a in people]
        added = [p for p in attendees if p not in call.attendees]
        if added:
            changes.append("attendees")
            if apply:
                call.attendees.extend(added)
        if changes:
            preview.changed_calls.append(f"{label} ({', '.join(changes)})")
    if apply:
        _import_calls(session, account, {"calls": new_calls}, people)


def read_for_merge(path: Any) -> dict[str, Any]:
    """An account export file, read and its shape checked (as an import checks it)."""
    from workbench.safety.account_file import validate_dossier
    from workbench.transfer import read_dossier_file

    data = read_dossier_file(path)
    validate_dossier(data)
    return data
