"""Feeds announced on any captured page or listed in a (gzipped) sitemap index are read,
and the article text of every new story up to the run's budget is fetched."""

from __future__ import annotations

import gzip

from sqlalchemy import select

from tests.research.server import FixtureServer, Route
from workbench import accounts
from workbench.research import sitemaps
from workbench.research.pipeline import run_research
from workbench.storage.models import NewsItem

RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"


def _page(title: str, body: str, head: str = "") -> str:
    return (f"<!doctype html><html><head><title>{title}</title>{head}</head><body>"
            f"<nav><a href='/about'>About us</a> <a href='/newsroom'>Newsroom</a> "
            f"<a href='/blog'>Blog</a></nav><main>{body}</main></body></html>")


def _rss(base: str, prefix: str, count: int) -> str:
    items = "".join(
        f"<item><title>Harbor Freight Tech story {prefix} number {n}</title>"
        f"<link>{base}/{prefix}/{n}</link><guid>{prefix}-{n}</guid>"
        f"<pubDate>Mon, 0{1 + n % 9} Jun 2025 08:00:00 GMT</pubDate></item>" for n in range(count))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{prefix}</title>{items}</channel></rss>'


def _atom(base: str, count: int) -> str:
    entries = "".join(
        f"<entry><title>Harbor blog post number {n} about docks</title><id>urn:blog:{n}</id>"
        f"<link href='{base}/blog/{n}'/><updated>2025-06-1{n % 9}T08:00:00Z</updated></entry>"
        for n in range(count))
    return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>'
            f"<id>urn:blog</id><updated>2025-06-19T08:00:00Z</updated>{entries}</feed>")


def _serve_site(srv: FixtureServer) -> None:
    base = srv.base
    srv.robots(f"User-agent: *\nSitemap: {base}/sitemap_index.xml\n")
    # The home page announces no feed at all.
    srv.page("/", _page("Harbor Freight Tech", "<h1>Harbor Freight Tech</h1><p>Dock software.</p>"))
    srv.page("/about", _page("About Harbor", "<p>Harbor Freight Tech makes dock software.</p>"))
    srv.page("/newsroom", _page("Newsroom", "<h1>Newsroom</h1>",
                                "<link rel='alternate' type='application/rss+xml' href='/newsroom/feed.xml'>"))
    srv.page("/blog", _page("Blog", "<h1>Blog</h1>",
                            "<link rel='alternate' type='application/atom+xml' href='/blog/atom.xml'>"))
    srv.route("/newsroom/feed.xml", Route(body=_rss(base, "press", 10), content_type=RSS))
    srv.route("/blog/atom.xml", Route(body=_atom(base, 8), content_type=ATOM))
    srv.route("/podcast/feed.rss", Route(body=_rss(base, "cast", 4), content_type=RSS))
    # A sitemap index whose child is gzip data served as a file (no Content-Encoding).
    srv.route("/sitemap_index.xml", Route(body=(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/sitemap-pages.xml.gz</loc></sitemap></sitemapindex>"),
        content_type="application/xml"))
    child = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             + "".join(f"<url><loc>{base}{p}</loc></url>"
                       for p in ("/", "/about", "/newsroom", "/blog", "/podcast/feed.rss"))
             + "</urlset>")
    srv.route("/sitemap-pages.xml.gz", Route(body=gzip.compress(child.encode()),
                                             content_type="application/x-gzip"))
    article = _page("Story", "<article><h1>Story</h1><p>" + "Harbor Freight Tech shipped a dock "
                    "scheduling release to customers in four ports this week. " * 4 + "</p></article>")
    for prefix, count in (("press", 10), ("blog", 8), ("cast", 4)):
        for n in range(count):
            srv.page(f"/{prefix}/{n}", article)


def test_feeds_on_inner_pages_and_in_a_gzipped_sitemap_are_all_read(db, fixture_server: FixtureServer) -> None:
    _serve_site(fixture_server)
    account = accounts.create_account(db, "Harbor Freight Tech", fixture_server.url("/"))

    summary = run_research(db, account)

    assert fixture_server.count("/newsroom/feed.xml") == 1
    assert fixture_server.count("/blog/atom.xml") == 1
    assert fixture_server.count("/podcast/feed.rss") == 1
    with db.session() as session:
        items = session.scalars(select(NewsItem).where(NewsItem.account_id == account)).all()
        links = {i.url.rsplit("/", 2)[-2] for i in items}
        with_text = sum(1 for i in items if i.text)
    assert len(items) == 22 and links == {"press", "blog", "cast"}
    assert summary.news_added == 22
    # Every new story's article was read (22 is within the default budget of 30).
    assert with_text == 22


def test_the_article_budget_is_the_reps(db, fixture_server: FixtureServer) -> None:
    _serve_site(fixture_server)
    account = accounts.create_account(db, "Harbor Freight Tech", fixture_server.url("/"))

    run_research(db, account, articles=5)

    with db.session() as session:
        with_text = session.scalars(select(NewsItem).where(NewsItem.text != "")).all()
    assert len(with_text) == 5


def test_a_gzip_bomb_sitemap_stops_at_the_limit() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (sitemaps.MAX_SITEMAP_BYTES + 1000))
    assert len(sitemaps.sitemap_bytes(bomb)) == sitemaps.MAX_SITEMAP_BYTES
    assert sitemaps.sitemap_bytes(b"\x1f\x8bnot gzip") == b""
    assert sitemaps.feed_urls(["https://a.example/blog/feed/", "https://a.example/about",
                               "https://a.example/news.rss"]) == [
        "https://a.example/blog/feed/", "https://a.example/news.rss"]
