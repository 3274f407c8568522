"""The ranking as a SQL expression, so the database picks the best few signals itself.

A score is a product of factors, one of which halves every `RECENCY_HALF_LIFE_DAYS`;
its base-2 logarithm is therefore a plain sum, and the part that depends on "now" is
the same for every signal. The key

    log2(tier) + log2(weight) + log2(sources) + log2(seen) + log2(window) + day / half-life

(`day` being when the event happened, in days since 1970) orders signals exactly as
their scores do, needs no power or logarithm in SQL (the logarithms are constants worked
out here), and works the same on SQLite and PostgreSQL. `ORDER BY key DESC LIMIT n`
then reads the few rows a list shows instead of every signal of the territory.

The key is used to choose candidates, never as the score: the caller ranks the rows it
reads with `ranking.rank` (the one definition of a score) and reads more if a row it
left out could still rank among them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from workbench.signals.model import FALLBACK_POLICY, KindPolicy
from workbench.signals.ranking import (
    MAX_SOURCE_FACTOR,
    OUT_OF_WINDOW,
    RECENCY_HALF_LIFE_DAYS,
    SEEN_FACTOR,
    SOURCE_BONUS,
    TIER_WEIGHT,
)

# log2 of a zero weight: far below any real key, but a number SQL can add.
_NEVER = -1.0e6
_EPOCH_JULIAN_DAY = 2440587.5


def _log2(value: float) -> float:
    return math.log2(value) if value > 0 else _NEVER


def event_day_sql(dialect: str, column: str = "s.occurred_at") -> str:
    """When the event happened, in days since 1970 (UTC), as the backend computes it."""
    if dialect == "postgresql":
        return f"(EXTRACT(EPOCH FROM {column}) / 86400.0)"
    return f"(julianday({column}) - {_EPOCH_JULIAN_DAY})"


@dataclass(frozen=True)
class RankKey:
    """The key's SQL, its parameters, and which of them are timestamps (to be bound
    the way the model stores them)."""

    sql: str
    params: dict[str, object]
    times: tuple[str, ...]


def rank_key_sql(dialect: str, policies: dict[str, KindPolicy], now: datetime, *,
                 sources: str | None = "sources", edge: timedelta = timedelta(0)) -> RankKey:
    """The key expression over `s` (signal), `a` (account) and a `sources` count column
    (NULL or None: one source). Higher keys rank first.

    `edge` widens each buying window by a hair (or, below zero, narrows it), so that
    where the backend and Python might differ at a window's very edge the key errs on
    the side the caller needs: over-rating when choosing candidates, under-rating when
    looking for a floor."""
    params: dict[str, object] = {"rk_now": now.timestamp() / 86400.0,
                                 "rk_half": RECENCY_HALF_LIFE_DAYS, "rk_now_at": now}
    times = ["rk_now_at"]
    # A future date counts as today, as `ranking.rank` clamps the age at zero.
    recency = (f"(CASE WHEN s.occurred_at > :rk_now_at THEN :rk_now "
               f"ELSE {event_day_sql(dialect)} END) / :rk_half")

    tiers = []
    for i, (tier, weight) in enumerate(sorted(TIER_WEIGHT.items())):
        params[f"rk_t{i}"], params[f"rk_tw{i}"] = tier, _log2(weight)
        tiers.append(f"WHEN :rk_t{i} THEN :rk_tw{i}")
    params["rk_tw_else"] = _log2(0.3)
    tier_term = f"(CASE a.tier {' '.join(tiers)} ELSE :rk_tw_else END)"

    # Weight and buying window in one: inside the window the kind's weight, past it
    # the weight times the out-of-window factor.
    kinds = []
    out = _log2(OUT_OF_WINDOW)
    listed = sorted(policies.items())
    for i, (kind, policy) in enumerate([*listed, ("", FALLBACK_POLICY)]):
        params[f"rk_ks{i}"] = now - timedelta(days=policy.window_days) - edge
        params[f"rk_kw{i}"] = _log2(policy.weight)
        params[f"rk_ko{i}"] = _log2(policy.weight) + out
        times.append(f"rk_ks{i}")
        inside = (f"CASE WHEN s.occurred_at >= :rk_ks{i} THEN :rk_kw{i} "
                  f"ELSE :rk_ko{i} END")
        if i < len(listed):
            params[f"rk_k{i}"] = kind
            kinds.append(f"WHEN :rk_k{i} THEN {inside}")
        else:
            kinds.append(f"ELSE {inside}")
    kind_term = f"(CASE s.kind {' '.join(kinds)} END)" if listed else f"({inside})"

    if sources is None:
        sources_term = "0.0"
    else:
        steps = []
        full = 1 + math.ceil((MAX_SOURCE_FACTOR - 1.0) / SOURCE_BONUS)
        for n in range(2, full):
            params[f"rk_s{n}"] = _log2(1.0 + SOURCE_BONUS * (n - 1))
            steps.append(f"WHEN {sources} = {n} THEN :rk_s{n}")
        params["rk_s_max"] = _log2(MAX_SOURCE_FACTOR)
        sources_term = (f"(CASE WHEN {sources} IS NULL OR {sources} <= 1 THEN 0.0 "
                        f"{' '.join(steps)} ELSE :rk_s_max END)")
    params["rk_seen"] = _log2(SEEN_FACTOR)
    seen_term = "(CASE WHEN s.seen THEN :rk_seen ELSE 0.0 END)"
    return RankKey(" + ".join((tier_term, kind_term, sources_term, seen_term, recency)),
                   params, tuple(times))


def score_of_key(key: float, now: datetime) -> float:
    """The score a key stands for at `now` (the inverse of the sum above)."""
    return 100.0 * 2.0 ** (key - now.timestamp() / 86400.0 / RECENCY_HALF_LIFE_DAYS)


def key_of_score(score: float, now: datetime) -> float:
    return math.log2(score / 100.0) + now.timestamp() / 86400.0 / RECENCY_HALF_LIFE_DAYS
