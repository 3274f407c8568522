"""What the Overview tab shows about an account, read in one go."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func, select

from workbench.storage.database import Database
from workbench.storage.models import (
    Account,
    Call,
    NewsItem,
    Source,
    Stakeholder,
)


@dataclass(frozen=True)
class FactView:
    """One fact as shown: the value the trust order (or the rep) chose, why, and the
    other values found, each with its page, that the rep may pick instead."""

    kind: str
    value: str
    source_url: str
    reason: str = ""
    picked: bool = False
    alternatives: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class AccountOverview:
    id: int
    name: str
    website: str
    domain: str
    industry: str
    tier: str
    stage: str
    notes: str
    last_researched_at: datetime | None
    pages: int
    news: int
    stakeholders: int
    calls: int
    facts: list[FactView] = field(default_factory=list)

    def summary_line(self) -> str:
        researched = (self.last_researched_at.astimezone().strftime("%d %b %Y")
                      if self.last_researched_at else "never")
        return (f"{self.pages} pages · {self.news} news items · {self.stakeholders} people on "
                f"the committee · {self.calls} calls · last researched {researched}")


def load_overview(db: Database, account_id: int) -> AccountOverview:
    with db.session() as session:
        account = session.get(Account, account_id)
        if account is None:
            from workbench.errors import NotFound

            raise NotFound("That account no longer exists.")

        def count(model: type, *where: ColumnElement[bool]) -> int:
            return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

        from workbench.research.fact_choice import chosen_facts

        facts = chosen_facts(session, account_id)
        return AccountOverview(
            id=account.id, name=account.name, website=account.website,
            domain=account.domain or "", industry=account.industry, tier=account.tier.value,
            stage=account.stage.value, notes=account.notes,
            last_researched_at=account.last_researched_at,
            pages=count(Source, Source.account_id == account_id, Source.kind == "page"),
            news=count(NewsItem, NewsItem.account_id == account_id),
            stakeholders=count(Stakeholder, Stakeholder.account_id == account_id),
            calls=count(Call, Call.account_id == account_id),
            facts=[FactView(f.kind, f.value, f.source_url, f.reason, f.picked,
                            tuple((a.value, a.source_url) for a in f.alternatives)) for f in facts],
        )
