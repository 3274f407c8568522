"""Sitemaps as the site publishes them: gzip-compressed (`sitemap.xml.gz`) or plain, and
the feeds they list beside the pages."""

from __future__ import annotations

import gzip
import io
import re
import zlib
from urllib.parse import urlsplit

# What a sitemap is served as: XML, or a .xml.gz file (gzip data, not a Content-Encoding).
SITEMAP_ACCEPT = "application/xml, text/xml, application/gzip, application/x-gzip"
# A sitemap may hold 50,000 URLs (about 10 MB); more than this is not a sitemap we read.
MAX_SITEMAP_BYTES = 12 * 1024 * 1024
_FEED_PATH_RE = re.compile(r"(?:\.rss|\.atom|\.rdf|/feed/?|/rss/?|/atom/?|/feed\.xml|/rss\.xml|"
                           r"/atom\.xml|/index\.xml)$", re.IGNORECASE)


def sitemap_bytes(content: bytes) -> bytes:
    """The XML of a sitemap: gunzipped when it is gzip data (whatever its name or type
    says), at most `MAX_SITEMAP_BYTES` (a gzip bomb stops there)."""
    if not content.startswith(b"\x1f\x8b"):
        return content[:MAX_SITEMAP_BYTES]
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as stream:
            return stream.read(MAX_SITEMAP_BYTES)
    except (OSError, EOFError, zlib.error):
        return b""


def feed_urls(urls: list[str]) -> list[str]:
    """The URLs of a sitemap that are feeds (by their path), in order, once each."""
    found: list[str] = []
    for url in urls:
        if _FEED_PATH_RE.search(urlsplit(url).path or "") and url not in found:
            found.append(url)
    return found
