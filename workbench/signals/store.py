"""Reading and changing signals: the ranked list, one signal's detail, dismiss, seen, mute.

Small functions over the database, so the CLI, the Today view and the Signals view
read the same way (and a facade can wrap them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from workbench import errors
from workbench.signals.model import (
    KindPolicy,
    RankedSignal,
    SignalRow,
    SourceRow,
    load_policies,
)
from workbench.signals.ranking import rank
from workbench.storage.database import Database
from workbench.storage.models import Account, Signal, SignalMute, SignalSource, utcnow


def _rows(db: Database, *, since: datetime | None, tiers: Iterable[str] | None,
          account_id: int | None, include_dismissed: bool, include_muted: bool) -> list[SignalRow]:
    # Counted per signal through its index: grouping the whole source table costs more.
    count = (select(func.count(SignalSource.id)).where(SignalSource.signal_id == Signal.id)
             .correlate(Signal).scalar_subquery())
    query = (select(Signal.id, Signal.account_id, Account.name, Account.tier, Signal.kind,
                    Signal.title, Signal.evidence, Signal.origin, Signal.occurred_at,
                    Signal.first_seen_at, Signal.seen, Signal.dismissed, count)
             .join(Account, Account.id == Signal.account_id))
    if not include_dismissed:
        query = query.where(Signal.dismissed.is_(False))
    if since is not None:
        query = query.where(Signal.occurred_at >= since)
    if account_id is not None:
        query = query.where(Signal.account_id == account_id)
    chosen = [t.upper() for t in tiers] if tiers else []
    if chosen:
        query = query.where(Account.tier.in_(chosen))
    with db.session() as session:
        muted = set() if include_muted else set(session.execute(
            select(SignalMute.account_id, SignalMute.kind)).tuples())
        rows = session.execute(query).all()
    return [SignalRow(r[0], r[1], r[2], str(getattr(r[3], "value", r[3])), r[4], r[5], r[6],
                      r[7], r[8], r[9], bool(r[10]), bool(r[11]), int(r[12]))
            for r in rows if (r[1], r[4]) not in muted]


def ranked_signals(db: Database, *, since: datetime | None = None,
                   tiers: Iterable[str] | None = None, account_id: int | None = None,
                   include_dismissed: bool = False, now: datetime | None = None,
                   policies: dict[str, KindPolicy] | None = None,
                   limit: int | None = None) -> list[RankedSignal]:
    """Signals best first; dismissed ones and muted kinds left out unless asked."""
    rows = _rows(db, since=since, tiers=tiers, account_id=account_id,
                 include_dismissed=include_dismissed, include_muted=False)
    ranked = rank(rows, now or utcnow(), policies if policies is not None else load_policies())
    return ranked[:limit] if limit is not None else ranked


@dataclass(frozen=True)
class SignalDetail:
    """One signal with its sources and kind-specific details (a page's diff)."""

    row: SignalRow
    sources: tuple[SourceRow, ...]


def signal_detail(db: Database, signal_id: int) -> SignalDetail:
    with db.session() as session:
        signal = session.get(Signal, signal_id)
        if signal is None:
            raise errors.NotFound(f"There is no signal with id {signal_id}.")
        account = session.get(Account, signal.account_id)
        assert account is not None
        row = SignalRow(signal.id, signal.account_id, account.name, account.tier.value,
                        signal.kind, signal.title, signal.evidence, signal.origin,
                        signal.occurred_at, signal.first_seen_at, signal.seen, signal.dismissed,
                        len(signal.sources), dict(signal.detail or {}))
        sources = tuple(SourceRow(s.url, s.reporter, s.title, s.evidence, s.published_at,
                                  s.news_item_id, s.snapshot_id) for s in signal.sources)
    return SignalDetail(row, sources)


def _set(db: Database, ids: Iterable[int], **values: bool) -> int:
    chosen = [int(i) for i in ids]
    if not chosen:
        return 0
    with db.session() as session:
        result = session.execute(update(Signal).where(Signal.id.in_(chosen)).values(**values))
        return int(getattr(result, "rowcount", 0) or 0)


def dismiss(db: Database, signal_id: int, dismissed: bool = True) -> None:
    """Dismiss a signal (it leaves the lists) or bring it back."""
    if not _set(db, [signal_id], dismissed=dismissed):
        raise errors.NotFound(f"There is no signal with id {signal_id}.")


def mark_seen(db: Database, signal_ids: Iterable[int], seen: bool = True) -> int:
    return _set(db, signal_ids, seen=seen)


def mute_kind(db: Database, account_id: int, kind: str, muted: bool = True) -> None:
    """Stop (or start again) showing signals of one kind for one account."""
    with db.session() as session:
        existing = session.scalars(select(SignalMute).where(
            SignalMute.account_id == account_id, SignalMute.kind == kind)).first()
        if muted and existing is None:
            session.add(SignalMute(account_id=account_id, kind=kind))
        elif not muted and existing is not None:
            session.delete(existing)


def muted_kinds(db: Database, account_id: int) -> list[str]:
    with db.session() as session:
        return sorted(session.scalars(select(SignalMute.kind).where(
            SignalMute.account_id == account_id)))
