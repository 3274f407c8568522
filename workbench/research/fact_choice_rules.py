"""The order of trust that picks one value per kind of fact: pure Python, no database.

Given an account's stored facts (as plain rows), the kinds of its pages and the rep's
picks, this decides what is shown and which values are kept as alternatives. The ORM
read (`fact_choice.chosen_facts`) and the plain sqlite3 read of `workbench accounts
show` both hand their rows to `choose_from_rows`, so there is one way to choose.

The order of trust, most trusted first:
1. the value the rep picked (`FactPick`), while some page still gives it;
2. the company's own structured data (schema.org JSON-LD);
3. its about and contact pages (for the description: the home and about pages only);
4. its home page, then every other page;
and within one rank, the newest capture first. One phone number written two ways
("+1 617-555-0100", "(617) 555 0100") is one value, compared with `phonenumbers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import NamedTuple

from workbench.research.fact_keys import key_of

# Kinds a company has one of; any other kind (social profiles) keeps every value.
SINGLE_KINDS = ("name", "description", "address", "phone", "email", "founded", "employees",
                "ticker")
# Pages whose word on the company is trusted after its structured data.
TRUSTED_PAGES = ("about", "contact")
# The description is the company's own summary: the home or about page, never a careers
# page's "Open jobs at ...".
DESCRIPTION_PAGES = ("home", "about")

# One stored fact as both reads give it: kind, value, source URL, origin, found at.
FactRow = tuple[str, str, str, str | None, datetime | None]


class FactValue(NamedTuple):
    """One value of a fact and where it was read."""

    value: str
    source_url: str
    page_kind: str = ""
    origin: str = "page"
    found_at: datetime | None = None


class ChosenFact(NamedTuple):
    """The value shown for a kind, why, and the other values a rep may pick."""

    kind: str
    value: str
    source_url: str
    reason: str
    picked: bool = False
    alternatives: tuple[FactValue, ...] = ()


def value_key(kind: str, value: str) -> tuple[str, str]:
    """What makes two values one: a phone number's digits as `phonenumbers` reads them,
    else the research module's own key (case, address numbers, social URL)."""
    if kind == "phone":
        number = _parse_phone(value)
        if number is not None:
            import phonenumbers

            return kind, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)  # type: ignore[arg-type]
    return key_of(kind, value)


def display_value(kind: str, value: str) -> str:
    """A phone number in the international format; other values as read."""
    if kind == "phone":
        number = _parse_phone(value)
        if number is not None:
            import phonenumbers

            international = phonenumbers.PhoneNumberFormat.INTERNATIONAL
            return phonenumbers.format_number(number, international)  # type: ignore[arg-type]
    return value


def _parse_phone(value: str) -> object | None:
    try:
        import phonenumbers
    except ImportError:
        return None
    digits = re.sub(r"\D", "", value)
    # A number without its country code is read as North American when it has ten digits
    # (the common case on US sites); anything else must carry its "+".
    region = "US" if not value.strip().startswith("+") and len(digits) in (10, 11) else None
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def _rank(kind: str, value: FactValue) -> int:
    if kind == "description":
        if value.page_kind in DESCRIPTION_PAGES:
            return 0 if value.origin == "structured" else 1
        return 5
    if value.origin == "structured":
        return 0
    if value.page_kind in TRUSTED_PAGES:
        return 1
    if value.page_kind == "home":
        return 2
    return 3


def choose(kind: str, values: Iterable[FactValue], picked: str | None = None) -> ChosenFact | None:
    """The value shown for `kind` and the alternatives, or None when there is none."""
    ordered = sorted(values, key=lambda v: (_rank(kind, v), -(v.found_at.timestamp() if v.found_at else 0)))
    if not ordered:
        return None
    if kind == "description" and _rank(kind, ordered[0]) < 5:
        # Other pages describe themselves ("Open jobs at ..."), not the company.
        ordered = [v for v in ordered if _rank(kind, v) < 5]
    distinct: dict[tuple[str, str], FactValue] = {}
    for value in ordered:
        distinct.setdefault(value_key(kind, value.value), value)
    candidates = list(distinct.values())
    chosen, reason, was_picked = candidates[0], _reason(kind, candidates[0]), False
    if picked is not None:
        wanted = value_key(kind, picked)
        for candidate in candidates:
            if value_key(kind, candidate.value) == wanted:
                chosen, reason, was_picked = candidate, "picked by you", True
                break
    others = tuple(c for c in candidates if c is not chosen)
    return ChosenFact(kind, display_value(kind, chosen.value), chosen.source_url, reason,
                      was_picked, tuple(FactValue(display_value(kind, o.value), o.source_url,
                                                  o.page_kind, o.origin, o.found_at) for o in others))


def _reason(kind: str, value: FactValue) -> str:
    if value.origin == "structured":
        return "the company's structured data"
    if value.page_kind in TRUSTED_PAGES + DESCRIPTION_PAGES:
        return f"the {value.page_kind} page"
    return "another page of the site"


def choose_all(by_kind: Mapping[str, list[FactValue]], picks: Mapping[str, str]) -> list[ChosenFact]:
    """One `ChosenFact` per single-valued kind (in `SINGLE_KINDS` order), then every
    distinct value of the other kinds (social profiles), in the order given."""
    out: list[ChosenFact] = []
    for kind in SINGLE_KINDS:
        chosen = choose(kind, by_kind.get(kind, []), picks.get(kind))
        if chosen is not None:
            out.append(chosen)
    for kind, values in by_kind.items():
        if kind in SINGLE_KINDS:
            continue
        seen: set[tuple[str, str]] = set()
        for value in values:
            key = value_key(kind, value.value)
            if key not in seen:
                seen.add(key)
                out.append(ChosenFact(kind, value.value, value.source_url, _reason(kind, value)))
    return out


def choose_from_rows(page_kinds: Mapping[str, str], picks: Mapping[str, str],
                     facts: Iterable[FactRow]) -> list[ChosenFact]:
    """`choose_all` over an account's stored facts, in the order they were stored.

    `page_kinds` maps each of the account's page URLs to its kind (home, about, ...);
    `picks` each kind the rep picked a value for to that value.
    """
    by_kind: dict[str, list[FactValue]] = {}
    for kind, value, source_url, origin, found_at in facts:
        by_kind.setdefault(kind, []).append(FactValue(
            value, source_url, page_kinds.get(source_url, ""), origin or "page", found_at))
    return choose_all(by_kind, picks)
