"""The CPU-heavy reading of fetched pages, feeds and articles, as pure functions of their
text: what the research's worker processes run (`reader_pool`).

Each takes plain data (the page's text, its address) and returns plain data (titles,
texts, found facts and people, links), so it can run in another process: parsing a
hostile page there never holds the window's interpreter lock. Nothing here fetches or
touches the database. A part of a page that breaks its extractor costs that part only;
what went wrong comes back as `problems` (for the rep) and `failures` (tracebacks, which
the calling process logs, since a worker process has no log file of its own).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from workbench.research.discover import PageLink, discover_pages
from workbench.research.facts import FoundFact, extract_facts
from workbench.research.feeds import ParsedFeed, discover_feeds, parse_feed
from workbench.research.people import PersonFound, extract_people
from workbench.research.readable import page_title, readable_text

T = TypeVar("T")


@dataclass
class PageReading:
    """What one page holds for the rep; `problems` are the parts that could not be read."""

    title: str = ""
    text: str = ""
    facts: list[FoundFact] = field(default_factory=list)
    people: list[PersonFound] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def read_page(html: str, url: str, page_url: str, with_people: bool) -> PageReading:
    """Reader text, title, facts, announced feeds and (``with_people``) people of a page.

    ``url`` is where the page was read from after redirects (links resolve against it);
    ``page_url`` the address research asked for (what facts and people cite)."""
    reading = PageReading()

    def attempt(what: str, work: Callable[[], T], empty: T) -> T:
        try:
            return work()
        except Exception:  # noqa: BLE001 - a hostile page costs that page's part only
            reading.failures.append(f"reading the {what} of {page_url} failed:\n"
                                    + traceback.format_exc(limit=12))
            reading.problems.append(f"its {what} could not be read (details in the log)")
            return empty

    reading.title = attempt("title", lambda: page_title(html), "")
    reading.text = attempt("text", lambda: readable_text(html, url), "")
    reading.facts = attempt("facts", lambda: extract_facts(html, page_url, reading.text), [])
    # A blog's or newsroom's feed is often announced on that page only.
    reading.feeds = attempt("feeds", lambda: discover_feeds(html, url), [])
    if with_people:
        reading.people = attempt("people", lambda: extract_people(html, page_url), [])
    return reading


def read_home_links(html: str, base: str, sitemap: list[str],
                    max_pages: int) -> tuple[list[PageLink], list[str]]:
    """The pages worth capturing (`discover_pages`) and the feeds the home page announces."""
    links = discover_pages(html, base, sitemap, max_pages) if html else []
    feeds = discover_feeds(html, base) if html else []
    return links, feeds


def read_feed(data: bytes, url: str) -> ParsedFeed:
    """`feeds.parse_feed` (the feed's newest stories, capped); its errors (`FeedError`
    and the unexpected) travel back to the caller as exceptions, with their traceback."""
    return parse_feed(data, url)


def read_article(html: str, url: str) -> str:
    """An article's readable text (`articles.extract_text`)."""
    from workbench.research.articles import extract_text

    return extract_text(html, url)


def warm() -> bool:
    """Import what reading needs, so a fresh worker's first page costs no import."""
    import feedparser  # noqa: F401 - imported for its side effect: loaded once, up front

    from workbench.research.justext_stoplist import load_trafilatura

    load_trafilatura()
    return True


def call(name: str, args: tuple[Any, ...]) -> Any:
    """Run ``name`` (a function of this module) with ``args`` (what `reader_pool` sends a
    worker: a name, not a function, so the calling process never imports the extractors)."""
    if name not in _TASKS:
        raise ValueError(f"no reading task {name!r}")
    return _TASKS[name](*args)


_TASKS: dict[str, Callable[..., Any]] = {
    "read_page": read_page, "read_home_links": read_home_links, "read_feed": read_feed,
    "read_article": read_article, "warm": warm,
}
