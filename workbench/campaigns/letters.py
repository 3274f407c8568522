"""Letter steps on paper: a letter per recipient, or a sheet of address labels, as HTML.

Rendered through the prep sheet's Jinja2 environment (the rep's own `letters/`
templates override the shipped ones); the UI turns the HTML into a PDF exactly as
it does a sheet. Addresses come from the account's stored address fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import jinja2
from sqlalchemy import select

from workbench import errors
from workbench.campaigns.queue import DueTouch
from workbench.prep.render import environment
from workbench.storage.database import Database
from workbench.storage.models import Fact

LETTER_TEMPLATE = "letters/letter.html"
LABELS_TEMPLATE = "letters/labels.html"
LABEL_COLUMNS = 3


@dataclass(frozen=True)
class Recipient:
    """Who a letter goes to, with the address lines printed on it."""

    name: str
    title: str
    account: str
    address_lines: tuple[str, ...]
    body: str


def _addresses(db: Database, account_ids: set[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, tuple[str, ...]] = {}
    with db.session() as session:
        for fact in session.scalars(select(Fact).where(
                Fact.account_id.in_(account_ids), Fact.kind == "address")
                .order_by(Fact.found_at.desc(), Fact.id.desc())):
            parts = [p.strip() for p in fact.value.replace("\n", ",").split(",") if p.strip()]
            found.setdefault(fact.account_id, tuple(parts))
    return found


def recipients(db: Database, touches: Sequence[DueTouch]) -> list[Recipient]:
    addresses = _addresses(db, {t.account_id for t in touches})
    return [Recipient(t.person_name, t.person_title, t.account_name,
                      addresses.get(t.account_id, ()), t.script) for t in touches]


def _render(name: str, variables: dict[str, object]) -> str:
    try:
        return environment().get_template(name).render(variables)
    except jinja2.TemplateError as exc:
        raise errors.InvalidInput(f"The letter template “{name}” has an error: {exc}.") from exc


def letters_html(db: Database, touches: Sequence[DueTouch], today: date,
                 sender: str = "") -> str:
    """One letter per touch, each on its own page."""
    if not touches:
        raise errors.InvalidInput("There is no letter to print.")
    people = recipients(db, touches)
    return _render(LETTER_TEMPLATE, {
        "letters": [{"name": r.name, "title": r.title, "account": r.account,
                     "address": list(r.address_lines),
                     "paragraphs": [[line.strip() for line in p.strip().splitlines()]
                                    for p in r.body.split("\n\n") if p.strip()]}
                    for r in people],
        "date": today.strftime("%d %B %Y"), "sender": sender})


def labels_html(db: Database, touches: Sequence[DueTouch]) -> str:
    """A sheet of address labels, three across: one per person, however many parcels."""
    if not touches:
        raise errors.InvalidInput("There is no label to print.")
    once = list({t.stakeholder_id: t for t in reversed(touches)}.values())[::-1]
    people = recipients(db, once)
    labels = [{"name": r.name, "title": r.title, "account": r.account,
               "address": list(r.address_lines)} for r in people]
    rows = [labels[i:i + LABEL_COLUMNS] for i in range(0, len(labels), LABEL_COLUMNS)]
    return _render(LABELS_TEMPLATE, {"rows": rows, "columns": LABEL_COLUMNS})
