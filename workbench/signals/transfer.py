"""Signals in an account's export file, and back: they travel with the news and pages behind them.

A source names its news item by the item's dedupe key and its page capture by the
page's address and capture time, since ids change between databases.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench import errors
from workbench.storage.models import (
    NewsItem,
    PageSnapshot,
    Signal,
    SignalMute,
    SignalSource,
    Source,
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_signals(session: Session, account_id: int) -> dict[str, Any]:
    """{"signals": [...], "signal_mutes": [...]} for one account's export."""
    news_keys = dict(session.execute(select(NewsItem.id, NewsItem.dedupe_key).where(
        NewsItem.account_id == account_id)).tuples().all())
    captures = {row[0]: {"url": row[1], "captured_at": _iso(row[2])} for row in session.execute(
        select(PageSnapshot.id, Source.url, PageSnapshot.captured_at)
        .join(Source, Source.id == PageSnapshot.source_id)
        .where(Source.account_id == account_id))}
    signals = []
    for signal in session.scalars(select(Signal).where(Signal.account_id == account_id)
                                  .order_by(Signal.id)):
        signals.append({
            "kind": signal.kind, "title": signal.title, "evidence": signal.evidence,
            "origin": signal.origin, "occurred_at": _iso(signal.occurred_at),
            "first_seen_at": _iso(signal.first_seen_at),
            # A touch proposal names people by this database's ids: it stays here.
            "detail": {k: v for k, v in (signal.detail or {}).items() if k != "proposal"},
            "seen": signal.seen, "dismissed": signal.dismissed,
            "sources": [{
                "url": s.url, "reporter": s.reporter, "title": s.title, "evidence": s.evidence,
                "published_at": _iso(s.published_at),
                "news": news_keys.get(s.news_item_id) if s.news_item_id else None,
                "capture": captures.get(s.snapshot_id) if s.snapshot_id else None,
            } for s in signal.sources],
        })
    mutes = [{"kind": kind, "muted_at": _iso(muted_at)} for kind, muted_at in session.execute(
        select(SignalMute.kind, SignalMute.muted_at).where(SignalMute.account_id == account_id))]
    return {"signals": signals, "signal_mutes": mutes}


def _when(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise errors.InvalidInput(f"The export has a bad date in signals: “{value}”.") from exc


def _records(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise errors.InvalidInput(f"The export's “{key}” section is malformed.")
    return value


def import_signals(session: Session, account_id: int, data: dict[str, Any]) -> None:
    """Add an export's signals and mutes to a just-imported account (same transaction)."""
    records = _records(data, "signals")
    mutes = _records(data, "signal_mutes")
    if not records and not mutes:
        return
    session.flush()
    news = dict(session.execute(select(NewsItem.dedupe_key, NewsItem.id).where(
        NewsItem.account_id == account_id)).tuples().all())
    captures = {(row[1], _iso(row[2])): row[0] for row in session.execute(
        select(PageSnapshot.id, Source.url, PageSnapshot.captured_at)
        .join(Source, Source.id == PageSnapshot.source_id)
        .where(Source.account_id == account_id))}
    for rec in records:
        detail = rec.get("detail") or {}
        if not isinstance(detail, dict):
            raise errors.InvalidInput("The export has a signal with malformed details.")
        detail = {k: v for k, v in detail.items() if k != "proposal"}  # another database's ids
        signal = Signal(
            account_id=account_id, kind=str(rec.get("kind") or "")[:40],
            title=str(rec.get("title") or "")[:1000], evidence=str(rec.get("evidence") or ""),
            origin=str(rec.get("origin") or "news")[:20], detail=detail,
            occurred_at=_when(rec.get("occurred_at")) or datetime.now().astimezone(),
            first_seen_at=_when(rec.get("first_seen_at")) or datetime.now().astimezone(),
            seen=bool(rec.get("seen")), dismissed=bool(rec.get("dismissed")))
        if not signal.kind:
            raise errors.InvalidInput("The export has a signal without a kind.")
        for src in _records(rec, "sources"):
            capture = src.get("capture")
            snapshot_id = (captures.get((capture.get("url"), _iso(_when(capture.get("captured_at")))))
                           if isinstance(capture, dict) else None)
            signal.sources.append(SignalSource(
                url=str(src.get("url") or "")[:2000], reporter=str(src.get("reporter") or ""),
                title=str(src.get("title") or "")[:1000], evidence=str(src.get("evidence") or ""),
                published_at=_when(src.get("published_at")),
                news_item_id=news.get(str(src.get("news"))) if src.get("news") else None,
                snapshot_id=snapshot_id))
        session.add(signal)
    for mute in mutes:
        if mute.get("kind"):
            muted_at = _when(mute.get("muted_at"))
            session.add(SignalMute(account_id=account_id, kind=str(mute["kind"])[:40],
                                   **({"muted_at": muted_at} if muted_at else {})))
