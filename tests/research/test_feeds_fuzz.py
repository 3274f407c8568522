"""Whatever bytes a server sends as a feed, parsing ends in entries or a clear FeedError."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.research.feeds import FeedError, discover_feeds, parse_feed

FRAGMENTS = [b"<?xml version='1.0'?>", b"<rss version='2.0'>", b"<channel>", b"<item>",
             b"<title>", b"</title>", b"<link>", b"http://a.example/x", b"</item>", b"<feed>",
             b"<entry>", b"<!DOCTYPE rss>", b"<![CDATA[", b"]]>", b"&amp;", b"&bogus;", b"\xff\xfe",
             b"<html>", b'{"version": "https://jsonfeed.org/version/1", "items": [', b"]}", b"\x00"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=40)), max_size=30))
def test_parse_feed_never_fails_unclearly(parts: list[bytes]) -> None:
    data = b"".join(parts)
    try:
        parsed = parse_feed(data, "https://acme.example/feed")
    except FeedError as exc:
        assert exc.message
        return
    for entry in parsed.entries:
        assert not entry.link or entry.link.startswith(("http://", "https://"))


@pytest.mark.slow  # about 15 s of generated pages
@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_discover_feeds_never_fails(html: str) -> None:
    for url in discover_feeds(html, "https://acme.example/"):
        assert url.startswith(("http://", "https://"))
