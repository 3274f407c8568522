"""New high-ranked signals propose the next touch; the rep accepts (or declines) it.

After research or a refresh makes signals (`produce_signals`), each new signal that
ranks at `PROPOSE_MIN_SCORE` or more asks the campaigns
(`propose_touch_for_signal`) what to do: restart a campaign that ran out or that the
rep stopped, or one touch for the committee's lead, its script citing the signal's
evidence sentence. Nothing is enrolled until the rep accepts: the proposal is kept
on the signal (its `detail["proposal"]`), Today lists it with the touches, and
`accept_signal_proposal` writes it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from workbench import errors
from workbench.campaigns.signals import Proposal, accept_proposal, propose_touch_for_signal
from workbench.signals.store import ranked_signals
from workbench.storage.database import Database
from workbench.storage.models import Account, Channel, Signal

log = logging.getLogger("workbench.signals")

# A signal worth a touch: a fresh funding round or new executive on a tier-A account
# scores 90+, the same on tier B about 55; an old or minor story scores far less.
PROPOSE_MIN_SCORE = 50.0
PENDING, ACCEPTED, DECLINED = "pending", "accepted", "declined"


@dataclass(frozen=True)
class SignalProposal:
    """A stored proposal and the signal behind it."""

    signal_id: int
    account_name: str
    score: float
    state: str
    proposal: Proposal


def _to_json(p: Proposal, score: float) -> dict[str, object]:
    return {"state": PENDING, "score": round(score, 1), "action": p.action,
            "stakeholder_ids": list(p.stakeholder_ids), "person_names": list(p.person_names),
            "channel": p.channel.value, "due_date": p.due_date.isoformat(), "script": p.script,
            "kind": p.kind, "evidence": p.evidence, "cadence_id": p.cadence_id,
            "cadence_name": p.cadence_name}


def _from_json(account_id: int, d: dict[str, object]) -> Proposal:
    return Proposal(account_id, str(d["action"]), tuple(int(i) for i in d["stakeholder_ids"]),  # type: ignore[attr-defined]
                    tuple(str(n) for n in d["person_names"]),  # type: ignore[attr-defined]
                    Channel(str(d["channel"])), date.fromisoformat(str(d["due_date"])),
                    str(d["script"]), str(d["kind"]), str(d["evidence"]),
                    int(d["cadence_id"]) if d.get("cadence_id") is not None else None,  # type: ignore[call-overload]
                    str(d.get("cadence_name") or ""))


def propose_for_new_signals(db: Database, account_id: int, signal_ids: Iterable[int], *,
                            now: datetime, min_score: float = PROPOSE_MIN_SCORE) -> list[int]:
    """Store a proposal on each new signal that ranks high enough; returns their ids.

    Best first; a lower signal of the same pass that would propose the same thing to
    the same people (the same campaign restarted twice) is left without one."""
    wanted = set(signal_ids)
    if not wanted:
        return []
    today = now.astimezone().date()
    ranked = [r for r in ranked_signals(db, account_id=account_id, now=now)
              if r.signal.id in wanted and r.score >= min_score]
    made: dict[int, dict[str, object]] = {}
    taken: set[tuple[str, tuple[int, ...]]] = set()
    for r in ranked:
        evidence = (r.signal.evidence or r.signal.title).strip()
        if not evidence:
            continue
        proposal = propose_touch_for_signal(db, account_id, r.signal.kind, evidence, today=today)
        if proposal is None:
            continue
        key = (proposal.action, proposal.stakeholder_ids)
        if key in taken:
            continue
        taken.add(key)
        made[r.signal.id] = _to_json(proposal, r.score)
    if made:
        with db.session() as session:
            for signal in session.scalars(select(Signal).where(Signal.id.in_(list(made)))):
                signal.detail = {**(signal.detail or {}), "proposal": made[signal.id]}
        log.info("account %s: %d touch proposal(s) from new signals", account_id, len(made))
    return sorted(made)


def proposals(db: Database, *, state: str | None = PENDING, account_id: int | None = None,
              limit: int | None = None) -> list[SignalProposal]:
    """Stored proposals (pending ones by default), best signal first (the best `limit`)."""
    # The database looks into the JSON: few signals carry a proposal, and loading every
    # signal of a territory to find them cost Today most of its time.
    stored_state = Signal.detail[("proposal", "state")].as_string()
    # The signals alone, then their accounts' names: joined to the accounts, SQLite
    # starts from the accounts and reads each one's signals by index, twice the time of
    # one pass over the signals.
    query = (select(Signal.id, Signal.account_id, Signal.detail)
             .where(Signal.dismissed.is_(False),
                    stored_state.is_not(None) if state is None else stored_state == state))
    if account_id is not None:
        query = query.where(Signal.account_id == account_id)
    if limit is not None:
        query = query.order_by(Signal.detail[("proposal", "score")].as_float().desc(),
                               Signal.id).limit(limit)
    found = []
    with db.session() as session:
        rows = session.execute(query).all()
        names: dict[int, str] = {
            account: name for account, name in session.execute(
                select(Account.id, Account.name).where(
                    Account.id.in_(sorted({r[1] for r in rows}))))} if rows else {}
        for signal_id, signal_account, detail in rows:
            stored = (detail or {}).get("proposal")
            if not stored or (state is not None and stored.get("state") != state):
                continue
            found.append(SignalProposal(signal_id, names.get(signal_account, ""),
                                        float(stored.get("score", 0.0)),
                                        str(stored.get("state")),
                                        _from_json(signal_account, stored)))
    found.sort(key=lambda p: (-p.score, p.signal_id))
    return found


def _stored(db: Database, signal_id: int) -> tuple[int, dict[str, object]]:
    with db.session() as session:
        signal = session.get(Signal, signal_id)
        if signal is None:
            raise errors.NotFound(f"There is no signal with id {signal_id}.")
        stored = (signal.detail or {}).get("proposal")
        if not stored:
            raise errors.NotFound(f"Signal {signal_id} proposes no touch.")
        return signal.account_id, dict(stored)


def _set_state(db: Database, signal_id: int, state: str, **extra: object) -> None:
    with db.session() as session:
        signal = session.get(Signal, signal_id)
        assert signal is not None
        detail = dict(signal.detail or {})
        detail["proposal"] = {**detail["proposal"], "state": state, **extra}
        signal.detail = detail


def accept_signal_proposal(db: Database, signal_id: int) -> tuple[int, ...]:
    """Write the signal's proposal (restart or touch); returns the enrolments made."""
    account_id, stored = _stored(db, signal_id)
    if stored.get("state") != PENDING:
        raise errors.InvalidInput(f"Signal {signal_id}'s proposal was already {stored.get('state')}.")
    made = accept_proposal(db, _from_json(account_id, stored))
    _set_state(db, signal_id, ACCEPTED, enrolment_ids=list(made))
    return made


def decline_signal_proposal(db: Database, signal_id: int) -> None:
    """The rep does not want this touch; it leaves Today."""
    _stored(db, signal_id)
    _set_state(db, signal_id, DECLINED)
