"""Rank signals for the rep: account tier, recency, number of sources, the kind's buying
window, and whether the rep has already seen it. Each factor is a multiplier the rep can
read back ("why it ranks here")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from workbench.signals.model import (
    KindPolicy,
    RankedSignal,
    RankFactors,
    SignalRow,
    policy_for,
)

TIER_WEIGHT = {"A": 1.0, "B": 0.6, "C": 0.3}
RECENCY_HALF_LIFE_DAYS = 21.0
OUT_OF_WINDOW = 0.25
SOURCE_BONUS = 0.25
MAX_SOURCE_FACTOR = 2.0
SEEN_FACTOR = 0.6


def rank_one(row: SignalRow, now: datetime, policies: dict[str, KindPolicy]) -> RankedSignal:
    """The score of one signal (0–100 for a fresh, unseen, tier-A, top-weight event)."""
    policy = policies.get(row.kind) or policy_for(policies, row.kind)
    age_days = max(0.0, (now - row.occurred_at).total_seconds() / 86400)
    tier = TIER_WEIGHT.get(row.tier, 0.3)
    recency = 0.5 ** (age_days / RECENCY_HALF_LIFE_DAYS)
    in_window = age_days <= policy.window_days
    window = 1.0 if in_window else OUT_OF_WINDOW
    sources = min(MAX_SOURCE_FACTOR, 1.0 + SOURCE_BONUS * max(0, row.source_count - 1))
    seen = SEEN_FACTOR if row.seen else 1.0
    score = 100.0 * tier * policy.weight * recency * window * sources * seen
    factors = RankFactors(tier, policy.weight, policy.label, age_days, recency,
                          RECENCY_HALF_LIFE_DAYS, policy.window_days, window, sources,
                          SEEN_FACTOR)
    return RankedSignal(row, round(score, 2), in_window, factors)


def rank(rows: Iterable[SignalRow], now: datetime,
         policies: dict[str, KindPolicy]) -> list[RankedSignal]:
    """Signals best first (ties: the newer first)."""
    ranked = [rank_one(row, now, policies) for row in rows]
    ranked.sort(key=lambda r: (-r.score, -r.signal.occurred_at.timestamp(), -r.signal.id))
    return ranked
