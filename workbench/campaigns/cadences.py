"""Cadence templates: the three built-in ones (by tier) and the rep's own, stored and edited.

The built-ins are written to the database the first time campaigns are used, so
the rep edits them like any other template; `reset_builtin` puts one back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from workbench import errors
from workbench.storage.database import Database
from workbench.storage.models import Cadence, CadenceStep, Channel, Tier


@dataclass(frozen=True)
class StepSpec:
    """One step as plain data (the editor's rows, the built-ins, the account file)."""

    day_offset: int
    channel: Channel
    title: str
    script: str = ""
    item: str = ""
    cost: float = 0.0
    lead_days: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"day_offset": self.day_offset, "channel": self.channel.value, "title": self.title,
                "script": self.script, "item": self.item, "cost": self.cost,
                "lead_days": self.lead_days}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StepSpec:
        try:
            return cls(int(data.get("day_offset", 0)), Channel(data.get("channel", "phone")),
                       str(data.get("title", "")), str(data.get("script", "")),
                       str(data.get("item", "")), float(data.get("cost", 0) or 0),
                       int(data.get("lead_days", 0) or 0))
        except (TypeError, ValueError) as exc:
            raise errors.InvalidInput(f"A campaign step is malformed: {exc}.") from exc


@dataclass(frozen=True)
class CadenceSpec:
    """A template as plain data."""

    name: str
    tier: Tier | None
    description: str
    steps: tuple[StepSpec, ...] = field(default_factory=tuple)
    id: int | None = None
    builtin: bool = False

    @property
    def span_working_days(self) -> int:
        return max((s.day_offset for s in self.steps), default=0)

    @property
    def cost(self) -> float:
        return sum(s.cost for s in self.steps)


_CALL = ("Hello {first_name}, this is <your name>. I'm calling because {signal}. "
         "Companies like {account} use us to <the result>. Is that on your list this quarter?")
_VOICEMAIL = ("Voicemail: {first_name}, <your name> here, about {signal}. I'll send a short note; "
              "my number is <number>.")
_EMAIL_1 = ("Subject: {account} and {signal_kind}\n\n"
            "Hello {first_name},\n\nI read that {signal}. When that happens, teams like yours "
            "usually <the problem we solve>. Would 20 minutes next week be useful?\n\n<your name>")
_EMAIL_2 = ("Subject: Re: {account}\n\nHello {first_name},\n\nA short follow-up: here is how "
            "<a similar company> handled it: <one line>. Worth a call?\n\n<your name>")
_EMAIL_LAST = ("Subject: Should I close the file?\n\nHello {first_name},\n\nI haven't reached you; "
               "I'll assume the timing is wrong and stop writing. If {account} wants to talk "
               "later, reply to this note.\n\n<your name>")
_LETTER = ("Dear {first_name},\n\nI read that {signal}. I work with <companies like yours> on "
           "<the result>, and I would like to show you how in a short meeting.\n\n"
           "I will call you next week.\n\nYours sincerely,\n<your name>")
_SOCIAL = "Connect with {first_name}: 'I follow {account}'s news ({signal_kind}); glad to connect.'"
_MEETING = ("Subject: 20 minutes on {account}'s plans?\n\nHello {first_name},\n\nCould we meet "
            "for 20 minutes? Two times that suit me: <day>, <day>.\n\n<your name>")

BUILTIN: tuple[CadenceSpec, ...] = (
    CadenceSpec("Tier A: strategic", Tier.A,
                "11 touches over about five weeks: phone at the centre, a letter, a book and a "
                "courier for the accounts that matter most.", (
        StepSpec(0, Channel.PHONE, "Introduction call", _CALL),
        StepSpec(0, Channel.EMAIL, "Introduction email", _EMAIL_1),
        StepSpec(2, Channel.LETTER, "Personal letter", _LETTER, "Letter on headed paper", 2.0, 2),
        StepSpec(4, Channel.PHONE, "Second call", _VOICEMAIL),
        StepSpec(6, Channel.SOCIAL, "Connect on social", _SOCIAL),
        StepSpec(8, Channel.EMAIL, "Case story email", _EMAIL_2),
        StepSpec(10, Channel.BOOK, "Send a book", "Note in the book: 'Chapter 4 made me think of "
                 "{account}.'", "Business book", 25.0, 5),
        StepSpec(12, Channel.PHONE, "Call about the book", _CALL),
        StepSpec(15, Channel.COURIER, "Courier pack", "One page: how <a peer> got <result>.",
                 "Courier envelope with case study", 35.0, 2),
        StepSpec(18, Channel.MEETING, "Meeting request", _MEETING),
        StepSpec(21, Channel.EMAIL, "Last email", _EMAIL_LAST),
    )),
    CadenceSpec("Tier B: standard", Tier.B,
                "7 touches over about three weeks: calls and emails with one letter.", (
        StepSpec(0, Channel.PHONE, "Introduction call", _CALL),
        StepSpec(0, Channel.EMAIL, "Introduction email", _EMAIL_1),
        StepSpec(3, Channel.PHONE, "Second call", _VOICEMAIL),
        StepSpec(5, Channel.LETTER, "Letter", _LETTER, "Letter", 1.5, 2),
        StepSpec(7, Channel.SOCIAL, "Connect on social", _SOCIAL),
        StepSpec(10, Channel.EMAIL, "Case story email", _EMAIL_2),
        StepSpec(13, Channel.PHONE, "Last call", _CALL),
    )),
    CadenceSpec("Tier C: light", Tier.C,
                "5 touches over about two weeks, mostly email.", (
        StepSpec(0, Channel.EMAIL, "Introduction email", _EMAIL_1),
        StepSpec(2, Channel.PHONE, "Call", _CALL),
        StepSpec(5, Channel.SOCIAL, "Connect on social", _SOCIAL),
        StepSpec(8, Channel.EMAIL, "Follow-up email", _EMAIL_2),
        StepSpec(11, Channel.EMAIL, "Last email", _EMAIL_LAST),
    )),
)


def _spec(cadence: Cadence) -> CadenceSpec:
    return CadenceSpec(
        cadence.name, cadence.tier, cadence.description,
        tuple(StepSpec(s.day_offset, s.channel, s.title, s.script, s.item, s.cost, s.lead_days)
              for s in cadence.steps), cadence.id, cadence.builtin)


def _write_steps(cadence: Cadence, steps: tuple[StepSpec, ...] | list[StepSpec]) -> None:
    ordered = sorted(steps, key=lambda s: s.day_offset)  # stable: same-day steps keep order
    cadence.steps = [CadenceStep(position=i, day_offset=s.day_offset, channel=s.channel,
                                 title=s.title, script=s.script, item=s.item, cost=s.cost,
                                 lead_days=s.lead_days) for i, s in enumerate(ordered)]


def ensure_builtins(session: Session) -> None:
    """Write the built-in templates if none is stored yet (once per database)."""
    if session.scalar(select(func.count()).select_from(Cadence).where(Cadence.builtin)):
        return
    for spec in BUILTIN:
        if session.scalar(select(Cadence.id).where(Cadence.name == spec.name)) is not None:
            continue
        cadence = Cadence(name=spec.name, tier=spec.tier, description=spec.description,
                          builtin=True)
        _write_steps(cadence, spec.steps)
        session.add(cadence)
    session.flush()


def list_cadences(db: Database) -> list[CadenceSpec]:
    with db.session() as session:
        ensure_builtins(session)
        return [_spec(c) for c in session.scalars(
            select(Cadence).options(selectinload(Cadence.steps))
            .order_by(Cadence.tier.is_(None), Cadence.tier, Cadence.name))]


def get_cadence(db: Database, cadence_id: int) -> CadenceSpec:
    with db.session() as session:
        cadence = session.get(Cadence, cadence_id)
        if cadence is None:
            raise errors.NotFound(f"There is no campaign template with id {cadence_id}.")
        return _spec(cadence)


def find_cadence(session: Session, name: str | None, tier: Tier | None) -> Cadence:
    """The template called `name`, else the one for `tier` (a built-in first)."""
    ensure_builtins(session)
    if name:
        cadence = session.scalar(select(Cadence).where(func.lower(Cadence.name) == name.lower()))
        if cadence is None:
            names = ", ".join(session.scalars(select(Cadence.name).order_by(Cadence.name)))
            raise errors.NotFound(f"There is no campaign template “{name}”.",
                                  hint=f"Templates: {names}.")
        return cadence
    cadence = session.scalars(select(Cadence).where(Cadence.tier == tier)
                              .order_by(Cadence.builtin.desc(), Cadence.id)).first()
    if cadence is None:
        cadence = session.scalars(select(Cadence).order_by(Cadence.id)).first()
    if cadence is None:
        raise errors.NotFound("There is no campaign template; add one first.")
    return cadence


def save_cadence(db: Database, spec: CadenceSpec) -> int:
    """Create a template or replace one's name, tier, description and steps; returns its id."""
    name = spec.name.strip()
    if not name:
        raise errors.InvalidInput("A campaign template needs a name.")
    if not spec.steps:
        raise errors.InvalidInput("A campaign template needs at least one step.")
    with db.session() as session:
        clash = session.scalar(select(Cadence.id).where(func.lower(Cadence.name) == name.lower()))
        if clash is not None and clash != spec.id:
            raise errors.InvalidInput(f"A campaign template called “{name}” already exists.")
        cadence = session.get(Cadence, spec.id) if spec.id is not None else None
        if cadence is None:
            cadence = Cadence(builtin=False)
            session.add(cadence)
        cadence.name, cadence.tier, cadence.description = name, spec.tier, spec.description
        _write_steps(cadence, spec.steps)
        session.flush()
        return cadence.id


def delete_cadence(db: Database, cadence_id: int) -> None:
    """Remove a template; campaigns already running from it keep their planned touches."""
    with db.session() as session:
        cadence = session.get(Cadence, cadence_id)
        if cadence is None:
            raise errors.NotFound(f"There is no campaign template with id {cadence_id}.")
        session.delete(cadence)


def reset_builtin(db: Database, cadence_id: int) -> None:
    """Put a built-in template back as shipped."""
    with db.session() as session:
        cadence = session.get(Cadence, cadence_id)
        if cadence is None or not cadence.builtin:
            raise errors.InvalidInput("Only a built-in template can be reset.")
        shipped = next((s for s in BUILTIN if s.tier == cadence.tier), None)
        if shipped is None:
            raise errors.InvalidInput("This built-in template is no longer shipped.")
        cadence.name, cadence.description = shipped.name, shipped.description
        _write_steps(cadence, shipped.steps)
