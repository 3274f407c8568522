"""Make signals from what research stored: tagged news and changed pages of one account.

Run after each research or refresh (`produce_signals`). Idempotent: a news item or a
page change already behind a signal is not used twice, and a new report of an event
already known becomes one more source of that signal instead of a second signal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.signals.clustering import same_event, title_words
from workbench.signals.page_changes import LEADERSHIP_PAGES, TRIGGER_PAGES, changes_between
from workbench.storage.database import Database
from workbench.storage.models import (
    Account,
    NewsItem,
    NewsTrigger,
    PageSnapshot,
    Signal,
    SignalSource,
    Source,
    utcnow,
)

log = logging.getLogger("workbench.signals")

# Older stories are history, not a reason to call: the first research of an account
# with years of press releases must not flood the rep with signals.
MAX_AGE = timedelta(days=180)
CAPTURES_COMPARED = 5
PERSON_WINDOW = timedelta(days=90)


@dataclass
class Report:
    """One report of an event, before it is matched to a signal."""

    kind: str
    title: str
    evidence: str
    occurred_at: datetime
    origin: str
    url: str
    reporter: str
    news_item_id: int | None = None
    snapshot_id: int | None = None
    key: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class ProduceResult:
    """What one pass added."""

    new_signal_ids: list[int] = field(default_factory=list)
    sources_added: int = 0
    proposal_signal_ids: list[int] = field(default_factory=list)  # new signals proposing a touch


@dataclass
class _Cluster:
    signal: Signal
    words: frozenset[str]
    urls: set[str]


def produce_signals(db: Database, account_id: int, *, now: datetime | None = None,
                    durable: bool = True) -> ProduceResult:
    """Turn the account's new trigger-tagged news and page changes into signals.
    ``durable`` as for `Database.session` (research passes False: its last write, made
    right after, is durable and flushes this one with it)."""
    now = now or utcnow()
    result = ProduceResult()
    with db.session(durable=durable) as session:
        account = session.get(Account, account_id)
        if account is None:
            return result
        used_news, used_keys = _used(session, account_id)
        reports = [r for r in _news_reports(session, account_id, now - MAX_AGE)
                   if (r.news_item_id, r.kind) not in used_news]
        reports += [r for r in _page_reports(session, account, now - MAX_AGE)
                    if r.key not in used_keys]
        if not reports:
            return result
        clusters = [_Cluster(s, title_words(s.title, account.name), {src.url for src in s.sources})
                    for s in session.scalars(select(Signal).where(Signal.account_id == account_id))]
        reports.sort(key=lambda r: (r.occurred_at, r.news_item_id or 0, r.key))
        for report in reports:
            words = title_words(report.title, account.name)
            cluster = _match(clusters, report, words)
            if cluster is None:
                signal = Signal(account_id=account_id, kind=report.kind, title=report.title[:1000],
                                evidence=report.evidence, origin=report.origin,
                                occurred_at=report.occurred_at, first_seen_at=now,
                                detail={**report.detail, "keys": [report.key]})
                session.add(signal)
                cluster = _Cluster(signal, words, set())
                clusters.append(cluster)
                is_new = True
            else:
                signal = cluster.signal
                signal.detail = {**signal.detail,
                                 "keys": [*signal.detail.get("keys", []), report.key]}
                # The event happened when it was first reported.
                if report.occurred_at < signal.occurred_at:
                    signal.occurred_at = report.occurred_at
                cluster.words = cluster.words | words
                is_new = False
            if report.url not in cluster.urls:
                signal.sources.append(SignalSource(
                    news_item_id=report.news_item_id, snapshot_id=report.snapshot_id,
                    url=report.url[:2000], reporter=report.reporter[:2000],
                    title=report.title[:1000], evidence=report.evidence,
                    published_at=report.occurred_at))
                cluster.urls.add(report.url)
                if not is_new:
                    result.sources_added += 1
                    # A new report of an old event: the rep has not seen this source yet.
                    signal.seen = False
        session.flush()
        result.new_signal_ids = [c.signal.id for c in clusters
                                 if c.signal.first_seen_at == now and c.signal.id is not None]
    if result.new_signal_ids or result.sources_added:
        log.info("account %s: %d new signal(s), %d new source(s)", account_id,
                 len(result.new_signal_ids), result.sources_added)
    if result.new_signal_ids:
        result.proposal_signal_ids = _propose(db, account_id, result.new_signal_ids, now)
    return result


def _propose(db: Database, account_id: int, signal_ids: list[int], now: datetime) -> list[int]:
    """New high-ranked signals propose touches (kept apart: a campaigns bug never loses
    the signals, which are already stored)."""
    from workbench.signals.proposals import propose_for_new_signals

    try:
        return propose_for_new_signals(db, account_id, signal_ids, now=now)
    except Exception:  # noqa: BLE001 - the signals themselves are stored and fine
        log.exception("proposing touches for new signals failed")
        return []


def _match(clusters: list[_Cluster], report: Report, words: frozenset[str]) -> _Cluster | None:
    for cluster in clusters:
        signal = cluster.signal
        if report.kind == "leadership_change" and signal.kind == report.kind:
            if _same_person_change(signal, report):
                return cluster
            if report.origin == "page" or signal.origin == "page":
                continue
        if same_event(signal.kind, cluster.words, signal.occurred_at,
                      report.kind, words, report.occurred_at):
            return cluster
    return None


def _same_person_change(signal: Signal, report: Report) -> bool:
    """One person's arrival or departure is one event, whether a page or a story shows it
    (a company's leadership page is often updated weeks after the press release)."""
    if abs(signal.occurred_at - report.occurred_at) > PERSON_WINDOW:
        return False
    mine, theirs = report.detail.get("name", ""), (signal.detail or {}).get("name", "")
    if mine and theirs:
        return mine == theirs and report.detail.get("change") == signal.detail.get("change")
    name = mine or theirs
    if not name or (mine and report.detail.get("change") == "left"):
        return False  # a story of an appointment is not the departure of someone else
    if theirs and signal.detail.get("change") == "left":
        return False
    text = (signal.title + " " + signal.evidence) if mine else (report.title + " " + report.evidence)
    return name.casefold() in text.casefold()


def _used(session: Session, account_id: int) -> tuple[set[tuple[int | None, str]], set[str]]:
    """The news items (per kind) and page-change keys already behind the account's signals."""
    rows = session.execute(
        select(SignalSource.news_item_id, Signal.kind, Signal.detail)
        .join(Signal, Signal.id == SignalSource.signal_id)
        .where(Signal.account_id == account_id)).all()
    news = {(row[0], row[1]) for row in rows if row[0] is not None}
    keys = {key for row in rows for key in (row[2] or {}).get("keys", [])}
    return news, keys


def _news_reports(session: Session, account_id: int, since: datetime) -> list[Report]:
    rows = session.execute(
        select(NewsItem.id, NewsItem.title, NewsItem.url, NewsItem.published_at,
               NewsItem.fetched_at, NewsTrigger.kind, NewsTrigger.evidence, Source.url)
        .join(NewsTrigger, NewsTrigger.news_item_id == NewsItem.id)
        .outerjoin(Source, Source.id == NewsItem.source_id)
        .where(NewsItem.account_id == account_id)).all()
    reports = []
    for item_id, title, url, published, fetched, kind, evidence, feed in rows:
        when = published or fetched
        if when is None or when < since:
            continue
        reports.append(Report(kind, title or evidence[:200], evidence, when, "news",
                              url or f"news:{item_id}", feed or "", news_item_id=item_id,
                              key=f"news:{item_id}:{kind}"))
    return reports


def _page_reports(session: Session, account: Account, since: datetime) -> list[Report]:
    kinds = LEADERSHIP_PAGES | TRIGGER_PAGES
    # The newest captures of each such page, in two queries (not one a page).
    ranked = (select(PageSnapshot.id, PageSnapshot.source_id, func.row_number().over(
        partition_by=PageSnapshot.source_id,
        order_by=(PageSnapshot.captured_at.desc(), PageSnapshot.id.desc())).label("n"))
        .join(Source, Source.id == PageSnapshot.source_id)
        .where(Source.account_id == account.id, Source.kind == "page",
               Source.page_kind.in_(kinds)).subquery())
    newest: dict[int, list[Any]] = {}
    for snapshot_id, source_id, captured_at, text in session.execute(
            select(PageSnapshot.id, PageSnapshot.source_id, PageSnapshot.captured_at,
                   PageSnapshot.text)
            .join(ranked, ranked.c.id == PageSnapshot.id)
            .where(ranked.c.n <= CAPTURES_COMPARED).order_by(ranked.c.source_id, ranked.c.n)):
        newest.setdefault(source_id, []).append((snapshot_id, captured_at, text))
    sources = session.execute(select(Source.id, Source.url, Source.page_kind).where(
        Source.account_id == account.id, Source.kind == "page",
        Source.page_kind.in_(kinds))).all() if newest else []
    reports: list[Report] = []
    for source_id, url, page_kind in sources:
        captures = newest.get(source_id, [])
        for newer, older in zip(captures, captures[1:], strict=False):
            if newer[1] < since:
                break
            for change in changes_between(page_kind, older[2], newer[2], account.name):
                reports.append(Report(
                    change.kind, change.title, change.evidence, newer[1], "page", url,
                    urlsplit(url).netloc, snapshot_id=newer[0],
                    key=f"page:{source_id}:{newer[0]}:{change.key}",
                    detail={**change.detail, "page_url": url, "page_kind": page_kind,
                            "old_snapshot_id": older[0], "new_snapshot_id": newer[0]}))
    return reports
