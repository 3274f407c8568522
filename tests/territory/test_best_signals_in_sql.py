"""The best few signals picked by the database's rank key are exactly the head of the whole
ranked list, whatever the mix: tiers, kinds with and without a policy, several sources,
seen, dismissed, muted, future dates, events right at a buying window's edge, the rep's
own weights, and lists read again after the top of them was dismissed."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from workbench import accounts
from workbench.signals import store
from workbench.signals.model import DEFAULT_POLICIES, KindPolicy
from workbench.storage.models import Signal, SignalSource

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
KINDS = ["funding", "earnings", "layoffs", "leadership_change", "executive_change", "legal"]


def _territory(db, n: int = 900, seed: int = 11) -> list[int]:
    rng = random.Random(seed)
    ids = [accounts.create_account(db, f"Co {i}", f"co{i}.example", tier="ABC"[i % 3])
           for i in range(9)]
    with db.session() as s:
        for k in range(n):
            kind = rng.choice(KINDS)
            roll = rng.random()
            if roll < 0.05:  # right at the kind's buying window's edge
                window = DEFAULT_POLICIES.get(kind, KindPolicy(30, 0.5, "")).window_days
                when = NOW - timedelta(days=window)
            elif roll < 0.08:
                when = NOW + timedelta(days=rng.uniform(0, 3))  # a date in the future
            else:
                when = NOW - timedelta(days=rng.uniform(0, 200))
            signal = Signal(account_id=rng.choice(ids), kind=kind, title=f"t{k}",
                            occurred_at=when, first_seen_at=when, seen=rng.random() < 0.3,
                            dismissed=rng.random() < 0.1)
            many = rng.random() < 0.15
            signal.sources = [SignalSource(url=f"u{k}-{j}")
                              for j in range(rng.randint(2, 7) if many else rng.randint(0, 1))]
            s.add(signal)
    return ids


def _ids(ranked) -> list[int]:
    return [r.signal.id for r in ranked]


@pytest.mark.parametrize("limit", [1, 7, 40, 200])
def test_the_best_n_are_the_head_of_the_whole_list(db, limit: int) -> None:
    _territory(db)
    whole = store.ranked_signals(db, now=NOW)
    best = store.ranked_signals(db, now=NOW, limit=limit)
    assert _ids(best) == _ids(whole[:limit])
    assert [r.score for r in best] == [r.score for r in whole[:limit]]


def test_filters_mutes_and_the_reps_weights_are_honoured(db) -> None:
    ids = _territory(db, seed=5)
    store.mute_kind(db, ids[0], "funding")
    policies = dict(DEFAULT_POLICIES)
    policies["earnings"] = KindPolicy(200, 10.0, "Earnings")  # the rep's own file
    policies["legal"] = KindPolicy(5, 0.0, "Legal")           # weight zero
    cases = [dict(unseen_only=True), dict(tiers=["b"]), dict(include_dismissed=True),
             dict(account_id=ids[1]), dict(since=NOW - timedelta(days=40)),
             dict(after_id=300), dict(tiers=["A", "C"], unseen_only=True)]
    for filters in cases:
        whole = store.ranked_signals(db, now=NOW, policies=policies, **filters)
        assert all(not (r.signal.account_id == ids[0] and r.signal.kind == "funding")
                   for r in whole)
        for limit in (3, 25):
            best = store.ranked_signals(db, now=NOW, policies=policies, limit=limit, **filters)
            assert _ids(best) == _ids(whole[:limit]), (filters, limit)


def test_reading_again_after_the_top_is_dismissed_or_seen_stays_exact(db) -> None:
    _territory(db, seed=3)
    first = store.ranked_signals(db, now=NOW, limit=30)
    # The remembered floor is now too high: the list must find the new 30th itself.
    for r in first[:25]:
        store.dismiss(db, r.signal.id)
    store.mark_seen(db, [r.signal.id for r in first[25:]])
    again = store.ranked_signals(db, now=NOW, limit=30)
    assert _ids(again) == _ids(store.ranked_signals(db, now=NOW)[:30])
    for days in (45, 400):  # every score has aged, windows have closed; then all round to 0
        later = NOW + timedelta(days=days)
        for _ in range(2):  # the second reading starts from the floor the first left
            assert _ids(store.ranked_signals(db, now=later, limit=30)) == _ids(
                store.ranked_signals(db, now=later)[:30])


def test_fewer_signals_than_the_limit_are_all_shown(db) -> None:
    _territory(db, n=12)
    assert _ids(store.ranked_signals(db, now=NOW, limit=500)) == _ids(
        store.ranked_signals(db, now=NOW))
