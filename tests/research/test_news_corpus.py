"""Every real feed of the shared corpus: no crash, each story once, a second run adds nothing.

`current/` and `malformed/` go through the real HTTP path (server on 127.0.0.1, the
research client, `ingest_feeds`); `real-2009/` is fed as bytes to `parse_feed` and
`store_entries`, which is the same code without the sockets.
"""

from __future__ import annotations

import functools
from collections import Counter
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import corpora_dir
from tests.research.server import FixtureServer
from workbench.accounts import create_account
from workbench.research import feeds, news
from workbench.research.http import HttpClient
from workbench.storage.database import Database
from workbench.storage.models import NewsItem, Source

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


def _assert_each_story_once(db: Database, account: int) -> int:
    with db.session() as session:
        rows = session.execute(select(NewsItem.dedupe_key, NewsItem.guid, NewsItem.url)
                               .where(NewsItem.account_id == account)).all()
    guids = Counter(g for _, g, _ in rows if g)
    assert not [g for g, n in guids.items() if n > 1], "a GUID landed twice"
    keys = Counter(k for k, _, _ in rows)
    assert not [k for k, n in keys.items() if n > 1], "a story landed twice"
    return len(rows)


def test_corpus_feeds_over_http_land_once(db: Database) -> None:
    folder = corpora_dir("feeds")
    account = create_account(db, "Corpus", "corpus.example")
    with FixtureServer() as srv, HttpClient(allow_private_hosts={"127.0.0.1"}, deadline=10.0) as client:
        for sub in ("current", "malformed"):
            srv.serve_folder(folder / sub, prefix=f"/{sub}/")
        urls = [srv.url(path) for path in sorted(srv.routes) if not path.endswith("LICENSE")]
        assert len(urls) > 120

        first = news.ingest_feeds(db, account, urls, client, articles_per_run=0,
                                   probe_common=False)
        assert first.feeds == len(urls)
        assert first.items_added > 250
        # Every refusal is a sentence, recorded on the feed's Source.
        assert all(e["error"] for e in first.errors)
        assert len(first.errors) < 15
        count = _assert_each_story_once(db, account)
        assert count == first.items_added

        second = news.ingest_feeds(db, account, urls, client, articles_per_run=0,
                                   probe_common=False)
        assert second.items_added == 0
        assert _assert_each_story_once(db, account) == count
    with db.session() as session:
        failed = session.scalars(select(Source).where(Source.last_error.is_not(None))).all()
        assert {s.url for s in failed} == {e["url"] for e in first.errors}


@functools.cache
def _parsed_2009(folder: Path) -> tuple[feeds.ParsedFeed, ...]:
    """The 2009 feeds parsed once per test process: parsing (about half the test's
    time) knows no database, so the SQLite and PostgreSQL runs share it."""
    parsed = []
    for file in sorted(folder.glob("*")):
        if file.is_file() and file.name != "LICENSE":
            try:
                parsed.append(feeds.parse_feed(file.read_bytes(), "http://feeds.test/" + file.name))
            except feeds.FeedError:
                continue
    return tuple(parsed)


def test_real_2009_feeds_as_bytes_land_once(db: Database) -> None:
    folder = corpora_dir("feeds", "real-2009")
    account = create_account(db, "Corpus 2009", "corpus2009.example")
    parsed = _parsed_2009(folder)
    assert len(parsed) > 160
    entries = sum(len(p.entries) for p in parsed)
    for entry in (e for p in parsed for e in p.entries):
        assert entry.published is None or entry.published.tzinfo == UTC
        assert not entry.link or entry.link.startswith(("http://", "https://"))
    # One memory of known stories per run, as `ingest_feeds` keeps it.
    seen = news.SeenStories()
    added = sum(news.store_entries(db, account, None, p.entries, seen=seen) for p in parsed)
    assert 0.9 * entries <= added <= entries  # duplicates across feeds merged, nothing lost
    assert _assert_each_story_once(db, account) == added
    with db.session() as session:
        seen_again = news.SeenStories.load(session, account)  # the second run starts from the database
    assert sum(news.store_entries(db, account, None, p.entries, seen=seen_again) for p in parsed) == 0
