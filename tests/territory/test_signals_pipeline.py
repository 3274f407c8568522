"""Signals from two refreshes of a fixture site on 127.0.0.1 whose leadership page and feeds
change in between: a new executive, a departed one, one funding story from two feeds."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.research.server import FixtureServer
from tests.territory.fixture_site import ChangingSite
from workbench import accounts
from workbench.research.pipeline import refresh, run_research
from workbench.signals import store
from workbench.storage.models import NewsItem, Signal


def _research_twice(db, srv: FixtureServer) -> int:
    site = ChangingSite(srv)
    site.first()
    account_id = accounts.create_account(db, "Acme Robotics", srv.url("/"), tier="A")
    first = run_research(db, account_id)
    assert first.home_captured, first.errors
    site.second()
    second = refresh(db, account_id)
    assert second.home_captured, second.errors
    return account_id


def test_two_refreshes_make_one_signal_per_event(db, fixture_server: FixtureServer) -> None:
    account_id = _research_twice(db, fixture_server)
    ranked = store.ranked_signals(db)
    by_kind: dict[str, list] = {}
    for r in ranked:
        by_kind.setdefault(r.signal.kind, []).append(r)
    # The funding story came from two feeds as two news items: one signal, two sources.
    with db.session() as s:
        funding_news = s.scalar(select(func.count(NewsItem.id)).where(
            NewsItem.title.contains("Series C")))
    assert funding_news == 2
    assert len(by_kind["funding"]) == 1
    funding = store.signal_detail(db, by_kind["funding"][0].signal.id)
    assert funding.row.source_count == 2
    assert {s.reporter.rsplit("/", 2)[-2] for s in funding.sources} == {"newsroom", "trade"}
    assert "Series C" in funding.row.evidence
    # The leadership page: one joined, one left, each with the page's diff.
    people = {r.signal.title: store.signal_detail(db, r.signal.id)
              for r in by_kind["leadership_change"]}
    joined = next(d for t, d in people.items() if "Nadia Kim" in t)
    left = next(d for t, d in people.items() if "James O'Connor" in t)
    assert joined.row.detail["change"] == "joined"
    assert joined.row.detail["new_title"] == "Chief Revenue Officer"
    assert left.row.detail["change"] == "left"
    assert left.row.detail["old_title"] == "Chief Financial Officer"
    assert ["added", "Nadia Kim"] in joined.row.detail["diff"]
    assert ["removed", "James O'Connor"] in joined.row.detail["diff"]
    assert joined.sources[0].snapshot_id is not None
    # The product launch was there before the refresh: one signal, not two.
    assert len(by_kind["product_launch"]) == 1
    assert all(r.signal.account_id == account_id for r in ranked)


def test_producing_again_adds_nothing_and_ranking_explains(db, fixture_server) -> None:
    account_id = _research_twice(db, fixture_server)
    with db.session() as s:
        before = s.scalar(select(func.count(Signal.id)))
    refresh(db, account_id)  # nothing changed on the site
    with db.session() as s:
        assert s.scalar(select(func.count(Signal.id))) == before
    ranked = store.ranked_signals(db)
    # Fresh funding with two sources outranks a 20-day-old product launch.
    kinds = [r.signal.kind for r in ranked]
    assert kinds.index("funding") < kinds.index("product_launch")
    top = ranked[0]
    assert any("Tier A" in reason for reason in top.reasons)
    assert any("buying window" in reason for reason in top.reasons)


def test_dismiss_and_mute_leave_the_list(db, fixture_server) -> None:
    account_id = _research_twice(db, fixture_server)
    ranked = store.ranked_signals(db)
    funding = next(r for r in ranked if r.signal.kind == "funding")
    store.dismiss(db, funding.signal.id)
    assert all(r.signal.id != funding.signal.id for r in store.ranked_signals(db))
    assert any(r.signal.id == funding.signal.id
               for r in store.ranked_signals(db, include_dismissed=True))
    store.mute_kind(db, account_id, "leadership_change")
    assert all(r.signal.kind != "leadership_change" for r in store.ranked_signals(db))
    assert store.muted_kinds(db, account_id) == ["leadership_change"]
    store.mute_kind(db, account_id, "leadership_change", muted=False)
    assert any(r.signal.kind == "leadership_change" for r in store.ranked_signals(db))
