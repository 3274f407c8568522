"""Reading and changing signals: the ranked list, one signal's detail, dismiss, seen, mute.

Small functions over the database, so the CLI, the Today view and the Signals view
read the same way (and a facade can wrap them).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, select, text, update

from workbench import errors
from workbench.signals.model import (
    KindPolicy,
    RankedSignal,
    SignalRow,
    SourceRow,
    load_policies,
)
from workbench.signals.ranking import (
    MAX_SOURCE_FACTOR,
    RECENCY_HALF_LIFE_DAYS,
    TIER_WEIGHT,
    rank,
)
from workbench.storage.database import Database
from workbench.storage.models import Account, Signal, SignalMute, utcnow
from workbench.storage.models.base import UTCDateTime

_ROWS_SQL = """
SELECT s.id, s.account_id, a.name, a.tier, s.kind, s.title, s.evidence, s.origin,
       s.occurred_at, s.first_seen_at, s.seen, s.dismissed,
       (SELECT count(*) FROM signal_source ss WHERE ss.signal_id = s.id)
FROM signal s JOIN account a ON a.id = s.account_id
WHERE {where}
"""


def _when(value: object) -> datetime:
    # Read as stored text and parsed here: the ORM's per-value conversion costs more
    # than the query at a territory's scale. SQLite stores UTC without a zone;
    # PostgreSQL hands back datetimes.
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def _rows(db: Database, *, since: datetime | None, tiers: Iterable[str] | None,
          account_id: int | None, include_dismissed: bool, include_muted: bool,
          unseen_only: bool = False, newest: int | None = None) -> list[SignalRow]:
    where = ["1 = 1"]
    params: dict[str, object] = {}
    if not include_dismissed:
        where.append("s.dismissed = :no")
        params["no"] = False
    if unseen_only:
        where.append("s.seen = :unseen")
        params["unseen"] = False
    if since is not None:
        where.append("s.occurred_at >= :since")
        params["since"] = since
    if account_id is not None:
        where.append("s.account_id = :account")
        params["account"] = account_id
    chosen = sorted({t.upper() for t in tiers}) if tiers else []
    if chosen:
        where.append("a.tier IN (" + ", ".join(f":tier{i}" for i in range(len(chosen))) + ")")
        params.update({f"tier{i}": tier for i, tier in enumerate(chosen)})
    with db.session() as session:
        muted = set() if include_muted else set(session.execute(
            select(SignalMute.account_id, SignalMute.kind)).tuples())
        sql = _ROWS_SQL.format(where=" AND ".join(where))
        if newest is not None:
            sql += " ORDER BY s.occurred_at DESC LIMIT :newest"
            params["newest"] = newest
        query = text(sql)
        if since is not None:  # stored the way the model stores it, so the comparison holds
            query = query.bindparams(bindparam("since", type_=UTCDateTime))
        rows = session.execute(query, params).all()
    return [SignalRow(r[0], r[1], r[2], str(r[3]), r[4], r[5], r[6], r[7], _when(r[8]),
                      _when(r[9]), bool(r[10]), bool(r[11]), int(r[12]))
            for r in rows if (r[1], r[4]) not in muted]


def ranked_signals(db: Database, *, since: datetime | None = None,
                   tiers: Iterable[str] | None = None, account_id: int | None = None,
                   include_dismissed: bool = False, unseen_only: bool = False,
                   now: datetime | None = None, policies: dict[str, KindPolicy] | None = None,
                   limit: int | None = None) -> list[RankedSignal]:
    """Signals best first; dismissed ones and muted kinds left out unless asked.

    With a `limit`, only signals recent enough to reach the top `limit` are read: the
    newest few hundred are ranked first, and no signal older than the age at which even a
    tier-A, top-weight, many-source event would score below the `limit`-th best can rank
    above it (scores only fall with age), so the rest of the territory is never read.
    """
    now = now or utcnow()
    policies = policies if policies is not None else load_policies()
    filters = {"tiers": tiers, "account_id": account_id, "include_dismissed": include_dismissed,
               "include_muted": False, "unseen_only": unseen_only}
    if limit is not None and limit > 0:
        probe = max(4 * limit, 200)
        recent = _rows(db, since=since, newest=probe, **filters)  # type: ignore[arg-type]
        ranked = rank(recent, now, policies)
        if len(recent) < probe:
            return ranked[:limit]  # that was every signal
        if len(ranked) >= limit and ranked[limit - 1].score > 0:
            cutoff = now - timedelta(days=_age_below(ranked[limit - 1].score, policies))
            since = cutoff if since is None else max(since, cutoff)
    rows = _rows(db, since=since, **filters)  # type: ignore[arg-type]
    ranked = rank(rows, now, policies)
    return ranked[:limit] if limit is not None else ranked


def _age_below(score: float, policies: dict[str, KindPolicy]) -> float:
    """Days after which no signal can score `score` or more (with a margin for rounding)."""
    best = (100.0 * max(TIER_WEIGHT.values()) * max([p.weight for p in policies.values()] + [1.0])
            * MAX_SOURCE_FACTOR * 1.01)
    return RECENCY_HALF_LIFE_DAYS * math.log2(max(best / score, 1.0)) + 1.0


def count_signals(db: Database, *, unseen_only: bool = False) -> int:
    """How many signals the lists would show (not dismissed, not muted)."""
    where = "s.dismissed = :no" + (" AND s.seen = :no" if unseen_only else "")
    with db.session() as session:
        return int(session.execute(text(
            "SELECT count(*) FROM signal s WHERE " + where + " AND NOT EXISTS (SELECT 1 FROM "
            "signal_mute m WHERE m.account_id = s.account_id AND m.kind = s.kind)"),
            {"no": False}).scalar() or 0)


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
