"""The readable text of a news article, fetched with the research HTTP client.

Feeds often carry only a headline and a teaser; the rep reads the story offline, and
trigger detection needs its lead. The article is fetched under the same limits as every
other research fetch (robots.txt, size cap, deadline, no private addresses) and reduced
to its content with trafilatura (a well-kept reader-view extractor).
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from workbench.research.http import FetchError, FetchResult

log = logging.getLogger("workbench.research.articles")

# Seconds for one article, all redirects included.
ARTICLE_DEADLINE = 15.0
# Enough for a long story; more is navigation or comments the extractor let through.
MAX_ARTICLE_CHARS = 100_000
ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9"


class Fetcher(Protocol):
    """What this module needs of `workbench.research.http.HttpClient`."""

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              accept: str | None = None, deadline: float | None = None) -> FetchResult: ...


def extract_text(html: str, url: str = "") -> str:
    """The article's readable text (paragraphs separated by blank lines), or ""."""
    if not html or not html.strip():
        return ""
    from workbench.research.justext_stoplist import load_trafilatura

    trafilatura = load_trafilatura()  # heavy import; only when an article is actually read

    try:
        text = trafilatura.extract(html, url=url or None, include_comments=False,
                                   include_tables=True, favor_precision=True)
    except (ValueError, TypeError, AttributeError) as exc:  # odd markup inside lxml/trafilatura
        log.info("could not extract %s: %s", url, exc)
        return ""
    if not text:
        return ""
    from workbench.research.readable import table_row

    # Tables are kept (some sites lay whole articles out in them), without their pipes.
    paragraphs = [" ".join(table_row(line).split()) for line in text.splitlines()]
    return "\n\n".join(p for p in paragraphs if p)[:MAX_ARTICLE_CHARS]


def fetch_article_text(client: Fetcher, url: str, *, deadline: float = ARTICLE_DEADLINE,
                       cancel: Any = None) -> str:
    """`fetch_article_text(client, url, *, deadline=15.0, cancel=None) -> str`

    Fetches the article page and returns its readable text ("" when the page has none,
    or when ``cancel`` was cancelled while it was being read). The text is extracted by a
    reader process (`reader_pool`), so a huge page never holds this process's lock.
    Raises `FetchError` when the page cannot be fetched, the server answers an error or
    the page could not be read in time.
    """
    result = client.fetch(url, accept=ACCEPT_HTML, deadline=deadline)
    if result.status >= 400:
        raise FetchError(url, f"the server answered {result.status}")
    from workbench.research import reader_pool

    try:
        return str(reader_pool.run("read_article", result.text, result.url,
                                   stop=lambda: cancel is not None and cancel.cancelled))
    except reader_pool.ReadAbandoned:
        return ""
    except reader_pool.ReadFailed as exc:
        raise FetchError(url, f"the article could not be read ({exc})") from None
