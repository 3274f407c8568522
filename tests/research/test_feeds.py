"""Feed discovery in pages and safe parsing of RSS, Atom and JSON Feed bytes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import corpora_dir
from tests.timing import measured
from workbench.errors import InvalidInput, KnownError
from workbench.research import feeds
from workbench.research.feeds import NotAFeed, UnsafeFeed, discover_feeds, parse_feed

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Acme newsroom</title><link>https://acme.example/news</link>
<item><title>Acme opens a new plant in Ohio</title><link>/news/ohio-plant</link>
<guid isPermaLink="false">acme-1</guid><pubDate>Tue, 10 Jun 2025 09:41:01 +0200</pubDate>
<description>&lt;p&gt;Acme &lt;b&gt;opens&lt;/b&gt; a plant.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>Click me</title><link>javascript:alert(1)</link><guid>acme-2</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Acme blog</title>
<link rel="alternate" href="https://acme.example/blog"/>
<entry><title>Acme names Jane Roe chief executive officer</title>
<link rel="alternate" href="https://acme.example/blog/jane-roe"/>
<id>tag:acme.example,2025:1</id><updated>2025-03-01T23:30:00-05:00</updated>
<summary>Jane Roe takes over on April 1.</summary></entry></feed>"""

JSON_FEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "Acme",
 "home_page_url": "https://acme.example/",
 "items": [{"id": "1", "url": "https://acme.example/p/1", "title": "Acme raises $20 million",
            "content_html": "<p>Series B led by Example Ventures.</p>",
            "date_published": "2025-05-02T10:00:00+02:00"},
           "not an item"]}"""


def test_discover_feeds_reads_alternate_links_and_feed_anchors() -> None:
    html = """<html><head>
      <link rel="alternate" type="application/rss+xml" href="/feed.xml">
      <link rel="alternate" type="application/atom+xml" href="https://acme.example/atom">
      <link rel="alternate" type="application/feed+json" href="feed.json">
      <link rel="alternate" hreflang="de" href="/de/">
      <link rel="stylesheet" href="/style.css">
    </head><body>
      <a href="/press/rss">Press RSS</a> <a href="/feed.xml#top">again</a>
      <a href="javascript:void(0)">RSS</a> <a href="/about">About</a>
    </body></html>"""
    assert discover_feeds(html, "https://acme.example/news/") == [
        "https://acme.example/feed.xml",
        "https://acme.example/atom",
        "https://acme.example/news/feed.json",
        "https://acme.example/press/rss",
    ]


def test_discover_feeds_honours_base_and_survives_empty_pages() -> None:
    html = '<html><head><base href="https://cdn.acme.example/site/"><link rel="alternate" ' \
           'type="application/rss+xml" href="rss.xml"></head></html>'
    assert discover_feeds(html, "https://acme.example/") == ["https://cdn.acme.example/site/rss.xml"]
    assert discover_feeds("", "https://acme.example/") == []
    assert discover_feeds("   ", "https://acme.example/") == []


def test_common_feed_paths_are_absolute_paths() -> None:
    assert "/feed" in feeds.COMMON_FEED_PATHS and "/rss.xml" in feeds.COMMON_FEED_PATHS
    assert all(p.startswith("/") for p in feeds.COMMON_FEED_PATHS)


def test_rss_entries_are_normalised() -> None:
    parsed = parse_feed(RSS, "https://acme.example/news/feed")
    assert parsed.title == "Acme newsroom"
    first, second = parsed.entries
    assert first.link == "https://acme.example/news/ohio-plant"
    assert first.guid == "acme-1"
    assert first.published == datetime(2025, 6, 10, 7, 41, 1, tzinfo=UTC)
    assert first.summary == "Acme opens a plant."  # markup and script gone
    assert second.link == ""  # a javascript: link is never kept


def test_atom_and_json_feed_dates_are_utc() -> None:
    atom = parse_feed(ATOM, "https://acme.example/atom")
    assert atom.entries[0].published == datetime(2025, 3, 2, 4, 30, tzinfo=UTC)
    assert atom.entries[0].title == "Acme names Jane Roe chief executive officer"
    js = parse_feed(JSON_FEED, "https://acme.example/feed.json")
    assert js.title == "Acme"
    assert len(js.entries) == 1
    assert js.entries[0].published == datetime(2025, 5, 2, 8, 0, tzinfo=UTC)
    assert js.entries[0].summary == "Series B led by Example Ventures."


def test_a_web_page_served_as_a_feed_is_refused_clearly() -> None:
    page = b"<!DOCTYPE html><html><head><title>Login</title></head><body>Sign in</body></html>"
    with pytest.raises(NotAFeed, match="is a web page, not a feed"):
        parse_feed(page, "https://acme.example/feed")


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01\x02garbage\xff\xfe" * 50,
                                  b"just some text, no markup", b'{"not": "a feed"}', b"{broken"])
def test_garbage_is_not_a_feed(data: bytes) -> None:
    with pytest.raises(NotAFeed):
        parse_feed(data, "https://acme.example/feed")


def test_entity_bombs_and_external_entities_are_refused_quickly() -> None:
    lol = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i else b"&lol;") * 10)
        for i in range(1, 10)) + b']><rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
    xxe = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           b'<rss version="2.0"><channel><title>&xxe;</title></channel></rss>')
    for data in (lol, xxe):
        with measured() as took, pytest.raises(UnsafeFeed,
                                               match="declares its own XML entities"):
            parse_feed(data, "https://evil.example/feed")
        took.assert_within(cpu_s=1.0, wall_s=1.0)


def test_feed_errors_are_known_errors() -> None:
    assert issubclass(NotAFeed, KnownError) and issubclass(UnsafeFeed, KnownError)


@pytest.mark.corpus
def test_every_malformed_corpus_feed_parses_or_is_refused_with_a_clear_error() -> None:
    # The other corpus folders go through ingestion in test_news_corpus.py.
    folder = corpora_dir("feeds", "malformed")
    files = [p for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "LICENSE"]
    assert len(files) > 90
    parsed = refused = 0
    for file in files:
        try:
            result = parse_feed(file.read_bytes(), "http://feeds.test/" + file.name)
        except feeds.FeedError as exc:
            assert exc.message  # a sentence a rep can read
            refused += 1
            continue
        parsed += 1
        for entry in result.entries:
            assert entry.published is None or entry.published.tzinfo == UTC
            assert not entry.link or entry.link.startswith(("http://", "https://"))
    # Only an empty document is refused.
    assert refused <= 2 and parsed >= len(files) - 2


# -- news-search templates ----------------------------------------------------------------

def test_search_templates_fill_in_the_company(private_home: Path) -> None:
    feeds.save_search_templates(["https://news.example/rss?q={name}",
                                 "https://other.example/feed/{domain}"])
    text = feeds.search_templates_path().read_text(encoding="utf-8")
    assert text.startswith("#")  # the file explains itself to a rep who opens it
    assert feeds.search_feed_urls("Acme & Sons", "acme.example") == [
        "https://news.example/rss?q=Acme+%26+Sons", "https://other.example/feed/acme.example"]
    # No domain known: the {domain} template is skipped, not filled with nothing.
    assert feeds.search_feed_urls("Acme", None) == ["https://news.example/rss?q=Acme"]


def test_bad_search_templates_are_refused_or_skipped(private_home: Path) -> None:
    with pytest.raises(InvalidInput, match="only {name} and {domain}"):
        feeds.check_search_template("https://news.example/rss?q={company}")
    with pytest.raises(InvalidInput, match="not a web address"):
        feeds.check_search_template("file:///etc/{name}")
    feeds.search_templates_path().write_text(
        "# comment\nftp://x/{name}\nhttps://ok.example/?q={name}\n", encoding="utf-8")
    assert feeds.load_search_templates() == ["https://ok.example/?q={name}"]


def test_a_post_quoting_an_entity_declaration_is_still_read() -> None:
    data = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>XML tips</title><item>'
            b"<title>How DTDs work</title><link>https://x.example/dtd</link><description>"
            b'<![CDATA[Write <!ENTITY name "value"> in the internal subset.]]></description>'
            b"</item></channel></rss>")
    assert parse_feed(data, "https://x.example/feed").entries[0].title == "How DTDs work"


def test_a_comment_cannot_hide_an_entity_declaration() -> None:
    data = (b'<?xml version="1.0"?><!-- <rss> --><!DOCTYPE rss [<!ENTITY a "aaaaaaaa">]>'
            b"<rss><channel><title>&a;</title></channel></rss>")
    with pytest.raises(UnsafeFeed):
        parse_feed(data, "https://evil.example/feed")
