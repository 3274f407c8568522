"""Feeds: finding a company's feeds in its pages and reading RSS, Atom and JSON Feed safely.

The bytes come from our own HTTP client (size and time limits, politeness); feedparser
only ever sees those bytes, never a URL, so it cannot fetch anything on its own.
Hostile input is refused before parsing: a web page served as a feed, a document that
declares its own XML entities (how "billion laughs" and external-entity attacks work),
or bytes that are no feed at all each raise a `FeedError` with a plain message.
"""

from __future__ import annotations

import calendar
import html
import io
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, urljoin, urlsplit

import feedparser
import lxml.html
from lxml import etree

from workbench import paths, safe_json
from workbench.errors import InvalidInput, KnownError
from workbench.files import write_atomically
from workbench.research import feed_cap

log = logging.getLogger("workbench.research.feeds")

# Where sites commonly keep a feed when their pages do not announce one. The pipeline
# tries these against the home page's origin only when discovery finds nothing.
COMMON_FEED_PATHS: tuple[str, ...] = (
    "/feed",
    "/rss",
    "/feed.xml",
    "/rss.xml",
    "/atom.xml",
    "/index.xml",
    "/feed.json",
    "/news/feed",
    "/blog/feed",
    "/press/feed",
    "/newsroom/feed",
)

# The Accept header of a feed request.
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
               "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5")

# What a <link rel="alternate"> announcing a feed carries as its type.
FEED_TYPES = frozenset({
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
    "application/xml",
    "text/xml",
    "application/x.atom+xml",
    "application/x-atom+xml",
})

# An <a href> that is probably a feed: the path names one, or the link text says RSS/Atom.
_FEED_HREF_RE = re.compile(r"(?:^|[/._-])(?:rss|atom|feed)(?:[/._-]|$)|\.(?:rss|atom)$", re.I)
_FEED_TEXT_RE = re.compile(r"\b(?:rss|atom)\b", re.I)

# How far into a document we look for the opening tag and for a DTD's internal subset.
_SNIFF_BYTES = 4096
_ENTITY_DECL_RE = re.compile(rb"<!ENTITY", re.I)
_COMMENT_RE = re.compile(rb"<!--.*?(?:-->|$)", re.S)
_ELEMENT_START_RE = re.compile(rb"<[A-Za-z_]")
_HTML_START_RE = re.compile(rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html\b|head\b|body\b)", re.I | re.S)
_FEED_ROOT_RE = re.compile(rb"<(?:rss|feed|rdf:RDF|channel)\b", re.I)
_MAX_TEXT_CHARS = 20_000


class FeedError(KnownError):
    """The bytes at a feed address could not be read as a feed."""


class NotAFeed(FeedError):
    """The address served a web page or garbage instead of RSS, Atom or JSON Feed."""


class UnsafeFeed(FeedError):
    """The feed uses XML features that attacks rely on; it is refused, not parsed."""


@dataclass
class FeedEntry:
    """One item of a feed, normalised: plain-text summary, UTC date, absolute link."""

    title: str = ""
    link: str = ""
    guid: str = ""
    published: datetime | None = None
    summary: str = ""


@dataclass
class ParsedFeed:
    """A parsed feed: its title and home link, and its entries in feed order."""

    url: str
    title: str = ""
    link: str = ""
    entries: list[FeedEntry] = field(default_factory=list)
    # True when the parser had to recover from broken XML; the entries are still usable.
    recovered: bool = False
    # Stories left unread because the feed had more than `feed_cap.MAX_ITEMS_PER_FEED`.
    dropped: int = 0


def discover_feeds(html_text: str, base_url: str) -> list[str]:
    """`discover_feeds(html: str, base_url: str) -> list[str]`

    The feed addresses a page announces, absolute, in page order, without duplicates:
    first `<link rel="alternate">` with a feed type, then `<a>` links whose address or
    text says RSS/Atom/feed. Only http(s) addresses are returned.
    """
    if not html_text or not html_text.strip():
        return []
    try:
        doc = lxml.html.document_fromstring(html_text)
    except (etree.ParserError, ValueError):
        return []
    base = base_url
    for base_el in doc.iter("base"):
        href = base_el.get("href")
        if href:
            base = urljoin(base_url, href.strip())
            break

    found: list[str] = []
    seen: set[str] = set()

    def add(href: str | None) -> None:
        if not href:
            return
        absolute = urljoin(base, href.strip())
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return
        absolute = absolute.split("#", 1)[0]
        if absolute not in seen:
            seen.add(absolute)
            found.append(absolute)

    for link in doc.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in FEED_TYPES:
            add(link.get("href"))
        elif "alternate" in rels and kind == "" and _FEED_HREF_RE.search(link.get("href") or ""):
            add(link.get("href"))
    for anchor in doc.iter("a"):
        href = anchor.get("href") or ""
        if href.lower().startswith(("mailto:", "tel:", "javascript:")):
            continue
        path = urlsplit(href).path
        text = anchor.text_content() if anchor is not None else ""
        if _FEED_HREF_RE.search(path) or (_FEED_TEXT_RE.search(text or "") and len(text) < 40):
            add(href)
    return found


def probe_common_feeds(client: Any, site_url: str, cancel: Any = None,
                       deadline: float = 5.0) -> list[str]:
    """`probe_common_feeds(client, site_url, cancel=None) -> list[str]`

    For a site whose pages announce no feed: tries `COMMON_FEED_PATHS` on its origin one
    after another (politely, through the research client) and returns the first address
    that answers with a readable feed, or nothing. Failures are expected and not reported.
    """
    from workbench.research.http import FetchError

    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    origin = f"{parts.scheme}://{parts.netloc}"
    for path in COMMON_FEED_PATHS:
        if cancel is not None and cancel.cancelled:
            break
        url = origin + path
        try:
            result = client.fetch(url, accept=FEED_ACCEPT, deadline=deadline)
        except FetchError:
            break  # the site is unreachable or refuses us: more guesses will not help
        try:
            if result.status == 200 and parse_feed(result.content, result.url).entries:
                return [url]
        except FeedError:
            continue
    return []


def parse_feed(data: bytes, url: str) -> ParsedFeed:
    """`parse_feed(data: bytes, url: str) -> ParsedFeed`

    RSS 0.9x/1.0/2.0, Atom and JSON Feed from bytes our client fetched. `url` is where
    they came from (relative links resolve against it). Raises `NotAFeed` for an empty
    body, a web page or garbage, `UnsafeFeed` for documents that declare XML entities.
    """
    if not data or not data.strip():
        raise NotAFeed(f"The feed at {url} is empty.")
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return _parse_json_feed(data, url)
    if _declares_entities(data):
        # Legitimate feeds do not declare entities; entity bombs and XXE always do.
        raise UnsafeFeed(f"The feed at {url} declares its own XML entities, which is how "
                         "entity-expansion attacks work; it was not read.")
    if _HTML_START_RE.match(head) and not _FEED_ROOT_RE.search(data[:_SNIFF_BYTES * 4]):
        raise NotAFeed(f"{url} is a web page, not a feed.",
                       hint="The site may have moved or removed its feed.")
    data, total = feed_cap.trim_xml(data)
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers={"content-location": url},
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    if not version and not entries:
        if parsed.get("bozo"):
            raise NotAFeed(f"{url} is not a feed that can be read (broken or unknown format).")
        raise NotAFeed(f"{url} is not an RSS, Atom or JSON feed.")
    feed_meta = parsed.get("feed") or {}
    result = ParsedFeed(
        url=url,
        title=_plain(feed_meta.get("title", "")),
        link=_safe_link(feed_meta.get("link", ""), url),
        recovered=bool(parsed.get("bozo")),
    )
    for raw in entries:
        result.entries.append(_entry_from_feedparser(raw, url))
    result.dropped = max(0, total - len(entries))
    return result


def _declares_entities(data: bytes) -> bool:
    """Whether the document's prolog (where a DTD may declare entities) declares any.

    Only the part before the root element counts, so a post quoting "<!ENTITY" in a
    CDATA section is no alarm; comments are dropped first so that a comment cannot
    pretend to be the root element and hide a declaration after it.
    """
    if not _ENTITY_DECL_RE.search(data):
        return False
    text = _COMMENT_RE.sub(b"", data)
    root = _ELEMENT_START_RE.search(text)
    prolog = text[: root.start()] if root else text
    return _ENTITY_DECL_RE.search(prolog) is not None


def _entry_from_feedparser(raw: Any, url: str) -> FeedEntry:
    link = _safe_link(raw.get("link", ""), url)
    summary = raw.get("summary", "")
    if not summary and raw.get("content"):
        summary = raw["content"][0].get("value", "")
    published = _struct_to_utc(raw.get("published_parsed") or raw.get("updated_parsed")
                                or raw.get("created_parsed"))
    return FeedEntry(
        title=_plain(raw.get("title", ""))[:1000],
        link=link,
        guid=str(raw.get("id", "") or "")[:2000],
        published=published,
        summary=_plain(summary)[:_MAX_TEXT_CHARS],
    )


def _parse_json_feed(data: bytes, url: str) -> ParsedFeed:
    try:
        doc = safe_json.loads(data.decode("utf-8-sig"))
    except safe_json.TooDeep as exc:
        raise NotAFeed(f"{url} is not a feed that can be read (JSON {exc}).") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise NotAFeed(f"{url} is not a feed that can be read (invalid JSON).") from exc
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith("https://jsonfeed.org/"):
        raise NotAFeed(f"{url} is JSON but not a JSON Feed.")
    items = doc.get("items")
    if not isinstance(items, list):
        raise NotAFeed(f"{url} is a JSON Feed without items.")
    result = ParsedFeed(url=url, title=_plain(str(doc.get("title") or "")),
                        link=_safe_link(str(doc.get("home_page_url") or ""), url))
    kept = feed_cap.trim_json_items(items)
    result.dropped = len(items) - len(kept)
    for item in kept:
        if not isinstance(item, dict):
            continue
        summary = item.get("summary") or item.get("content_text") or item.get("content_html") or ""
        result.entries.append(FeedEntry(
            title=_plain(str(item.get("title") or ""))[:1000],
            link=_safe_link(str(item.get("url") or item.get("external_url") or ""), url),
            guid=str(item.get("id") or "")[:2000],
            published=_iso_to_utc(item.get("date_published") or item.get("date_modified")),
            summary=_plain(str(summary))[:_MAX_TEXT_CHARS],
        ))
    return result


def _safe_link(link: str, base: str) -> str:
    """An absolute http(s) link, or "" (a feed must not hand us `javascript:` or `file:`)."""
    if not link:
        return ""
    absolute = urljoin(base, link.strip())
    if urlsplit(absolute).scheme not in ("http", "https"):
        return ""
    return absolute[:2000]


_BLOCK_TAGS = frozenset("p div li h1 h2 h3 h4 h5 h6 blockquote tr table ul ol pre section "
                        "article header footer figure figcaption dd dt hr".split())


def _plain(markup: str) -> str:
    """Text of an HTML fragment: paragraphs (blocks, blank lines, line breaks) kept apart
    by a blank line, whitespace inside each collapsed ("2024." and "The purchase" stay
    two sentences)."""
    if not markup:
        return ""
    text = str(markup)
    if "<" in text:
        try:
            root = lxml.html.fromstring(f"<div>{text}</div>")
            for element in root.iter():
                tag = element.tag if isinstance(element.tag, str) else ""
                if tag == "br" or (tag in _BLOCK_TAGS and element is not root):
                    element.tail = "\n\n" + (element.tail or "")
                    if tag in _BLOCK_TAGS:
                        element.text = "\n\n" + (element.text or "")
            text = root.text_content()
        except (etree.ParserError, ValueError):
            text = re.sub(r"<[^>]*>", " ", text)
    elif "&" in text:
        text = html.unescape(text)
    paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


# Dates beyond this are typos or clock errors; a "published next year" item would sit on
# top of the list forever.
_FUTURE_SLACK = timedelta(days=2)
_EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)


def _struct_to_utc(value: time.struct_time | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None
    return _plausible(moment)


def _iso_to_utc(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return _struct_to_utc(feedparser.datetimes._parse_date(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return _plausible(moment.astimezone(UTC))


def _plausible(moment: datetime) -> datetime | None:
    if moment < _EARLIEST or moment > datetime.now(UTC) + _FUTURE_SLACK:
        return None
    return moment


# -- news-search feeds -------------------------------------------------------------------
# A rep may follow news about every account through a news-search service that offers
# RSS (their choice; none is built in). Templates live one per line in this file in the
# config folder, with {name} (the company name) and {domain} (its domain) filled in,
# both URL-encoded, e.g.  https://news.example/rss?q={name}
SEARCH_TEMPLATES_FILENAME = "news_search_feeds.txt"
_PLACEHOLDER_RE = re.compile(r"{([^{}]*)}")


def search_templates_path() -> Path:
    return paths.config_dir() / SEARCH_TEMPLATES_FILENAME


def check_feed_address(url: str) -> str:
    """A feed address as typed, trimmed; raises `InvalidInput` unless it is http(s)."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise InvalidInput(f"“{url}” is not a web address of a feed (it must start with "
                           "http:// or https://).")
    return text


def check_search_template(template: str) -> str:
    """A template with only {name} and {domain} placeholders; raises `InvalidInput`."""
    text = template.strip()
    names = set(_PLACEHOLDER_RE.findall(text))
    unknown = names - {"name", "domain"}
    if unknown:
        raise InvalidInput(f"The news-search template “{text}” uses “{{{sorted(unknown)[0]}}}”;"
                           " only {name} and {domain} are filled in.")
    if not names:
        raise InvalidInput(f"The news-search template “{text}” has no {{name}} or {{domain}} "
                           "to fill in; add it to the account as a feed instead.")
    check_feed_address(text.replace("{name}", "x").replace("{domain}", "x"))
    return text


def load_search_templates(file: Path | None = None) -> list[str]:
    """The rep's news-search templates (bad lines are skipped and logged, not fatal)."""
    templates, problems = read_search_templates(file)
    for problem in problems:
        log.warning("%s", problem)
    return templates


def read_search_templates(file: Path | None = None) -> tuple[list[str], list[str]]:
    """(the usable templates, a message for each line that cannot be used, naming the
    file and line). A byte-order mark (Windows editors write one) is not part of the
    first line."""
    path = file or search_templates_path()
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        return [], []
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{path} cannot be read ({exc}); no news-search feeds are used."]
    templates: list[str] = []
    problems: list[str] = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            templates.append(check_search_template(line))
        except InvalidInput as exc:
            problems.append(f"{path}, line {number}: {exc.message} The line is not used.")
    return templates, problems


def save_search_templates(templates: list[str], file: Path | None = None) -> None:
    """Write the templates (each checked first; raises `InvalidInput` for a bad one)."""
    checked = [check_search_template(t) for t in templates if t.strip()]
    path = file or search_templates_path()
    header = ("# News-search feed templates, one per line: {name} and {domain} are filled in\n"
              "# with the account's company name and domain, e.g. https://news.example/rss?q={name}\n")
    write_atomically(path, header + "".join(t + "\n" for t in checked))


def search_feed_urls(name: str, domain: str | None, templates: list[str] | None = None) -> list[str]:
    """The news-search feed addresses for one company, from the rep's templates."""
    found = []
    for template in templates if templates is not None else load_search_templates():
        if "{name}" in template and not name.strip():
            continue
        if "{domain}" in template and not domain:
            continue
        url = (template.replace("{name}", quote_plus(name.strip()))
               .replace("{domain}", quote_plus(domain or "")))
        if url not in found:
            found.append(url)
    return found
