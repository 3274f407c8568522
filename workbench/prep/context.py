"""Everything a call-prep sheet needs, read from the database in one go (Qt-free).

`load_sheet(db, call_id)` returns a `SheetData`: the call, the account, the
attendees, the reason to call, what changed on the company's pages since the
last call, the committee and its coverage. It holds the full texts; cutting
them to a page is `shaping.py`'s job. The committee is read once, in the same
transaction: its coverage is assessed from that read, and the sheet's map is
drawn from it (`SheetData.committee`), not read again.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workbench import errors
from workbench.committee.records import Committee, line_of, person_of
from workbench.prep.committee_view import CoverageView, coverage_of
from workbench.storage.database import Database
from workbench.storage.models import (
    Account,
    Call,
    CallKind,
    NewsItem,
    PageSnapshot,
    Relationship,
    Role,
    Source,
    Stakeholder,
)

SNAPSHOT_FACTS = (("founded", "Founded"), ("employees", "Employees"),
                  ("address", "Address"), ("phone", "Phone"))


@dataclass(frozen=True)
class Person:
    """A committee member as the sheet shows them."""

    id: int
    name: str
    title: str
    role: Role
    attitude: int | None
    influence: str
    needs: str = ""
    dissatisfaction: str = ""
    personal_win: str = ""
    last_contact: date | None = None
    phone: str = ""
    email: str = ""
    touches: str = ""   # "3 touches since 10 Nov: 2 voicemails, letter sent"


@dataclass(frozen=True)
class Trigger:
    """A news item that gives a reason to call, with its trigger events."""

    title: str
    published_at: datetime | None
    kinds: list[str]
    evidence: str
    url: str
    pinned: bool

    @property
    def source(self) -> str:
        return urlsplit(self.url).hostname or "" if self.url else ""


@dataclass(frozen=True)
class PageChange:
    """A few lines that changed on one of the company's pages."""

    title: str
    url: str
    since: datetime | None
    added: list[str]
    removed: list[str]


@dataclass(frozen=True)
class PastCall:
    when: datetime | None
    kind: CallKind
    outcome: str
    next_step: str


@dataclass
class SheetData:
    """The full content of one call's sheet, before it is cut to fit a page."""

    call_id: int
    account_id: int
    account_name: str
    industry: str = ""
    website: str = ""
    tier: str = ""
    stage: str = ""
    account_notes: str = ""
    description: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    scheduled_at: datetime | None = None
    kind: CallKind = CallKind.DISCOVERY
    objective: str = ""
    commitment_best: str = ""
    commitment_minimum: str = ""
    value_hypothesis: str = ""
    notes: str = ""
    outcome: str = ""
    next_step: str = ""
    questions: list[str] = field(default_factory=list)
    questions_from_bank: bool = False
    objections: list[dict[str, str]] = field(default_factory=list)
    talking_points: list[str] = field(default_factory=list)
    attendees: list[Person] = field(default_factory=list)
    others: list[Person] = field(default_factory=list)
    committee_size: int = 0
    coverage: CoverageView | None = None
    triggers: list[Trigger] = field(default_factory=list)
    triggers_pinned: bool = False
    changes: list[PageChange] = field(default_factory=list)
    changes_basis: str = ""   # "last call", "previous capture" or "" (nothing to compare)
    previous_call: PastCall | None = None
    today: date = field(default_factory=date.today)
    # The committee as the map draws it (read with the rest): not printed as text.
    committee: Committee | None = field(default=None, repr=False, compare=False)

    @property
    def has_role(self) -> set[Role]:
        return {p.role for p in [*self.attendees, *self.others]}


def _person(s: Stakeholder, touches: str = "") -> Person:
    return Person(s.id, s.name, s.title, s.role, s.attitude, s.influence.label, s.needs,
                  s.dissatisfaction, s.personal_win, s.last_contact, s.phone, s.email, touches)


TOUCH_HISTORY_DAYS = 90


def _touch_summaries(session: Session, person_ids: list[int], today: date) -> dict[int, str]:
    """Each person's touches of the last 90 days in one line, for their card."""
    from workbench.campaigns.history import summarise, touches_by_person

    since = datetime.combine(today - timedelta(days=TOUCH_HISTORY_DAYS), datetime.min.time(),
                             tzinfo=UTC)
    return {pid: summarise(records)
            for pid, records in touches_by_person(session, person_ids, since).items()}


def _triggers(session: Session, account_id: int, limit: int = 8) -> tuple[list[Trigger], bool]:
    """Pinned news with triggers, newest first; else the newest news with triggers."""
    items = session.scalars(
        select(NewsItem).where(NewsItem.account_id == account_id)
        .options(selectinload(NewsItem.triggers))
        .order_by(NewsItem.published_at.desc().nulls_last(), NewsItem.id.desc())).all()
    pinned = [n for n in items if n.pinned]
    tagged = [n for n in items if n.triggers]
    chosen, is_pinned = (pinned, True) if pinned else (tagged, False)
    result = []
    for item in chosen[:limit]:
        kinds = list(dict.fromkeys(t.kind.replace("_", " ") for t in item.triggers))
        evidence = next((t.evidence for t in item.triggers if t.evidence), item.summary)
        result.append(Trigger(item.title, item.published_at, kinds, evidence, item.url,
                              item.pinned))
    return result, is_pinned


def _paragraphs(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def diff_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """Lines added to and removed from a page between two captures.

    Whole lines, by one line matcher (`ndiff` would also compare the characters of
    each changed pair of lines, only to print hints the sheet never shows).
    """
    before, after = _paragraphs(old), _paragraphs(new)
    added: list[str] = []
    removed: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after).get_opcodes():
        if op == "equal":
            continue
        gone, came = before[i1:i2], after[j1:j2]
        # A line found on both sides of one changed block has moved, not changed.
        removed += [line for line in gone if line not in came]
        added += [line for line in came if line not in gone]
    return added, removed


def _page_changes(session: Session, account_id: int,
                  since: datetime | None) -> tuple[list[PageChange], str]:
    """What changed on each page since `since` (or since the capture before the newest)."""
    sources = session.scalars(
        select(Source).where(Source.account_id == account_id, Source.kind == "page")
        .order_by(Source.id)).all()
    # Every capture of every page in one query (not one per page, on each preview).
    history: dict[int, list[PageSnapshot]] = {source.id: [] for source in sources}
    for snap in session.scalars(
            select(PageSnapshot).where(PageSnapshot.source_id.in_(list(history)))
            .order_by(PageSnapshot.captured_at, PageSnapshot.id)):
        history[snap.source_id].append(snap)
    changes = []
    for source in sources:
        snaps = history[source.id]
        if len(snaps) < 2:
            continue
        newest = snaps[-1]
        if since is not None:
            before = [s for s in snaps if s.captured_at < since]
            if not before or before[-1].id == newest.id:
                continue
            base = before[-1]
        else:
            base = snaps[-2]
        added, removed = diff_lines(base.text, newest.text)
        if added or removed:
            changes.append(PageChange(newest.title or source.url, source.url, base.captured_at,
                                      added, removed))
    if not changes:
        return [], ""
    return changes, "last call" if since is not None else "previous capture"


def load_sheet(db: Database, call_id: int, today: date | None = None) -> SheetData:
    """Read everything the sheet for `call_id` shows."""
    today = today or date.today()
    with db.session() as session:
        call = session.get(Call, call_id, options=[selectinload(Call.attendees)])
        if call is None:
            raise errors.NotFound(f"There is no call with id {call_id}.")
        account = session.get(Account, call.account_id)
        assert account is not None  # the foreign key guarantees it
        data = SheetData(
            call_id=call.id, account_id=account.id, account_name=account.name,
            industry=account.industry, website=account.website, tier=account.tier.value,
            stage=account.stage.value.capitalize(), account_notes=account.notes,
            scheduled_at=call.scheduled_at, kind=call.kind, objective=call.objective,
            commitment_best=call.commitment_best, commitment_minimum=call.commitment_minimum,
            value_hypothesis=call.value_hypothesis, notes=call.notes, outcome=call.outcome,
            next_step=call.next_step, questions=list(call.questions or []),
            objections=[o for o in call.objections or [] if isinstance(o, dict)],
            talking_points=list(call.talking_points or []), today=today)
        attending = {s.id for s in call.attendees}
        everyone = session.scalars(select(Stakeholder).where(
            Stakeholder.account_id == account.id).order_by(Stakeholder.id)).all()
        touches = _touch_summaries(session, [s.id for s in everyone], today)
        data.attendees = [_person(s, touches.get(s.id, "")) for s in call.attendees]
        data.committee_size = len(everyone)
        data.others = [_person(s, touches.get(s.id, "")) for s in everyone
                       if s.id not in attending]
        lines = session.scalars(select(Relationship).where(
            Relationship.account_id == account.id).order_by(Relationship.id)).all()
        data.committee = Committee(
            account_id=account.id, account_name=account.name,
            people=tuple(person_of(s) for s in everyone),
            lines=tuple(line_of(line) for line in lines),
            required_roles_text=account.required_roles or "")

        # One value per kind, by the trust order or the rep's pick (research.fact_choice).
        from workbench.research.fact_choice import chosen_facts

        facts: dict[str, str] = {}
        for fact in chosen_facts(session, account.id):
            facts.setdefault(fact.kind, fact.value)
        data.description = facts.get("description", "")
        data.facts = [(label, facts[kind]) for kind, label in SNAPSHOT_FACTS if kind in facts]

        data.triggers, data.triggers_pinned = _triggers(session, account.id)

        previous = None
        if call.scheduled_at is not None:
            previous = session.scalars(
                select(Call).where(Call.account_id == account.id, Call.id != call.id,
                                   Call.scheduled_at < call.scheduled_at)
                .order_by(Call.scheduled_at.desc()).limit(1)).first()
        if previous is not None:
            data.previous_call = PastCall(previous.scheduled_at, previous.kind,
                                          previous.outcome, previous.next_step)
        data.changes, data.changes_basis = _page_changes(
            session, account.id, previous.scheduled_at if previous is not None else None)

    if not data.questions:
        from workbench.prep.question_bank import questions_for_sheet

        data.questions = questions_for_sheet(db, data.kind)
        data.questions_from_bank = bool(data.questions)
    data.coverage = coverage_of(data.committee, today) if data.committee_size else None
    return data


def call_time(when: datetime | None) -> str:
    """A call's time as the rep reads it: local time, weekday first."""
    if when is None:
        return "Date not set"
    local = when.astimezone()
    return local.strftime("%a %d %b %Y, %H:%M ") + (local.tzname() or "")


