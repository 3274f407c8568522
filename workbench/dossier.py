"""An account's whole dossier as plain data: everything stored about it, ready for JSON."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workbench.storage.database import Database
from workbench.storage.models import (
    Account,
    Cadence,
    Call,
    Enrolment,
    FactPick,
    NewsItem,
    ResearchRun,
    Source,
    Touch,
)

FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _columns(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {c.key: _plain(getattr(obj, c.key)) for c in obj.__mapper__.column_attrs
            if c.key not in skip}


def build_dossier(db: Database, account_id: int) -> dict[str, Any]:
    """Everything about one account: pages with history, facts, people, feeds, news,
    committee, calls and the errors of the last research run."""
    with db.session() as session:
        account = session.scalars(
            select(Account).where(Account.id == account_id).options(
                selectinload(Account.sources).selectinload(Source.snapshots),
                selectinload(Account.facts),
                selectinload(Account.found_people),
                selectinload(Account.news).selectinload(NewsItem.triggers),
                selectinload(Account.stakeholders),
                selectinload(Account.relationships),
                selectinload(Account.calls).selectinload(Call.attendees),
            )
        ).one()
        last_run = session.scalars(
            select(ResearchRun).where(ResearchRun.account_id == account_id)
            .order_by(ResearchRun.started_at.desc()).limit(1)
        ).first()
        pages = []
        for source in account.sources:
            if source.kind != "page":
                continue
            history = [_columns(s, ("id", "source_id")) for s in source.snapshots]
            latest = history[-1] if history else {}
            pages.append({
                "url": source.url, "kind": source.page_kind,
                "title": latest.get("title", ""), "captured_at": latest.get("captured_at"),
                "text": latest.get("text", ""), "last_error": source.last_error,
                "history": history,
            })
        campaigns = campaigns_section(session, account_id)
        from workbench.signals.transfer import export_signals

        signals = export_signals(session, account_id)
        return {
            "format": "sales-prep-workbench/account",
            "format_version": FORMAT_VERSION,
            "account": _columns(account),
            "pages": pages,
            "facts": [_columns(f, ("id", "account_id")) for f in account.facts],
            # The rep's picks among conflicting facts (research.fact_choice).
            "fact_picks": [_columns(p, ("id", "account_id")) for p in session.scalars(
                select(FactPick).where(FactPick.account_id == account_id))],
            "people": [_columns(p, ("id", "account_id")) for p in account.found_people],
            "feeds": [_columns(s, ("id", "account_id")) for s in account.sources
                      if s.kind == "feed"],
            "news": [
                {**_columns(n, ("account_id", "source_id")),
                 "triggers": [{"kind": t.kind, "evidence": t.evidence} for t in n.triggers]}
                for n in sorted(account.news, key=lambda n: n.id)
            ],
            "stakeholders": [_columns(s, ("account_id",)) for s in account.stakeholders],
            "relationships": [_columns(r, ("id", "account_id")) for r in account.relationships],
            "calls": [
                {**_columns(c, ("account_id",)), "attendees": [a.id for a in c.attendees]}
                for c in account.calls
            ],
            "last_research": None if last_run is None else {
                **_columns(last_run, ("id", "account_id")),
            },
            **campaigns,
            **signals,  # signals and muted kinds (workbench/signals/transfer.py)
        }


def campaigns_section(session: Any, account_id: int) -> dict[str, Any]:
    """The account's campaigns: the templates they use, enrolments with their planned
    touches, and every logged touch (people are referred to by their stakeholder id)."""
    enrolments = session.scalars(
        select(Enrolment).where(Enrolment.account_id == account_id)
        .options(selectinload(Enrolment.planned)).order_by(Enrolment.id)).all()
    cadence_ids = {e.cadence_id for e in enrolments if e.cadence_id is not None}
    cadences = session.scalars(select(Cadence).where(Cadence.id.in_(cadence_ids))
                               .options(selectinload(Cadence.steps))).all()
    touches = session.scalars(select(Touch).where(Touch.account_id == account_id)
                              .order_by(Touch.at, Touch.id)).all()
    return {
        "cadences": [
            {**_columns(c, ("id", "builtin", "created_at")),
             "steps": [_columns(s, ("id", "cadence_id")) for s in c.steps]}
            for c in cadences],
        "enrolments": [
            {**_columns(e, ("id", "account_id", "cadence_id")),
             "planned": [_columns(p, ("id", "enrolment_id")) for p in e.planned]}
            for e in enrolments],
        "touches": [_columns(t, ("account_id",)) for t in touches],
    }
