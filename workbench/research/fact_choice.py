"""The ORM half of choosing facts: read an account's facts and the rep's picks through
the session, and keep a new pick. The choosing itself (the order of trust) is in
`fact_choice_rules`, shared with the plain sqlite3 read of `workbench accounts show`;
its names are re-exported here for the callers that import them from this module.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from workbench.research.fact_choice_rules import (
    DESCRIPTION_PAGES,
    SINGLE_KINDS,
    TRUSTED_PAGES,
    ChosenFact,
    FactValue,
    choose,
    choose_all,
    choose_from_rows,
    display_value,
    value_key,
)
from workbench.storage.database import Database
from workbench.storage.models import Fact, FactPick, Source

__all__ = ["DESCRIPTION_PAGES", "SINGLE_KINDS", "TRUSTED_PAGES", "ChosenFact", "FactValue",
           "choose", "choose_all", "chosen_facts", "display_value", "pick", "pick_fact",
           "value_key"]


def chosen_facts(session: Session, account_id: int) -> list[ChosenFact]:
    """One `ChosenFact` per single-valued kind (in `SINGLE_KINDS` order), then every
    social profile, for the account."""
    kinds = dict(session.execute(select(Source.url, Source.page_kind)
                                 .where(Source.account_id == account_id)).tuples().all())
    picks = dict(session.execute(select(FactPick.kind, FactPick.value)
                                 .where(FactPick.account_id == account_id)).tuples().all())
    facts = session.execute(
        select(Fact.kind, Fact.value, Fact.source_url, Fact.origin, Fact.found_at)
        .where(Fact.account_id == account_id).order_by(Fact.id)).tuples().all()
    return choose_from_rows(kinds, picks, facts)


def pick(session: Session, account_id: int, kind: str, value: str | None) -> None:
    """Keep the rep's pick for `kind` (None forgets it: the trust order decides again)."""
    session.execute(delete(FactPick).where(FactPick.account_id == account_id, FactPick.kind == kind))
    if value is not None:
        session.add(FactPick(account_id=account_id, kind=kind, value=value))


def pick_fact(db: Database, account_id: int, kind: str, value: str | None) -> None:
    """`pick` in its own transaction (what the Overview's facts menu calls)."""
    with db.session() as session:
        pick(session, account_id, kind, value)
