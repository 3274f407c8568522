"""The demo shows signals; an account's export carries its signals, sources and mutes."""

from __future__ import annotations

import json

from workbench.demo import load_demo
from workbench.dossier import build_dossier
from workbench.signals import store
from workbench.storage.database import open_database
from workbench.transfer import import_dossier


def test_demo_has_ranked_signals_one_funding_with_two_sources(db) -> None:
    load_demo(db)
    ranked = store.ranked_signals(db)
    kinds = [r.signal.kind for r in ranked]
    assert {"funding", "leadership_change", "expansion"} <= set(kinds)
    funding = [r for r in ranked if r.signal.kind == "funding"]
    assert len(funding) == 1 and funding[0].signal.source_count == 2
    # The COO's appointment: the press release and the leadership page are one signal.
    coo = [r for r in ranked if "Marcus Oyelaran" in r.signal.title]
    assert len(coo) == 1 and coo[0].signal.source_count == 2
    assert ranked[0].score >= ranked[-1].score


def test_export_and_import_carry_signals_sources_and_mutes(db, tmp_path, migrated_copy) -> None:
    account_id = load_demo(db)
    top = store.ranked_signals(db)[0]
    store.dismiss(db, top.signal.id)
    store.mute_kind(db, account_id, "earnings")
    data = json.loads(json.dumps(build_dossier(db, account_id)))
    other = open_database(migrated_copy(tmp_path / "other.sqlite3"))
    try:
        new_id = import_dossier(other, data, rename="Harbor Lane copy")
        assert store.muted_kinds(other, new_id) == ["earnings"]
        mine = store.ranked_signals(db, include_dismissed=True)
        theirs = store.ranked_signals(other, include_dismissed=True)
        assert sorted((r.signal.kind, r.signal.title, r.signal.source_count,
                       r.signal.dismissed) for r in theirs) == sorted(
            (r.signal.kind, r.signal.title, r.signal.source_count, r.signal.dismissed)
            for r in mine)
        page_signal = next(r for r in theirs if r.signal.origin == "page")
        detail = store.signal_detail(other, page_signal.signal.id)
        assert all(s.snapshot_id for s in detail.sources if s.reporter == "harborlane.example")
        news_signal = next(r for r in theirs if r.signal.kind == "funding")
        assert all(s.news_item_id for s in store.signal_detail(other, news_signal.signal.id).sources)
    finally:
        other.dispose()
