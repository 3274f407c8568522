"""Finding a person by what the rep types (an id or part of a name), and a committee's campaigns.

`committee_campaigns(db, account_id)` is what the enrolled committee view shows:
each person with their running campaign, its next step and their touch history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workbench import errors
from workbench.campaigns.enrolment import committee_order, remaining
from workbench.campaigns.history import summarise, touches_by_person
from workbench.storage.database import Database
from workbench.storage.models import Account, Enrolment, EnrolmentState, Stakeholder


def find_person(db: Database, ref: str, account_id: int | None = None) -> tuple[int, str]:
    """A stakeholder's id and name from an id or a (part of a) name."""
    ref = ref.strip()
    with db.session() as session:
        if ref.isdigit():
            person = session.get(Stakeholder, int(ref))
            if person is not None and account_id in (None, person.account_id):
                return person.id, person.name
        query = (select(Stakeholder.id, Stakeholder.name, Account.name)
                 .join(Account, Account.id == Stakeholder.account_id)
                 .where(func.lower(Stakeholder.name).contains(ref.lower())))
        if account_id is not None:
            query = query.where(Stakeholder.account_id == account_id)
        rows = session.execute(query.limit(11)).all()
    exact = [r for r in rows if r[1].lower() == ref.lower()]
    if len(exact) == 1:
        return exact[0][0], exact[0][1]
    if len(rows) == 1:
        return rows[0][0], rows[0][1]
    if not rows:
        raise errors.NotFound(f"There is no person called “{ref}”.")
    names = "; ".join(f"{pid}: {name} ({account})" for pid, name, account in rows[:10])
    raise errors.InvalidInput(f"“{ref}” matches several people: {names}.",
                              hint="Give the person's id, or --account.")


@dataclass(frozen=True)
class MemberCampaign:
    """One committee member with their latest campaign and touches."""

    stakeholder_id: int
    name: str
    title: str
    role: str
    last_contact: date | None
    enrolment_id: int | None
    cadence_name: str
    state: str
    reason: str
    next_step: str
    next_due: date | None
    steps_done: int
    steps_total: int
    touches: str


def committee_campaigns(db: Database, account_id: int) -> list[MemberCampaign]:
    with db.session() as session:
        people = committee_order(session.scalars(select(Stakeholder).where(
            Stakeholder.account_id == account_id)).all())
        latest: dict[int, Enrolment] = {}
        for each in session.scalars(select(Enrolment).where(Enrolment.account_id == account_id)
                                    .options(selectinload(Enrolment.planned))
                                    .order_by(Enrolment.id)):
            latest[each.stakeholder_id] = each
        history = touches_by_person(session, [p.id for p in people])
        rows = []
        for p in people:
            e = latest.get(p.id)
            rest = remaining(e) if e is not None else []
            nxt = rest[0] if rest and e is not None and e.state in (
                EnrolmentState.ACTIVE, EnrolmentState.PAUSED) else None
            rows.append(MemberCampaign(
                p.id, p.name, p.title, p.role.label, p.last_contact,
                e.id if e else None, e.cadence_name if e else "",
                e.state.value if e else "", e.reason if e else "",
                f"{nxt.channel.label}: {nxt.title}" if nxt else "",
                nxt.due_date if nxt else None,
                sum(1 for x in e.planned if x.state.value == "done") if e else 0,
                len(e.planned) if e else 0,
                summarise(history.get(p.id, []))))
        return rows
