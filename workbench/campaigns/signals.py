"""A new signal on an account proposes the next touch, or restarts a campaign that ended.

`propose_touch_for_signal` reads only; it returns a `Proposal` whose script cites the
signal's evidence. `accept_proposal` writes it: a restarted campaign for the people
whose campaign ran out or was stopped by the rep, or a one-step touch for the
committee's lead (champion, else economic buyer, else the first person).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from workbench import errors
from workbench.campaigns.enrolment import RUNNING, committee_order, enrol
from workbench.campaigns.schedule import add_working_days, load_days_off
from workbench.storage.database import Database
from workbench.storage.models import (
    Account,
    Cadence,
    Channel,
    Enrolment,
    EnrolmentState,
    PlannedTouch,
    Stakeholder,
)

# A campaign that ended because the person said no (or their address is wrong) is not
# restarted by news; one that ran out or that the rep stopped is.
_FINAL_REASONS = ("not interested", "email bounced", "replied", "meeting booked")


@dataclass(frozen=True)
class Proposal:
    """A touch (or restarted campaign) a signal suggests, not yet written."""

    account_id: int
    action: str                      # "restart" or "touch"
    stakeholder_ids: tuple[int, ...]
    person_names: tuple[str, ...]
    channel: Channel
    due_date: date
    script: str
    kind: str
    evidence: str
    cadence_id: int | None = None
    cadence_name: str = ""

    @property
    def summary(self) -> str:
        who = ", ".join(self.person_names)
        if self.action == "restart":
            return f"Restart “{self.cadence_name}” for {who}: {self.kind.replace('_', ' ')}."
        return f"{self.channel.label} {who} about the {self.kind.replace('_', ' ')}."


def _opening(kind: str, evidence: str) -> str:
    return (f"Reason to reach out ({kind.replace('_', ' ')}): “{evidence.strip()}”\n"
            "Open with it: congratulate or acknowledge, then ask what it changes for them.\n\n")


def propose_touch_for_signal(db: Database, account_id: int, kind: str, evidence_sentence: str,
                             *, today: date, channel: Channel = Channel.PHONE) -> Proposal | None:
    """What to do about a signal on `account_id`; None when there is no one to touch or a
    campaign is already running for everyone the signal would reach."""
    if not evidence_sentence.strip():
        raise errors.InvalidInput("A signal needs the sentence that shows it.")
    days_off = load_days_off(db)
    due = add_working_days(today, 0, days_off)
    with db.session() as session:
        account = session.get(Account, account_id)
        if account is None:
            raise errors.NotFound(f"There is no account with id {account_id}.")
        enrolments = session.scalars(select(Enrolment).where(
            Enrolment.account_id == account_id).order_by(Enrolment.id)).all()
        running = {e.stakeholder_id for e in enrolments if e.state in RUNNING}
        ended: dict[int, Enrolment] = {}
        for e in enrolments:
            if e.state in (EnrolmentState.STOPPED, EnrolmentState.FINISHED) \
                    and e.stakeholder_id not in running \
                    and not any(r in e.reason for r in _FINAL_REASONS):
                ended[e.stakeholder_id] = e  # the latest campaign per person wins
        people = {p.id: p for p in session.scalars(
            select(Stakeholder).where(Stakeholder.account_id == account_id))}
        opening = _opening(kind, evidence_sentence)
        if ended:
            chosen = committee_order([people[i] for i in ended if i in people])
            last = ended[chosen[0].id]
            cadence = session.get(Cadence, last.cadence_id) if last.cadence_id else None
            if cadence is not None:
                first = cadence.steps[0] if cadence.steps else None
                return Proposal(account_id, "restart", tuple(p.id for p in chosen),
                                tuple(p.name for p in chosen),
                                first.channel if first else channel, due,
                                opening + (first.script if first else ""), kind,
                                evidence_sentence, cadence.id, cadence.name)
        candidates = committee_order([p for p in people.values() if p.id not in running])
        lead = candidates[0] if candidates else None
        if lead is None:
            if not people:
                return None
            lead = committee_order(list(people.values()))[0]
        script = opening + ("Hello {first_name}, I saw the news and thought of {account}: "
                            "<what it usually means for teams like theirs>. "
                            "Is that on your desk now?")
        return Proposal(account_id, "touch", (lead.id,), (lead.name,), channel, due, script,
                        kind, evidence_sentence)


def accept_proposal(db: Database, proposal: Proposal) -> tuple[int, ...]:
    """Write a proposal; returns the enrolments it made."""
    if proposal.action == "restart":
        result = enrol(db, proposal.account_id, start=proposal.due_date,
                       cadence_id=proposal.cadence_id, person_ids=proposal.stakeholder_ids)
        with db.session() as session:
            for enrolment_id in result.enrolment_ids:
                first = session.scalars(select(PlannedTouch).where(
                    PlannedTouch.enrolment_id == enrolment_id)
                    .order_by(PlannedTouch.position)).first()
                if first is not None:
                    first.script = proposal.script
        return result.enrolment_ids
    with db.session() as session:
        enrolment = Enrolment(
            account_id=proposal.account_id, stakeholder_id=proposal.stakeholder_ids[0],
            cadence_id=None, cadence_name=f"Signal: {proposal.kind.replace('_', ' ')}",
            start_date=proposal.due_date)
        enrolment.planned = [PlannedTouch(
            position=0, due_date=proposal.due_date, channel=proposal.channel,
            title=f"About the {proposal.kind.replace('_', ' ')}", script=proposal.script)]
        session.add(enrolment)
        session.flush()
        return (enrolment.id,)
