"""News: fetch an account's feeds, keep each story once, tag trigger events, read the newest.

`ingest_feeds` is what the research pipeline calls; `store_entries` is its database part
(also used by the ingestion benchmark). A story is the same story when it has the same
GUID, or the same link (tracking parameters, scheme and `www.` aside) or a near-identical
headline (case, punctuation and a trailing " - Publisher" aside; word order counts) as a
story from another feed. Within one feed, items with distinct GUIDs are distinct (a
podcast's episodes may all share one link) unless both link and headline repeat.
Dates are stored in UTC.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workbench.errors import KnownError, NotFound
from workbench.research import articles, reader_pool, triggers
from workbench.research.article_budget import ARTICLES_PER_RUN
from workbench.research.feeds import (
    FEED_ACCEPT,
    FeedEntry,
    ParsedFeed,
    probe_common_feeds,
    read_search_templates,
    search_feed_urls,
    search_templates_path,
)
from workbench.research.http import FetchError
from workbench.storage.database import Database
from workbench.storage.locks import serialise_account
from workbench.storage.models import Account, NewsItem, NewsTrigger, Source
from workbench.storage.retry import with_retries

log = logging.getLogger("workbench.research.news")

Progress = Callable[[int, int, str], None]
ARTICLE_WORKERS = 6
FEED_WORKERS = 4
# Headlines shorter than this are too generic ("News", "Update") to merge stories on.
MIN_TITLE_WORDS = 4
_TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|source|feature)$", re.I)
_PUBLISHER_SUFFIX = re.compile(r"\s+[-–—|:]\s+[^-–—|:]{2,60}$")
_NON_WORD = re.compile(r"[^\w\s]+")


@dataclass
class NewsSummary:
    """What one ingestion did; `errors` are {"url", "error"} dicts a rep can read."""

    feeds: int = 0
    feeds_read: int = 0
    not_modified: int = 0
    items_seen: int = 0
    items_added: int = 0
    articles_read: int = 0
    cancelled: bool = False
    errors: list[dict[str, str]] = field(default_factory=list)


# -- identity of a story -------------------------------------------------------------------

def link_key(url: str) -> str:
    """A link without what does not change the story: scheme, `www.`, fragment, tracking."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING_PARAMS.match(k)])
    path = parts.path.rstrip("/") or "/"
    return f"{host}{port}{path}" + (f"?{query}" if query else "")


def title_keys(title: str) -> list[str]:
    """Signatures under which two near-identical headlines meet (empty for short ones)."""
    text = unicodedata.normalize("NFKC", title).casefold().strip()
    variants = [text]
    stripped = _PUBLISHER_SUFFIX.sub("", text)
    if stripped != text:
        variants.append(stripped)
    keys = []
    for variant in variants:
        words = _NON_WORD.sub(" ", variant).split()
        if len(words) >= MIN_TITLE_WORDS:
            # Word order is kept: "Bombcast 01/07/2014" and "07/01/2014" are two episodes.
            keys.append(" ".join(words))
    return keys


def dedupe_key(entry: FeedEntry) -> str:
    """What `NewsItem.dedupe_key` holds: the GUID, else the link, else title or text.

    The GUID comes first: it is what a feed promises is unique per item, while one link
    may serve many items (a podcast's home page)."""
    if entry.guid and entry.guid.strip():
        key = "guid:" + entry.guid.strip()
    elif entry.link:
        key = "link:" + link_key(entry.link)
    elif entry.title.strip():
        key = "title:" + " ".join(entry.title.casefold().split())
    else:
        key = "text:" + hashlib.sha256(entry.summary.encode("utf-8")).hexdigest()
    if len(key) > 1900:
        key = key[:5] + "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()
    return key


class SeenStories:
    """The stories an account already has, by every key two copies may share."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.guids: set[str] = set()
        # link key / title key -> the feeds (`Source` ids) that carried it
        self.links: dict[str, set[int | None]] = {}
        self.titles: dict[str, set[int | None]] = {}
        self.newest_id = 0

    @classmethod
    def load(cls, session: Session, account_id: int) -> SeenStories:
        seen = cls()
        seen.catch_up(session, account_id)
        return seen

    def catch_up(self, session: Session, account_id: int) -> None:
        """Add the stories stored since the last look (by another writer, say)."""
        rows = session.execute(select(NewsItem.id, NewsItem.dedupe_key, NewsItem.guid,
                                      NewsItem.url, NewsItem.title, NewsItem.source_id)
                               .where(NewsItem.account_id == account_id,
                                      NewsItem.id > self.newest_id))
        for item_id, key, guid, url, title, source_id in rows:
            self.newest_id = max(self.newest_id, item_id)
            self._remember(key, guid, url, title_keys(title), source_id)

    def copy(self) -> SeenStories:
        other = SeenStories()
        other.keys, other.guids = set(self.keys), set(self.guids)
        other.links = {key: set(feeds) for key, feeds in self.links.items()}
        other.titles = {key: set(feeds) for key, feeds in self.titles.items()}
        other.newest_id = self.newest_id
        return other

    def take(self, other: SeenStories) -> None:
        self.keys, self.guids = other.keys, other.guids
        self.links, self.titles, self.newest_id = other.links, other.titles, other.newest_id

    def has(self, key: str, entry: FeedEntry, titles: list[str], source_id: int | None = None) -> bool:
        if key in self.keys or (entry.guid and entry.guid.strip() in self.guids):
            return True
        link_feeds = self.links.get(link_key(entry.link), set()) if entry.link else set()
        title_feeds: set[int | None] = set()
        for title in titles:
            title_feeds |= self.titles.get(title, set())
        if not entry.guid:
            return bool(link_feeds or title_feeds)
        # An item with its own GUID repeats a story of another feed by link or headline;
        # within its own feed only when both repeat.
        others = {s for s in link_feeds | title_feeds if s != source_id}
        return bool(others) or (source_id in link_feeds and source_id in title_feeds)

    def add(self, key: str, entry: FeedEntry, titles: list[str], source_id: int | None = None) -> None:
        self._remember(key, entry.guid, entry.link, titles, source_id)

    def _remember(self, key: str, guid: str | None, url: str | None, titles: list[str],
                  source_id: int | None) -> None:
        self.keys.add(key)
        if guid and guid.strip():
            self.guids.add(guid.strip())
        if url:
            self.links.setdefault(link_key(url), set()).add(source_id)
        for title in titles:
            self.titles.setdefault(title, set()).add(source_id)


# -- storing ---------------------------------------------------------------------------------

def store_entries(db: Database, account_id: int, source_id: int | None,
                  entries: Iterable[FeedEntry], *, seen: SeenStories | None = None,
                  rules: triggers.RuleSet | None = None, subject: str | None = None) -> int:
    """`store_entries(db, account_id, source_id, entries) -> int`

    Stores the entries the account does not have yet, tagged with trigger events, and
    returns how many were new. `seen` carries the known stories across calls (one load
    per ingestion instead of one per feed); `rules` the trigger rules to use.
    """
    if rules is None:
        rules, _ = triggers.rules_or_builtin()
    with db.session() as session:
        if seen is None:
            seen = SeenStories.load(session, account_id)
        added = _add_entries(session, account_id, source_id, entries, seen, rules, subject)
    return len(added)


def _add_entries(session: Session, account_id: int, source_id: int | None,
                 entries: Iterable[FeedEntry], seen: SeenStories,
                 rules: triggers.RuleSet, subject: str | None = None) -> list[NewsItem]:
    added: list[NewsItem] = []
    for entry in entries:
        if not (entry.link or entry.guid or entry.title.strip() or entry.summary.strip()):
            continue
        key = dedupe_key(entry)
        titles = title_keys(entry.title)
        if seen.has(key, entry, titles, source_id):
            continue
        seen.add(key, entry, titles, source_id)
        item = NewsItem(account_id=account_id, source_id=source_id, dedupe_key=key,
                        guid=entry.guid, url=entry.link, title=entry.title,
                        published_at=entry.published, summary=entry.summary, text="")
        item.triggers = [NewsTrigger(kind=t.kind, evidence=t.evidence)
                         for t in triggers.detect(entry.title, entry.summary, rules=rules,
                                                  subject=subject, require_subject=True)]
        session.add(item)
        added.append(item)
    return added


def add_article_text(db: Database, item_id: int, text: str,
                     rules: triggers.RuleSet | None = None) -> None:
    """Keep an article's text and tag the trigger events its lead shows that were missing."""
    add_article_texts(db, [(item_id, text)], rules)


def add_article_texts(db: Database, texts: Sequence[tuple[int, str]],
                      rules: triggers.RuleSet | None = None, *, durable: bool = True) -> None:
    """`add_article_text` for several stories in one transaction (one commit, not one a
    story); ``durable`` as for `Database.session`."""
    if not texts:
        return
    if rules is None:
        rules, _ = triggers.rules_or_builtin()
    with db.session(durable=durable) as session:
        # The stories with their events, and their account's name, in two queries (not
        # three a story).
        items = {item.id: item for item in session.scalars(
            select(NewsItem).where(NewsItem.id.in_([item_id for item_id, _ in texts]))
            .options(selectinload(NewsItem.triggers)))}
        names: dict[int, str] = {account_id: name for account_id, name in session.execute(
            select(Account.id, Account.name).where(
                Account.id.in_({item.account_id for item in items.values()})))}
        for item_id, text in texts:
            item = items.get(item_id)
            if item is None:
                continue  # deleted meanwhile (the account was removed): nothing to keep
            _keep_article_text(item, text, rules, names.get(item.account_id))


def _keep_article_text(item: NewsItem, text: str, rules: triggers.RuleSet,
                       subject: str | None) -> None:
    item.text = text
    have = {t.kind: t for t in item.triggers}
    for trigger in triggers.detect(item.title, text, rules=rules, subject=subject,
                                   require_subject=True):
        known = have.get(trigger.kind)
        if known is None:
            item.triggers.append(NewsTrigger(kind=trigger.kind, evidence=trigger.evidence))
        elif known.evidence not in item.title and " ".join(known.evidence.split()) not in " ".join(text.split()):
            # The evidence came from the feed's teaser; quote the article the rep reads.
            known.evidence = trigger.evidence


# -- feed sources ------------------------------------------------------------------------------

def add_feed(db: Database, account_id: int, url: str, *, by_user: bool = True) -> int:
    """Follow a feed (e.g. a news search) for the account; returns the `Source` id.

    Raises `InvalidInput` for an address that is not http(s), `NotFound` for no account.
    """
    from workbench.research.feeds import check_feed_address

    address = check_feed_address(url)

    def unit() -> int:
        with db.session() as session:
            if session.get(Account, account_id) is None:
                raise NotFound(f"There is no account with id {account_id}.")
            serialise_account(session, account_id)
            source = session.scalar(select(Source).where(Source.account_id == account_id,
                                                         Source.url == address))
            if source is None:
                source = Source(account_id=account_id, url=address, kind="feed")
                session.add(source)
            source.kind = "feed"
            source.added_by_user = source.added_by_user or by_user
            session.flush()
            return source.id

    return with_retries(unit, what="following a feed")


# -- ingestion -------------------------------------------------------------------------------

@dataclass
class _Fetched:
    url: str
    status: int = 0
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    feed: ParsedFeed | None = None
    error: str = ""


def _fetch_and_parse(client: Any, url: str, etag: str | None, last_modified: str | None,
                     cancel: Any = None, queued: Callable[[], None] | None = None) -> _Fetched:
    try:
        result = client.fetch(url, etag=etag, last_modified=last_modified, accept=FEED_ACCEPT,
                              queued=queued)
    except FetchError as exc:
        return _Fetched(url, error=exc.reason)
    finally:
        if queued is not None:
            queued()  # (again, or first when it failed before it was in line: harmless)
    out = _Fetched(url, status=result.status, not_modified=result.not_modified,
                   etag=result.headers.get("ETag"), last_modified=result.headers.get("Last-Modified"))
    if result.not_modified:
        return out
    if result.status >= 400:
        out.error = f"the server answered {result.status}"
        return out
    try:
        # Parsed by a reader process: a feed of 100,000 items is long work that must not
        # hold this process's interpreter lock (the window's event loop needs it).
        out.feed = reader_pool.run("read_feed", result.content, result.url,
                                   stop=lambda: cancel is not None and cancel.cancelled)
    except KnownError as exc:
        out.error = exc.message
    except reader_pool.ReadAbandoned:
        out.error = "not read: the research was cancelled"
    except reader_pool.ReadFailed as exc:
        log.warning("parsing the feed %s failed: %s", url, exc)
        out.error = f"the feed could not be read ({exc})"
    except Exception:  # noqa: BLE001 - one feed the parser chokes on costs that feed only
        log.exception("parsing the feed %s failed", url)
        out.error = "the feed could not be read (details in the log)"
    return out


@contextmanager
def _feed_threads(given: ThreadPoolExecutor | None) -> Iterator[ThreadPoolExecutor]:
    """The given pool (its owner shuts it down), else one of this step's own."""
    if given is not None:
        yield given
        return
    with ThreadPoolExecutor(max_workers=FEED_WORKERS, thread_name_prefix="feeds") as pool:
        yield pool


class _Countdown:
    """Calls ``done()`` once, when ``count`` calls of `tick` came (each caller ticks once;
    repeated ticks of one caller go through `once`)."""

    def __init__(self, count: int, done: Callable[[], None] | None) -> None:
        self._left = count
        self._done = done
        self._lock = threading.Lock()
        if count <= 0:
            self._fire()

    def once(self) -> Callable[[], None]:
        ticked = False

        def tick() -> None:
            nonlocal ticked
            with self._lock:
                if ticked:
                    return
                ticked = True
                self._left -= 1
                left = self._left
            if left <= 0:
                self._fire()

        return tick

    def _fire(self) -> None:
        with self._lock:
            done, self._done = self._done, None
        if done is not None:
            done()


@dataclass(frozen=True)
class KnownFeeds:
    """What the news step reads of an account before its first request (`known_feeds`)."""

    name: str
    domain: str | None
    website: str | None
    # (url, ETag, Last-Modified) of the feeds stored for it: the rep's own first.
    feeds: tuple[tuple[str, str | None, str | None], ...]


def known_feeds(session: Session, account_id: int) -> KnownFeeds:
    """The account's name, domain, website and stored feeds, in one query of ``session``
    (the research pipeline reads them with the run's own first read, so the feeds'
    requests go out the moment the home page names its feeds)."""
    account = session.get(Account, account_id)
    if account is None:
        raise NotFound(f"There is no account with id {account_id}.")
    feeds = session.execute(select(Source.url, Source.etag, Source.last_modified).where(
        Source.account_id == account_id, Source.kind == "feed")
        .order_by(Source.added_by_user, Source.id)).all()
    return KnownFeeds(account.name, account.domain, account.website,
                      tuple((url, etag, modified) for url, etag, modified in feeds))


def _plan(account: KnownFeeds, discovered: Sequence[str], only_given: bool,
          probe_common: bool
          ) -> tuple[list[str], dict[str, tuple[str | None, str | None]], str | None, str]:
    """The feeds to read, the validators of those already known, the website to probe
    for a feed when nothing at all is known of the site's feeds, and the site's host.

    The feeds: ``discovered``, the feeds found in earlier runs (a refresh whose home page
    is unchanged discovers nothing), the rep's own feeds of the account, and the
    news-search templates filled in for it, without duplicates; ``only_given``: only
    ``discovered``."""
    known, website = account.feeds, account.website
    if only_given:
        urls = list(dict.fromkeys(discovered))
    else:
        urls = list(dict.fromkeys([*discovered, *(row[0] for row in known),
                                   *search_feed_urls(account.name, account.domain)]))
    validators = {row[0]: (row[1], row[2]) for row in known}
    probe = None
    own_host = urlsplit(website).netloc if website else ""
    if probe_common and own_host and not any(urlsplit(u).netloc == own_host for u in urls):
        probe = website
    return urls, validators, probe, own_host.lower()


def ingest_feeds(db: Database, account_id: int, feed_urls: Sequence[str], client: Any,
                 progress: Progress | None = None, cancel: Any = None, *,
                 articles_per_run: int = ARTICLES_PER_RUN, probe_common: bool = True,
                 only_given: bool = False, durable: bool = True,
                 feeds_queued: Callable[[], None] | None = None,
                 known: KnownFeeds | None = None,
                 feed_pool: ThreadPoolExecutor | None = None) -> NewsSummary:
    """`ingest_feeds(db, account_id, feed_urls, client, progress=None, cancel=None) -> NewsSummary`

    Reads `feed_urls` plus the account's known feeds and the news-search templates
    (`_plan`); when no feed of the site is known at all, first tries the common
    feed addresses on its website (`probe_common=False` skips that). Conditional
    requests (ETag / Last-Modified), a few at a time; stores new stories once with
    their trigger events; as each feed is stored, fetches the text of its newest new
    stories that have none, up to `articles_per_run` in all (feeds in the order given).
    `progress(done, total, message)` is called from this thread; `cancel.cancelled`
    stops between steps, keeping what was stored. A feed that fails is recorded on its
    `Source` and in `errors`.
    ``durable=False``: its commits skip the flush to disk (`Database.session`); the
    research pipeline passes it, since the run's last write is durable and flushes them.
    ``feeds_queued()`` is called once every feed's request is in line for a connection
    (or done), so the caller's own fetches can queue behind them; always called.
    ``known``: the account as `known_feeds` read it, if the caller has (saves a read
    before the first request). ``feed_pool``: threads for the feeds' requests, started by
    the caller (research starts them while the home page loads); the caller shuts it down.
    """
    ready = _Countdown(1, feeds_queued)
    try:
        if known is None:
            with db.session() as session:
                known = known_feeds(session, account_id)
        return _ingest(db, account_id, feed_urls, client, progress, cancel, articles_per_run,
                       probe_common, only_given, durable, ready, known, feed_pool)
    finally:
        ready.once()()


def _ingest(db: Database, account_id: int, feed_urls: Sequence[str], client: Any,
            progress: Progress | None, cancel: Any, articles_per_run: int, probe_common: bool,
            only_given: bool, durable: bool, ready: _Countdown,
            known_account: KnownFeeds,
            feed_pool: ThreadPoolExecutor | None = None) -> NewsSummary:
    summary = NewsSummary()
    urls, known, website, own_host = _plan(known_account, feed_urls, only_given,
                                           probe_common)
    if website:
        # The pages announce no feed and none is known: try where sites usually keep one
        # (one guess after another: the caller's fetches need not wait behind them).
        ready.once()()
        urls = probe_common_feeds(client, website, cancel) + urls
    summary.feeds = len(urls)
    rules, rules_error = triggers.rules_or_builtin()
    if rules_error is not None:
        summary.errors.append({"url": str(triggers.user_rules_path()), "error": rules_error.message})
    for problem in read_search_templates()[1]:
        summary.errors.append({"url": str(search_templates_path()), "error": problem})
    source_ids: dict[str, int] = {}
    subject: str | None = None
    total = len(urls) + articles_per_run
    done = 0

    def report(message: str) -> None:
        if progress is not None:
            progress(done, total, message)

    def feed_sources() -> SeenStories:
        nonlocal subject
        with db.session(durable=durable) as session:
            # Another rep researching the account at the same moment adds the same
            # feeds: one at a time, each seeing what the other stored.
            serialise_account(session, account_id)
            # The known ones in one query, the new ones in one flush.
            sources = {source.url: source for source in session.scalars(select(Source).where(
                Source.account_id == account_id, Source.url.in_(urls)))} if urls else {}
            for url in urls:
                if url not in sources:
                    sources[url] = Source(account_id=account_id, url=url, kind="feed")
                    session.add(sources[url])
            session.flush()
            for url in urls:
                source_ids[url] = sources[url].id
            account = session.get(Account, account_id)
            # Events count when the story is about the account (named, or speaking as "we").
            subject = account.name if account is not None else None
            return SeenStories.load(session, account_id)

    # Fetched a few at a time, stored in the order given: the company's own feeds come
    # first, so when two feeds carry one story, the company's copy is the one kept.
    # The requests go out first; the feeds' sources are recorded while they travel.
    # The caller waits for the site's own feeds only: a news search elsewhere may be slow
    # to reach (its robots.txt first), and must not hold the site's connections back.
    queued = _Countdown(sum(1 for u in urls if urlsplit(u).netloc.lower() == own_host),
                        ready.once())
    articles = _Articles(db, client, articles_per_run, rules, summary, cancel, durable)
    try:
        with _feed_threads(feed_pool) as pool:
            futures: list[Future[_Fetched]] = [
                pool.submit(_fetch_and_parse, client, url, *known.get(url, (None, None)),
                            cancel,
                            queued.once() if urlsplit(url).netloc.lower() == own_host else None)
                for url in urls]
            try:
                seen = with_retries(feed_sources, what="recording the feeds")
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
            for future in futures:
                while not summary.cancelled and not future.done():
                    wait([future], timeout=0.2)
                    summary.cancelled = cancel is not None and cancel.cancelled
                summary.cancelled = summary.cancelled or (cancel is not None and cancel.cancelled)
                if summary.cancelled:
                    for other in futures:
                        other.cancel()
                    break
                fetched = future.result()
                stories = _record_feed(db, account_id, source_ids[fetched.url], fetched,
                                       seen, rules, summary, subject, durable=durable)
                articles.start(stories)
                done += 1
                report(f"Read feed {fetched.url}")
        if not summary.cancelled:
            summary.articles_read = articles.finish()
    finally:
        articles.close()  # (fetches still running, after a cancel or an error, end alone)
    done = total
    report(f"News: {summary.items_added} new of {summary.items_seen} stories")
    return summary


def _record_feed(db: Database, account_id: int, source_id: int, fetched: _Fetched,
                 seen: SeenStories, rules: triggers.RuleSet, summary: NewsSummary,
                 subject: str | None = None, *, durable: bool = True) -> list[_NewStory]:
    """Store one fetched feed; run again whole if another writer stored the same story.
    The new stories: (id, link, published)."""
    def unit() -> tuple[list[_NewStory], SeenStories] | None:
        attempt_seen = seen.copy()
        with db.session(durable=durable) as session:
            source = session.get(Source, source_id)
            if source is None:
                return None
            serialise_account(session, account_id)
            attempt_seen.catch_up(session, account_id)
            source.last_fetched_at = datetime.now(UTC)
            source.last_status = fetched.status or None
            source.last_error = fetched.error or None
            if fetched.error or fetched.not_modified or fetched.feed is None:
                return [], attempt_seen
            source.etag = fetched.etag
            source.last_modified = fetched.last_modified
            added = _add_entries(session, account_id, source_id, fetched.feed.entries,
                                 attempt_seen, rules, subject)
            session.flush()
            return [(item.id, item.url, item.published_at) for item in added], attempt_seen

    stored = with_retries(unit, what=f"storing the stories of {fetched.url}")
    if stored is None:
        return []
    ids, now_seen = stored
    seen.take(now_seen)
    # Counted once the stories are in: a unit that was run again counts once.
    if fetched.error:
        summary.errors.append({"url": fetched.url, "error": fetched.error})
    elif fetched.not_modified:
        summary.not_modified += 1
    elif fetched.feed is not None:
        summary.feeds_read += 1
        summary.items_seen += len(fetched.feed.entries)
        if fetched.feed.dropped:
            summary.errors.append({"url": fetched.url, "error": (
                f"has {len(fetched.feed.entries) + fetched.feed.dropped} stories; only the "
                f"newest {len(fetched.feed.entries)} were read")})
        summary.items_added += len(ids)
    return ids


_NewStory = tuple[int, "str | None", "datetime | None"]


def _timestamp(when: datetime | None) -> float:
    if when is None:
        return 0.0
    return (when if when.tzinfo is not None else when.replace(tzinfo=UTC)).timestamp()


class _Articles:
    """The article texts of new stories, fetched as each feed's stories are stored (a few
    at a time: the client's per-host limit is what keeps this polite), taken as they
    finish, and stored together in one transaction (also when cancelled midway)."""

    def __init__(self, db: Database, client: Any, budget: int, rules: triggers.RuleSet,
                 summary: NewsSummary, cancel: Any, durable: bool) -> None:
        self.db, self.client, self.budget, self.rules = db, client, max(0, budget), rules
        self.summary, self.cancel, self.durable = summary, cancel, durable
        self.futures: dict[Future[str], tuple[int, str]] = {}
        self.pool: ThreadPoolExecutor | None = None

    def start(self, stories: list[_NewStory]) -> None:
        """Fetch the newest of a feed's new ``stories`` that have a link (their text is
        still empty), within the budget."""
        room = self.budget - len(self.futures)
        if room <= 0:
            return
        # Newest first, undated last, then the later stored first.
        rows = sorted(((item_id, url, published) for item_id, url, published in stories if url),
                      key=lambda r: (r[2] is None, -_timestamp(r[2]), -r[0]))[:room]
        if not rows:
            return
        if self.pool is None:
            self.pool = ThreadPoolExecutor(max_workers=min(self.budget, ARTICLE_WORKERS),
                                           thread_name_prefix="articles")
        for item_id, url, _published in rows:
            future = self.pool.submit(articles.fetch_article_text, self.client, url,
                                      cancel=self.cancel)
            self.futures[future] = (item_id, url)

    def finish(self) -> int:
        """Wait for the fetches, store the texts; how many were stored."""
        texts: list[tuple[int, str]] = []
        order = list(self.futures)
        pending = set(self.futures)
        while pending:
            if self.cancel is not None and self.cancel.cancelled:
                self.summary.cancelled = True
                for other in pending:
                    other.cancel()
                break
            done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=order.index):
                item_id, url = self.futures[future]
                try:
                    text = future.result()
                except FetchError as exc:
                    self.summary.errors.append({"url": url, "error": exc.reason})
                    continue
                if text:
                    texts.append((item_id, text))
        with_retries(lambda: add_article_texts(self.db, texts, self.rules, durable=self.durable),
                     what="storing the articles' text")
        return len(texts)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
