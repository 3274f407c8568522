"""The rules behind signals, without a database: page changes, clustering, ranking, policies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from workbench.signals.clustering import same_event, title_words
from workbench.signals.model import SignalRow, load_policies
from workbench.signals.page_changes import changes_between, leadership_changes
from workbench.signals.ranking import rank

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_leadership_changes_joined_left_and_new_title() -> None:
    old = "Leadership\nAnna Berg\nChief Executive Officer\nJonas Falk\nVP Sales\nLi Wei\nCFO"
    new = "Leadership\nAnna Berg\nChief Executive Officer\nJonas Falk\nChief Revenue Officer"
    changes = {c.detail["name"]: c for c in leadership_changes(old, new, "Nordic Co")}
    assert changes["Jonas Falk"].detail == {"name": "Jonas Falk", "old_title": "VP Sales",
                                            "new_title": "Chief Revenue Officer",
                                            "change": "new_title"}
    assert changes["Li Wei"].detail["change"] == "left"
    assert "Anna Berg" not in changes


def test_a_broken_capture_is_not_a_mass_departure() -> None:
    old = "Leadership\nAnna Berg\nChief Executive Officer"
    assert leadership_changes(old, "Service unavailable") == []


def test_a_press_page_gaining_a_trigger_sentence_is_a_signal() -> None:
    old = "Press\nAcme at ProMat 2026."
    new = old + "\nAcme Robotics acquires Boxwise, a maker of packing software."
    found = changes_between("press", old, new)
    assert [c.kind for c in found] == ["acquisition"]
    assert "Boxwise" in found[0].evidence and found[0].detail["diff"]
    assert changes_between("careers", old, new) == []  # not a page that announces events


def test_clustering_same_story_different_headlines() -> None:
    a = title_words("Acme Robotics raises $40M Series C led by Northstar", "Acme Robotics")
    b = title_words("Warehouse robot maker Acme closes $40 million Series C", "Acme Robotics")
    c = title_words("Acme Robotics raises seed money in 2019", "Acme Robotics")
    assert same_event("funding", a, NOW, "funding", b, NOW + timedelta(hours=5))
    assert not same_event("funding", a, NOW, "funding", b, NOW + timedelta(days=30))
    assert not same_event("funding", a, NOW, "acquisition", b, NOW)
    assert not same_event("funding", b, NOW, "funding", c, NOW)


def _row(i: int, tier: str, kind: str, days: float, sources: int = 1,
         seen: bool = False) -> SignalRow:
    when = NOW - timedelta(days=days)
    return SignalRow(i, i, f"Co {i}", tier, kind, f"t{i}", "", "news", when, when, seen,
                     False, sources)


def test_ranking_follows_tier_recency_sources_window_and_seen() -> None:
    policies = load_policies(Path("/nonexistent"))
    ranked = rank([_row(1, "C", "funding", 1), _row(2, "A", "funding", 1),
                   _row(3, "A", "funding", 1, sources=3), _row(4, "A", "funding", 70),
                   _row(5, "A", "funding", 1, seen=True)], NOW, policies)
    order = [r.signal.id for r in ranked]
    assert order[:2] == [3, 2]
    assert order.index(2) < order.index(5) < order.index(1)  # seen lowers, tier C lowest
    assert order[-1] == 4  # past the 60-day buying window
    past = next(r for r in ranked if r.signal.id == 4)
    assert not past.in_window and any("Past the 60-day" in reason for reason in past.reasons)


def test_the_rep_can_change_a_kinds_buying_window(tmp_path: Path) -> None:
    file = tmp_path / "signal_windows.toml"
    file.write_text("[funding]\nwindow_days = 90\n[custom]\nwindow_days = 5\nweight = 2\n")
    policies = load_policies(file)
    assert policies["funding"].window_days == 90 and policies["funding"].weight == 1.0
    assert policies["custom"].weight == 2.0
    file.write_text("[funding\n")  # broken: the built-in values stay
    assert load_policies(file)["funding"].window_days == 60


def test_the_best_n_read_only_what_can_rank_there_and_match_the_whole_list(db) -> None:
    import random

    from workbench import accounts
    from workbench.signals import store
    from workbench.storage.models import Signal, SignalSource

    rng = random.Random(7)
    ids = [accounts.create_account(db, f"Co {i}", f"co{i}.example", tier="ABC"[i % 3])
           for i in range(6)]
    with db.session() as s:
        for n in range(700):
            when = NOW - timedelta(days=rng.uniform(0, 400))
            signal = Signal(account_id=rng.choice(ids), kind=rng.choice(["funding", "earnings",
                                                                         "layoffs"]),
                            title=f"t{n}", occurred_at=when, first_seen_at=when,
                            seen=rng.random() < 0.3)
            signal.sources = [SignalSource(url=f"u{n}-{k}") for k in range(rng.randint(1, 4))]
            s.add(signal)
    whole = store.ranked_signals(db, now=NOW)
    for n in (1, 10, 60):
        best = store.ranked_signals(db, now=NOW, limit=n)
        assert [r.signal.id for r in best] == [r.signal.id for r in whole[:n]]
    unseen = store.ranked_signals(db, now=NOW, unseen_only=True, limit=10)
    assert [r.signal.id for r in unseen] == [r.signal.id for r in whole if not r.signal.seen][:10]
    assert store.count_signals(db, unseen_only=True) == sum(1 for r in whole if not r.signal.seen)
