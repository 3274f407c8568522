"""Coverage of the buying committee: how complete it is and what is missing or at risk.

`assess` is pure and works over plain data (anything with the `Person`/`Line`
attributes), so the map's panel and the call-prep sheet show the same flags.
Each flag names the people concerned and says what to do next in one sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from workbench import errors
from workbench.storage.database import Database
from workbench.storage.models import Influence, Role

DEFAULT_REQUIRED_ROLES: tuple[Role, ...] = (
    Role.ECONOMIC_BUYER, Role.CHAMPION, Role.TECHNICAL_EVALUATOR, Role.USER)
STALE_AFTER_DAYS = 30

# Flag codes, stable: the prep sheet and tests refer to them.
NO_ECONOMIC_BUYER = "no_economic_buyer"
NO_CHAMPION = "no_champion"
MISSING_ROLE = "missing_role"
UNPLANNED_OPPONENT = "unplanned_opponent"
NEVER_CONTACTED = "never_contacted"
STALE_CONTACT = "stale_contact"
SINGLE_THREADED = "single_threaded"
UNKNOWN_ROLE = "unknown_role"
UNKNOWN_ATTITUDE = "unknown_attitude"
EMPTY_COMMITTEE = "empty_committee"


@dataclass(frozen=True)
class Flag:
    """A gap or risk on the committee, with the people it concerns and the next step."""

    code: str
    message: str
    advice: str
    stakeholder_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Coverage:
    """How well the rep knows the committee: completeness (0..1) and red flags."""

    completeness: float
    required_roles: tuple[Role, ...]
    missing_roles: tuple[Role, ...]
    flags: list[Flag] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.completeness * 100)


def parse_required_roles(text: str) -> tuple[Role, ...]:
    """The roles stored in `Account.required_roles`; empty (or nothing valid) = the defaults."""
    roles: list[Role] = []
    for part in (text or "").split(","):
        value = part.strip().lower().replace(" ", "_")
        try:
            role = Role(value)
        except ValueError:
            continue  # a role name from a newer version: ignore rather than fail
        if role is not Role.UNKNOWN and role not in roles:
            roles.append(role)
    return tuple(roles) or DEFAULT_REQUIRED_ROLES


def format_required_roles(roles: Iterable[Role]) -> str:
    """The text stored in `Account.required_roles`; the defaults are stored as empty."""
    roles = tuple(dict.fromkeys(Role(r) for r in roles if Role(r) is not Role.UNKNOWN))
    if not roles:
        raise errors.InvalidInput("Choose at least one required role.")
    if set(roles) == set(DEFAULT_REQUIRED_ROLES) and len(roles) == len(DEFAULT_REQUIRED_ROLES):
        return ""
    return ",".join(r.value for r in roles)


def _names(people: Sequence[Any], limit: int = 4) -> str:
    names = [p.name for p in people]
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0] if names else ""


def _ids(people: Iterable[Any]) -> tuple[int, ...]:
    return tuple(p.id for p in people)


def _is_opponent(person: Any) -> bool:
    return Role(person.role) is Role.BLOCKER or (person.attitude is not None and person.attitude < 0)


def assess(stakeholders: Sequence[Any], relationships: Sequence[Any],
           required_roles: Sequence[Role] | None, today: date) -> Coverage:
    """Completeness and red flags for one committee (pure: no database, no clock).

    `stakeholders` need `id, name, role, attitude, influence, last_contact, plan`;
    `relationships` are accepted for rules about lines and are not needed by the
    current ones.
    """
    del relationships  # no current rule reads the lines; the signature is the contract
    required = tuple(dict.fromkeys(Role(r) for r in (required_roles or DEFAULT_REQUIRED_ROLES)))
    people = list(stakeholders)
    present = {Role(p.role) for p in people}
    # Completeness counts the roles exactly; only the champion flag accepts a coach.
    missing = tuple(r for r in required if r not in present)
    completeness = (len(required) - len(missing)) / len(required) if required else 1.0
    flags: list[Flag] = []

    if not people:
        flags.append(Flag(EMPTY_COMMITTEE, "No one is on the committee map yet.",
                          "Add the people research found, or import a contact list."))
        return Coverage(completeness, required, missing, flags)

    if Role.ECONOMIC_BUYER not in present:
        flags.append(Flag(
            NO_ECONOMIC_BUYER, "No economic buyer is known.",
            "Ask your champion or coach who signs off on the budget, and add them."))
    if Role.CHAMPION not in present and Role.COACH not in present:
        flags.append(Flag(
            NO_CHAMPION, "There is no champion or coach.",
            "Find someone who wins if we win and ask them to guide you through the decision."))
    other_missing = [r for r in missing if r not in (Role.ECONOMIC_BUYER, Role.CHAMPION)]
    if other_missing:
        labels = ", ".join(r.label.lower() for r in other_missing)
        flags.append(Flag(
            MISSING_ROLE, f"Required role{'s' if len(other_missing) > 1 else ''} not filled: "
                          f"{labels}.",
            "Ask your contacts who plays this part in the decision and add them to the map."))

    for person in people:
        if (_is_opponent(person) and Influence(person.influence) is Influence.HIGH
                and not (person.plan or "").strip()):
            what = "a blocker" if Role(person.role) is Role.BLOCKER else "against us"
            flags.append(Flag(
                UNPLANNED_OPPONENT,
                f"{person.name} is {what} with high influence, and no plan is noted.",
                f"Write a plan for {person.name}: learn their concern, then have a supporter "
                "they trust address it before the decision.",
                (person.id,)))

    never = [p for p in people if p.last_contact is None]
    if never:
        flags.append(Flag(
            NEVER_CONTACTED, f"Never contacted: {_names(never)}.",
            "Plan a first touch with each, through your champion where you can.", _ids(never)))
    cutoff = today - timedelta(days=STALE_AFTER_DAYS)
    stale = [p for p in people if p.last_contact is not None and p.last_contact < cutoff]
    if stale:
        flags.append(Flag(
            STALE_CONTACT, f"Not contacted for {STALE_AFTER_DAYS} days: {_names(stale)}.",
            "Reconnect with a reason: a trigger event, news or a useful insight.", _ids(stale)))

    engaged = [p for p in people if p.last_contact is not None]
    if len(engaged) == 1 and len(people) > 1:
        flags.append(Flag(
            SINGLE_THREADED, f"Single-threaded: only {engaged[0].name} is engaged.",
            f"Ask {engaged[0].name} to introduce you to two more members of the committee.",
            _ids(engaged)))

    unknown_role = [p for p in people if Role(p.role) is Role.UNKNOWN]
    if unknown_role:
        flags.append(Flag(
            UNKNOWN_ROLE, f"Role unknown: {_names(unknown_role)}.",
            "Find out what part each plays in the decision and set their role.",
            _ids(unknown_role)))
    unknown_attitude = [p for p in people if p.attitude is None]
    if unknown_attitude:
        flags.append(Flag(
            UNKNOWN_ATTITUDE, f"Attitude unknown: {_names(unknown_attitude)}.",
            "Ask your coach where each stands toward us and record it.",
            _ids(unknown_attitude)))
    return Coverage(completeness, required, missing, flags)


def coverage_for_account(db: Database, account_id: int, today: date | None = None) -> Coverage:
    """`assess` over one account's stored committee and its required roles."""
    from workbench.committee.records import load_committee

    committee = load_committee(db, account_id)
    return assess(committee.people, committee.lines,
                  parse_required_roles(committee.required_roles_text), today or date.today())
