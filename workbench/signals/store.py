"""Reading and changing signals: the ranked list, one signal's detail, dismiss, seen, mute.

Small functions over the database, so the CLI, the Today view and the Signals view
read the same way (and a facade can wrap them).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row, bindparam, select, text, update
from sqlalchemy.orm import Session

from workbench import errors
from workbench.signals.model import (
    FALLBACK_POLICY,
    KindPolicy,
    RankedSignal,
    SignalRow,
    SourceRow,
    load_policies,
)
from workbench.signals.rank_sql import key_of_score, rank_key_sql, score_of_key
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
# The best few by rank key: ids and keys only, the rows are read after. Most signals
# have one source, so only the signals with several are counted (once, grouped).
# CROSS JOIN: SQLite then reads signals first (through the index on `occurred_at`, when
# the age is cut) and looks their accounts up, instead of walking every account.
_KEYS_SQL = """
SELECT s.id, {key} AS rank_key
FROM signal s {join}
CROSS JOIN account a
WHERE a.id = s.account_id AND {where}
"""
_BEST_ROWS_SQL = """
SELECT s.id, s.account_id, a.name, a.tier, s.kind, s.title, s.evidence, s.origin,
       s.occurred_at, s.first_seen_at, s.seen, s.dismissed,
       (SELECT count(*) FROM signal_source ss WHERE ss.signal_id = s.id), best.rank_key
FROM ({best}) best JOIN signal s ON s.id = best.id JOIN account a ON a.id = s.account_id
"""
_SOURCES_JOIN = """
LEFT JOIN (SELECT signal_id, count(*) AS n FROM signal_source GROUP BY signal_id
           HAVING count(*) > 1) c ON c.signal_id = s.id"""
_NOT_MUTED = ("NOT EXISTS (SELECT 1 FROM signal_mute m "
              "WHERE m.account_id = s.account_id AND m.kind = s.kind)")
# The rank key and the score are one number worked out by two sets of arithmetic
# (logarithms in SQL, powers here): they may differ in the last bits, never by this.
_CLOSE = 1e-9
# The age cut is set where the best possible score falls this much under the floor,
# so that a floor found as the last place kept lets that place pass the check.
_BELOW = 1e-6


def _when(value: object) -> datetime:
    # Read as stored text and parsed here: the ORM's per-value conversion costs more
    # than the query at a territory's scale. SQLite stores UTC without a zone;
    # PostgreSQL hands back datetimes.
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(f"{value}+00:00")


@dataclass(frozen=True)
class _Filters:
    since: datetime | None = None
    tiers: tuple[str, ...] = ()
    account_id: int | None = None
    include_dismissed: bool = False
    unseen_only: bool = False
    after_id: int | None = None

    def where(self, params: dict[str, object]) -> list[str]:
        where = [_NOT_MUTED]
        if not self.include_dismissed:
            where.append("s.dismissed = :no")
            params["no"] = False
        if self.unseen_only:
            where.append("s.seen = :unseen")
            params["unseen"] = False
        if self.since is not None:
            where.append("s.occurred_at >= :since")
            params["since"] = self.since
        if self.account_id is not None:
            where.append("s.account_id = :account")
            params["account"] = self.account_id
        if self.after_id is not None:
            where.append("s.id > :after")
            params["after"] = self.after_id
        if self.tiers:
            where.append("a.tier IN (" + ", ".join(f":tier{i}" for i in range(len(self.tiers)))
                         + ")")
            params.update({f"tier{i}": tier for i, tier in enumerate(self.tiers)})
        return where


def _query(sql: str, params: dict[str, object], *times: str) -> Any:
    query = text(sql)
    for name in times:  # stored the way the model stores them, so the comparisons hold
        if name in params:
            query = query.bindparams(bindparam(name, type_=UTCDateTime))
    return query


def _signal_row(r: Row[Any]) -> SignalRow:
    return SignalRow(r[0], r[1], r[2], str(r[3]), r[4], r[5], r[6], r[7], _when(r[8]),
                     _when(r[9]), bool(r[10]), bool(r[11]), int(r[12]))


def _all_rows(session: Session, filters: _Filters) -> list[SignalRow]:
    params: dict[str, object] = {}
    sql = _ROWS_SQL.format(where=" AND ".join(filters.where(params)))
    return [_signal_row(r) for r in session.execute(_query(sql, params, "since"), params)]


def ranked_signals(db: Database, *, since: datetime | None = None,
                   tiers: Iterable[str] | None = None, account_id: int | None = None,
                   include_dismissed: bool = False, unseen_only: bool = False,
                   after_id: int | None = None, now: datetime | None = None,
                   policies: dict[str, KindPolicy] | None = None,
                   limit: int | None = None) -> list[RankedSignal]:
    """Signals best first; dismissed ones and muted kinds left out unless asked
    (`after_id`: only signals made after that one).

    With a `limit`, the database picks the best few by rank key (see `_best`); only
    those rows are read and ranked here, so a list's cost follows what it shows, not the
    size of the territory.
    """
    now = now or utcnow()
    policies = policies if policies is not None else load_policies()
    filters = _Filters(since, tuple(sorted({t.upper() for t in tiers})) if tiers else (),
                       account_id, include_dismissed, unseen_only, after_id)
    with db.session() as session:
        if limit is None or limit <= 0:
            return rank(_all_rows(session, filters), now, policies)
        return _best(session, filters, limit, now, policies)


# The `limit`-th best rank key last seen per list (database, filters, limit, policies):
# where the next reading of the same list may start. Only a hint, checked every time.
_FLOORS: dict[tuple[object, ...], float] = {}


def _best(session: Session, filters: _Filters, limit: int, now: datetime,
          policies: dict[str, KindPolicy]) -> list[RankedSignal]:
    """The best `limit` signals, exactly as `rank` would order the whole list.

    1. A floor: a rank key no higher than the `limit`-th best's (from the last reading
       of the same list, else from the newest few signals).
    2. Scores only fall with age, so no signal older than the age at which even the
       best tier and kind would score under that floor can rank among the best; with
       one source that age is three weeks less than with the most sources (a signal
       with several is the rare one). The database reads only the signals since then,
       through the index on `occurred_at`, and keeps the best few by key.
    3. Those are ranked exactly here. If one left out by the limit could still reach
       the last place kept, more are read; if the floor was too high (signals
       dismissed or seen since), it is lowered to what was found, and read again.
    The key and the score are the same number worked out two ways; `_CLOSE` covers the
    last bits in which they may differ.
    """
    dialect = session.get_bind().dialect.name
    wanted = limit + max(16, limit // 10)
    memo = (id(session.get_bind()), filters, limit,
            tuple(sorted((k, p.window_days, p.weight) for k, p in policies.items())))
    floor = _FLOORS.get(memo)
    if floor is None:
        floor = _probe(session, filters, limit, now, policies, dialect)
    while True:
        bound = score_of_key(floor, now) * (1 - _BELOW) if floor is not None else 0.0
        cut = _cutoffs(bound, now, policies) if bound > 0 else None
        rows = _best_keys(session, filters, now, policies, dialect, cut, wanted)
        ranked = rank([_signal_row(r) for r in rows], now, policies)
        enough = len(ranked) >= limit
        last = _exact(ranked[limit - 1]) if enough else 0.0
        # Every row not read has a key no higher than the lowest read.
        lowest = min((float(r[13]) for r in rows), default=0.0)
        if len(rows) >= wanted and (not enough or score_of_key(lowest, now) * (1 + _CLOSE)
                                    >= last):
            wanted *= 4  # one the limit left out could still rank here
            continue
        if cut is not None and not (enough and bound * (1 + _CLOSE) < last):
            # One older than the cut could still rank here: the floor was too high.
            floor = key_of_score(last, now) if enough and last > 0 else None
            continue
        if enough and last > 0:
            if len(_FLOORS) > 64:
                _FLOORS.clear()
            _FLOORS[memo] = key_of_score(last, now)
        return ranked[:limit]


def _exact(ranked: RankedSignal) -> float:
    """A ranked signal's unrounded score (`RankedSignal.score` is rounded for showing)."""
    f = ranked.factors
    return 100.0 * f.tier * f.weight * f.recency * f.window * f.sources * (
        f.seen if ranked.signal.seen else 1.0)


def _best_keys(session: Session, filters: _Filters, now: datetime,
               policies: dict[str, KindPolicy], dialect: str,
               cut: tuple[datetime, datetime] | None, wanted: int) -> list[Row[Any]]:
    """The `wanted` best by key of the signals since the cut: their rows (as `_ROWS_SQL`
    reads them) with the key last, in no particular order."""
    # A millisecond's slack at the buying windows' edges: the key may over-rate here.
    key = rank_key_sql(dialect, policies, now, sources="c.n", edge=timedelta(milliseconds=1))
    params = dict(key.params)
    where = filters.where(params)
    if cut is not None:
        where.append("s.occurred_at >= :cut_many AND (s.occurred_at >= :cut_one "
                     "OR c.n IS NOT NULL)")
        params["cut_one"], params["cut_many"] = cut
    best = (_KEYS_SQL.format(key=key.sql, join=_SOURCES_JOIN, where=" AND ".join(where))
            + " ORDER BY rank_key DESC, s.id DESC LIMIT :wanted")
    params["wanted"] = wanted
    query = _query(_BEST_ROWS_SQL.format(best=best), params, "since", "cut_one", "cut_many",
                   *key.times)
    return list(session.execute(query, params).all())


def _probe(session: Session, filters: _Filters, limit: int, now: datetime,
           policies: dict[str, KindPolicy], dialect: str) -> float | None:
    """The `limit`-th best rank key among the newest signals (None: fewer than `limit`).

    It may only under-rate (one source each, buying windows a hair narrower), so it
    is a floor under the `limit`-th best of all."""
    key = rank_key_sql(dialect, policies, now, sources=None, edge=-timedelta(milliseconds=1))
    params = dict(key.params)
    sql = ("SELECT rank_key FROM ("
           + _KEYS_SQL.format(key=key.sql, join="", where=" AND ".join(filters.where(params)))
           + " ORDER BY s.occurred_at DESC LIMIT :newest) newest"
           " ORDER BY rank_key DESC LIMIT 1 OFFSET :nth")
    params["newest"], params["nth"] = max(2 * limit, 200), limit - 1
    found = session.execute(_query(sql, params, "since", *key.times), params).scalar()
    return None if found is None else float(found)


def _cutoffs(floor: float, now: datetime,
             policies: dict[str, KindPolicy]) -> tuple[datetime, datetime]:
    """The oldest dates a signal with one source, and one with the most sources, can
    have and still score `floor`."""
    best = 100.0 * max(TIER_WEIGHT.values()) * max(
        [p.weight for p in policies.values()] + [FALLBACK_POLICY.weight])

    def oldest(factor: float) -> datetime:
        days = RECENCY_HALF_LIFE_DAYS * math.log2(max(best * factor / floor, 1.0))
        return now - timedelta(days=days + 1e-3)

    return oldest(1.0), oldest(MAX_SOURCE_FACTOR)


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
