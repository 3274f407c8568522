"""The large-database generator: the same seed gives the same file; the file is a real,
searchable workbench database with the shapes the measurements rely on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from benchmarks import generate
from workbench import accounts, search
from workbench.storage.database import open_database


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("gen") / "tiny.sqlite3"
    return path, generate.build(path, generate.TINY)


def test_the_same_seed_builds_the_same_rows(tiny, tmp_path: Path) -> None:
    path, _counts = tiny
    again = tmp_path / "again.sqlite3"
    generate.build(again, generate.TINY)
    assert generate.digest(again) == generate.digest(path)
    other = tmp_path / "other.sqlite3"
    generate.build(other, generate.TINY, seed=generate.SEED + 1)
    assert generate.digest(other) != generate.digest(path)


def test_counts_follow_the_scale(tiny) -> None:
    _path, counts = tiny
    scale = generate.TINY
    assert (counts["account"], counts["news_item"], counts["stakeholder"],
            counts["page_snapshot"], counts["call"]) == (
        scale.accounts, scale.news, scale.stakeholders, scale.snapshots, scale.calls)
    assert 0 < counts["news_trigger"] < counts["news_item"]
    assert counts["relationship"] >= counts["stakeholder"] - scale.accounts


def test_the_big_account_and_the_committee_have_their_fixed_sizes(tiny) -> None:
    path, _counts = tiny
    conn = sqlite3.connect(path)
    try:
        def count(sql: str, account: int) -> int:
            return conn.execute(sql, (account,)).fetchone()[0]

        assert count("SELECT count(*) FROM news_item WHERE account_id = ?",
                     generate.BIG_ACCOUNT_ID) == generate.BIG_ACCOUNT_NEWS
        assert count("SELECT count(*) FROM stakeholder WHERE account_id = ?",
                     generate.BIG_ACCOUNT_ID) == generate.BIG_ACCOUNT_STAKEHOLDERS
        assert count("SELECT count(*) FROM stakeholder WHERE account_id = ?",
                     generate.COMMITTEE_ACCOUNT_ID) == generate.COMMITTEE_SIZE
    finally:
        conn.close()


def test_the_program_opens_it_lists_it_and_its_search_index_is_complete(tiny) -> None:
    path, counts = tiny
    db = open_database(path)
    try:
        rows = accounts.list_accounts(db)
        assert len(rows) == counts["account"]
        assert rows[0].name.casefold() <= rows[-1].name.casefold()
        assert any(r.next_call_at is not None for r in rows)
        assert search.check(db)
        with db.engine.connect() as conn:  # the triggers set aside during the load are back
            names = conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars().all()
        assert len([n for n in names if n.startswith("search_")]) == 3 * len(search.INDEXES)
        hits = search.search(db, "northwind", kinds=["account"])
        assert [h.id for h in hits] == [generate.BIG_ACCOUNT_ID]
        # Trigger evidence is in the summaries, so the phrases a rep looks for are found.
        assert search.search(db, "funding round", kinds=["news"])
    finally:
        db.dispose()


def test_the_cache_key_names_version_scale_and_schema(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generate, "CACHE_DIR", tmp_path / "cache")
    first = generate.cached_database(generate.TINY)
    assert first.name.startswith(f"territory-v{generate.GENERATOR_VERSION}-tiny-")
    assert (tmp_path / "cache" / ".gitignore").read_text() == "*\n"
    stamp = first.stat().st_mtime_ns
    assert generate.cached_database(generate.TINY) == first
    assert first.stat().st_mtime_ns == stamp  # reused, not rebuilt
    assert not list((tmp_path / "cache").glob("*.building-*"))
