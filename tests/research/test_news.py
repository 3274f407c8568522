"""Reading an account's feeds over real HTTP on 127.0.0.1: once per story, politely."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.research.server import FixtureServer, Route
from workbench.accounts import create_account
from workbench.errors import InvalidInput
from workbench.research import CancelToken, feeds, news
from workbench.research.http import HttpClient
from workbench.storage.database import Database
from workbench.storage.models import NewsItem, NewsTrigger, Source

RSS_TYPE = "application/rss+xml; charset=utf-8"


def rss(*items: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
            + "".join(items) + "</channel></rss>")


def item(title: str, link: str = "", guid: str = "", date: str = "", text: str = "") -> str:
    parts = [f"<title>{title}</title>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if guid:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    if date:
        parts.append(f"<pubDate>{date}</pubDate>")
    if text:
        parts.append(f"<description>{text}</description>")
    return "<item>" + "".join(parts) + "</item>"


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with HttpClient(allow_private_hosts={"127.0.0.1"}, deadline=5.0, connect_timeout=2.0,
                    read_timeout=3.0) as http:
        yield http


@pytest.fixture
def account(db: Database, fixture_server: FixtureServer) -> int:
    # The company's website is the fixture server: a probe for feeds stays on 127.0.0.1.
    return create_account(db, "Acme Corp", fixture_server.base)


def stored(db: Database, account: int) -> list[NewsItem]:
    with db.session() as session:
        rows = session.scalars(select(NewsItem).where(NewsItem.account_id == account)
                               .order_by(NewsItem.id)).all()
        for row in rows:
            _ = row.triggers
        session.expunge_all()
        return list(rows)


def test_the_same_story_from_two_feeds_lands_once_and_a_refresh_asks_politely(
        fixture_server: FixtureServer, db: Database, account: int, client: HttpClient) -> None:
    base = fixture_server.base
    press = rss(
        item("Acme opens a new plant in Ohio", f"{base}/news/ohio?utm_source=rss", "p-1",
             "Tue, 10 Jun 2025 09:41:01 +0200", "Acme opens a plant."),
        item("Acme names Jane Roe chief executive", f"{base}/news/ceo", "p-2",
             "Mon, 09 Jun 2025 08:00:00 GMT"),
        item("Acme wins award", f"{base}/news/award", "p-3"),
    )
    search = rss(
        # Same link without the tracking parameter and over another scheme spelling.
        item("Acme opens new Ohio plant", f"{base}/news/ohio", "s-1"),
        # Same headline, a publisher suffix, another link: the same story.
        item("Acme names Jane Roe chief executive - Daily Wire", "https://daily.example/x", "s-2"),
        # Same GUID as the press feed's third item.
        item("Design prize for Acme", "https://daily.example/y", "p-3"),
        item("Acme recalls nothing, says spokesperson", "https://daily.example/z", "s-3"),
    )
    fixture_server.route("/press.rss", Route(body=press, content_type=RSS_TYPE, etag='"v1"'))
    fixture_server.route("/search.rss", Route(body=search, content_type=RSS_TYPE,
                                              last_modified="Tue, 10 Jun 2025 10:00:00 GMT"))
    urls = [f"{base}/press.rss", f"{base}/search.rss"]

    summary = news.ingest_feeds(db, account, urls, client, articles_per_run=0)

    assert summary.errors == []
    assert summary.feeds == 2 and summary.feeds_read == 2
    assert summary.items_seen == 7 and summary.items_added == 4
    items = stored(db, account)
    # The company's own feed came first: its copies are the ones kept.
    assert [i.title for i in items] == [
        "Acme opens a new plant in Ohio", "Acme names Jane Roe chief executive",
        "Acme wins award", "Acme recalls nothing, says spokesperson"]
    ohio = next(i for i in items if "Ohio" in i.title)
    assert ohio.published_at == datetime(2025, 6, 10, 7, 41, 1, tzinfo=UTC)
    assert {t.kind for t in ohio.triggers} == {"expansion"}
    ceo = next(i for i in items if "Jane" in i.title)
    assert [(t.kind, t.evidence) for t in ceo.triggers] == [
        ("leadership_change", "Acme names Jane Roe chief executive")]

    fixture_server.reset_log()
    again = news.ingest_feeds(db, account, urls, client, articles_per_run=0)
    assert again.items_added == 0 and again.not_modified == 2
    requests = {r.path: r.headers for r in fixture_server.requests if r.path.endswith(".rss")}
    assert requests["/press.rss"].get("If-None-Match") == '"v1"'
    assert requests["/search.rss"].get("If-Modified-Since") == "Tue, 10 Jun 2025 10:00:00 GMT"
    assert len(stored(db, account)) == 4


def test_a_broken_feed_is_reported_and_the_others_still_land(
        fixture_server: FixtureServer, db: Database, account: int, client: HttpClient) -> None:
    base = fixture_server.base
    fixture_server.route("/ok.rss", Route(body=rss(item("Acme ships version 5 of its app",
                                                        f"{base}/v5")), content_type=RSS_TYPE))
    fixture_server.route("/page", Route(body="<!doctype html><html><body>Hi</body></html>"))
    fixture_server.route("/bomb", Route(body='<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]>'
                                        "<rss><channel><title>&a;</title></channel></rss>",
                                        content_type=RSS_TYPE))
    urls = [f"{base}/ok.rss", f"{base}/page", f"{base}/missing", f"{base}/bomb"]
    seen: list[tuple[int, int, str]] = []
    summary = news.ingest_feeds(db, account, urls, client, articles_per_run=0,
                                progress=lambda d, t, m: seen.append((d, t, m)))

    assert [d for d, _, _ in seen] == [1, 2, 3, 4, 4]  # one step per feed, then done
    assert all(t == 4 for _, t, _ in seen) and seen[-1][2] == "News: 1 new of 1 stories"

    assert summary.items_added == 1
    errors = {e["url"].removeprefix(base): e["error"] for e in summary.errors}
    assert "is a web page, not a feed" in errors["/page"]
    assert errors["/missing"] == "the server answered 404"
    assert "entities" in errors["/bomb"]
    with db.session() as session:
        sources = {s.url.removeprefix(base): s for s in session.scalars(select(Source))}
        assert sources["/missing"].last_error == "the server answered 404"
        assert sources["/ok.rss"].last_error is None and sources["/ok.rss"].kind == "feed"


def test_the_newest_articles_are_read_and_their_lead_tags_triggers(
        fixture_server: FixtureServer, db: Database, account: int, client: HttpClient) -> None:
    base = fixture_server.base
    article = ("<html><head><title>Acme news</title></head><body><nav>Home | About</nav>"
               "<article><h1>An update from Acme</h1>"
               "<p>Acme Corp said on Monday that it has agreed to acquire Initech, a maker of "
               "payment terminals, for 300 million dollars in cash.</p>"
               "<p>The deal is expected to close in the third quarter, the company said, and "
               "Initech will keep its brand and its offices in Austin.</p></article>"
               "<footer>Copyright</footer></body></html>")
    fixture_server.page("/a/1", article)
    feed = rss(item("An update from Acme", f"{base}/a/1", date="Wed, 11 Jun 2025 08:00:00 GMT"),
               item("Older update from Acme", f"{base}/a/old", date="Mon, 02 Jun 2025 08:00:00 GMT"))
    fixture_server.route("/f.rss", Route(body=feed, content_type=RSS_TYPE))

    summary = news.ingest_feeds(db, account, [f"{base}/f.rss"], client, articles_per_run=1)

    assert summary.articles_read == 1
    assert fixture_server.count("/a/old") == 0  # only the newest one was fetched
    newest = next(i for i in stored(db, account) if i.url.endswith("/a/1"))
    assert "agreed to acquire Initech" in newest.text
    assert "Copyright" not in newest.text
    assert [t.kind for t in newest.triggers] == ["acquisition"]
    assert "agreed to acquire Initech" in newest.triggers[0].evidence


def test_cancelling_stops_between_feeds_and_keeps_what_was_stored(
        fixture_server: FixtureServer, db: Database, account: int, client: HttpClient) -> None:
    fixture_server.route("/slow.rss", Route(body=rss(item("Slow story about Acme stuff", "https://x.example/1")),
                                            content_type=RSS_TYPE, delay=0.5))
    token = CancelToken()
    token.cancel()
    summary = news.ingest_feeds(db, account, [fixture_server.url("/slow.rss")], client,
                                articles_per_run=1, cancel=token)
    assert summary.cancelled
    assert summary.items_added == 0


def test_user_feeds_and_search_templates_are_read_with_the_discovered_ones(
        fixture_server: FixtureServer, db: Database, account: int, client: HttpClient,
        private_home: Path) -> None:
    base = fixture_server.base
    fixture_server.route("/mine.rss", Route(body=rss(item("Acme partners with Initech on payments",
                                                          "https://x.example/p")), content_type=RSS_TYPE))
    fixture_server.route("/search", Route(body=rss(item("Acme Corp files for bankruptcy protection",
                                                        "https://x.example/b")), content_type=RSS_TYPE))
    source_id = news.add_feed(db, account, f"{base}/mine.rss")
    feeds.save_search_templates([base + "/search?q={name}"])
    with pytest.raises(InvalidInput):
        news.add_feed(db, account, "file:///etc/passwd")

    summary = news.ingest_feeds(db, account, [], client, articles_per_run=0)

    assert summary.items_added == 2
    assert "/search?q=Acme+Corp" in fixture_server.paths()
    with db.session() as session:
        mine = session.get(Source, source_id)
        assert mine is not None and mine.added_by_user and mine.kind == "feed"
        kinds = session.scalars(select(NewsTrigger.kind).order_by(NewsTrigger.kind)).all()
        assert kinds == ["bankruptcy", "partnership"]


def test_store_entries_counts_only_new_stories(db: Database, account: int) -> None:
    parsed = feeds.parse_feed(rss(item("Acme launches a new platform for shops", "https://a.example/1"),
                                  item("Acme launches a new platform for shops", "https://b.example/2"),
                                  item("", guid="g-1"), item("")).encode(), "https://a.example/f")
    assert news.store_entries(db, account, None, parsed.entries) == 2
    assert news.store_entries(db, account, None, parsed.entries) == 0
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(NewsItem)) == 2


def test_a_site_without_announced_feeds_is_probed_at_common_addresses(
        fixture_server: FixtureServer, db: Database, account: int, client: HttpClient) -> None:
    fixture_server.route("/rss", Route(body="<html><body>Our RSS page</body></html>"))
    fixture_server.route("/feed.xml", Route(body=rss(item("Acme launches a new platform for shops",
                                                          fixture_server.url("/p/1"))),
                                            content_type=RSS_TYPE))
    summary = news.ingest_feeds(db, account, [], client, articles_per_run=0)
    assert summary.items_added == 1 and summary.errors == []
    probed = [p for p in fixture_server.paths() if p != "/robots.txt"]
    assert probed[:3] == ["/feed", "/rss", "/feed.xml"]
    assert "/atom.xml" not in probed  # stops at the first feed found
    # The feed found is now known: a refresh reads it without probing again.
    fixture_server.reset_log()
    news.ingest_feeds(db, account, [], client, articles_per_run=0)
    assert [p for p in fixture_server.paths() if p != "/robots.txt"] == ["/feed.xml"]


def test_an_unreachable_site_is_not_probed_further(db: Database, client: HttpClient) -> None:
    with FixtureServer() as srv:
        dead = srv.base
    account = create_account(db, "Gone Inc", dead)
    summary = news.ingest_feeds(db, account, [], client, articles_per_run=0)
    assert summary.feeds == 0 and summary.items_added == 0


def test_a_podcast_whose_episodes_share_one_link_keeps_every_episode(
        fixture_server: FixtureServer, db: Database, account: int, client: HttpClient) -> None:
    base = fixture_server.base
    # 40 episodes, one <link> (the show's page), distinct GUIDs; two titles differ only
    # in the order of their date's numbers; one episode is listed twice (same GUID).
    episodes = [item(f"Acme Cast episode number {n}", f"{base}/show", f"ep-{n}") for n in range(38)]
    episodes += [item("Acme Cast Bombcast 01/07/2014", f"{base}/show", "ep-a"),
                 item("Acme Cast Bombcast 07/01/2014", f"{base}/show", "ep-b"),
                 item("Acme Cast episode number 3", f"{base}/show", "ep-3")]
    fixture_server.route("/cast.rss", Route(body=rss(*episodes), content_type=RSS_TYPE))
    # A news search carries one episode again under its own GUID and the same link and title.
    fixture_server.route("/search.rss", Route(body=rss(item("Acme Cast episode number 7", f"{base}/show", "g-1")),
                                              content_type=RSS_TYPE))
    urls = [f"{base}/cast.rss", f"{base}/search.rss"]

    summary = news.ingest_feeds(db, account, urls, client, articles_per_run=0, probe_common=False)

    assert summary.items_seen == 42 and summary.items_added == 40
    titles = [i.title for i in stored(db, account)]
    assert "Acme Cast Bombcast 01/07/2014" in titles and "Acme Cast Bombcast 07/01/2014" in titles
    # The next run lands nothing twice.
    fixture_server.reset_log()
    assert news.ingest_feeds(db, account, urls, client, articles_per_run=0,
                             probe_common=False).items_added == 0
    assert len(stored(db, account)) == 40


def test_feed_summaries_keep_their_paragraph_breaks() -> None:
    body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
            "<title>Acme buys Initech</title><link>https://acme.example/a</link><description>"
            "&lt;p&gt;Acme closed the deal in June 2024.&lt;/p&gt;&lt;p&gt;The purchase adds "
            "400 staff.&lt;br&gt;Initech keeps its brand.&lt;/p&gt;</description></item></channel></rss>")
    (entry,) = feeds.parse_feed(body.encode(), "https://acme.example/feed").entries
    assert entry.summary == ("Acme closed the deal in June 2024.\n\nThe purchase adds 400 staff."
                             "\n\nInitech keeps its brand.")
    assert "2024.The" not in entry.summary
