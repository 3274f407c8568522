"""Research as a pipeline: home page, robots and sitemap, the pages a rep cares about,
facts, people, feeds and news, stored as it goes.

``run_research`` captures everything afresh; ``refresh`` sends conditional requests
(ETag / Last-Modified) so unchanged pages cost a 304 and add no capture. Both take a
``progress(done, total, message)`` callback and a ``CancelToken``, so the CLI, a Qt
worker thread and the tests run the same code. Independent fetches run concurrently,
within the client's per-host limits. The database is only written from the calling
thread (and by the news step in its own session), one short transaction per page, so a
cancelled or failed run keeps what it stored.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from workbench import errors
from workbench.accounts import has_default_name
from workbench.research import CancelToken, reader_pool, sitemaps
from workbench.research.discover import PageLink, canonical, parse_sitemap, same_site
from workbench.research.facts import FoundFact, dedupe, fact_key
from workbench.research.http import FetchError, FetchResult, HttpClient, is_public_address
from workbench.research.people import PersonFound, dedupe_people
from workbench.research.pinning import Abort
from workbench.research.prestart import prestart
from workbench.research.snapshots import store_capture
from workbench.research.throttle import PRIORITY_BACKGROUND, PRIORITY_NORMAL
from workbench.storage.database import Database
from workbench.storage.locks import serialise_account
from workbench.storage.models import (
    Account,
    Fact,
    FoundPerson,
    PageSnapshot,
    ResearchRun,
    Source,
    utcnow,
)
from workbench.storage.retry import with_retries

if TYPE_CHECKING:
    from workbench.research import news

log = logging.getLogger("workbench.research")

Progress = Callable[[int, int, str], None]
# Threads for the pages (the client's per-host limit is what bounds the connections):
# one a page, up to this many, so a page waiting for its reading never holds back
# the next page's fetch.
PAGE_WORKERS = 32
SITEMAP_WAIT_S = 3.0
# When nothing has finished for this long, or for as long as the useful work took (if
# that was longer), what is still in flight is given up on and reported: one page that
# trickles or hangs must not hold the whole run to the 20 s deadline.
GRACE_S = 1.0
# Pages read for people, the most telling first: when a person is on two pages, the
# source kept is the team page's, whatever order the fetches finished in.
PEOPLE_KINDS = ("team", "about", "investors", "contact", "home")
# Facts: the home page's claim first (then the order a rep cares about).
FACT_ORDER = ("home", "about", "contact", "team", "investors", "products", "customers",
              "press", "careers")


@dataclass
class ResearchSummary:
    """What one research or refresh did, for the CLI, the status bar and the tests."""

    account_id: int
    run_id: int = 0
    status: str = "running"  # ok, partial, failed, cancelled
    home_captured: bool = False
    pages_fetched: int = 0
    pages_changed: int = 0
    pages_unchanged: int = 0
    pages_failed: int = 0
    facts: int = 0
    people: int = 0
    people_new: int = 0
    feeds: int = 0
    news_added: int = 0
    signals_added: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    elapsed_s: float = 0.0

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("errors", "run_id")}

    def lines(self) -> list[str]:
        out = [f"Pages: {self.pages_fetched} fetched, {self.pages_changed} new or changed, "
               f"{self.pages_unchanged} unchanged, {self.pages_failed} failed",
               f"Facts: {self.facts}   People found: {self.people} ({self.people_new} new)",
               f"Feeds: {self.feeds}   News items added: {self.news_added}"
               f"   New signals: {self.signals_added}"]
        out += [f"  ! {e['url']}: {e['error']}" for e in self.errors[:20]]
        if len(self.errors) > 20:
            out.append(f"  … and {len(self.errors) - 20} more problems")
        return out


@dataclass
class _Page:
    url: str
    kind: str
    result: FetchResult | None = None
    error: str = ""
    skipped: bool = False
    # What the worker extracted from the page (pure functions, no database).
    title: str = ""
    text: str = ""
    facts: list[FoundFact] = field(default_factory=list)
    people: list[PersonFound] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    # Parts of a captured page that could not be read (reported, the rest is kept).
    problems: list[str] = field(default_factory=list)


class _ProgressMerger:
    """Adds the page part and the news part into one done/total; thread-safe."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.lock = threading.Lock()
        self.parts: dict[str, tuple[int, int]] = {}
        self.last_at = time.monotonic()  # when a piece of work last finished

    def seed(self, part: str, total: int) -> None:
        with self.lock:
            self.parts.setdefault(part, (0, total))

    def update(self, part: str, done: int, total: int, message: str) -> None:
        if done != self.parts.get(part, (0, 0))[0]:
            self.last_at = time.monotonic()
        if self.progress is None:
            with self.lock:
                self.parts[part] = (done, total)
            return
        with self.lock:
            self.parts[part] = (done, total)
            done_all = sum(d for d, _ in self.parts.values())
            total_all = max(done_all, sum(t for _, t in self.parts.values()))
            try:
                self.progress(done_all, total_all, message)
            except Exception:  # noqa: BLE001 - a broken progress display must not stop research
                log.exception("progress callback failed")


def run_research(db: Database, account_id: int, *, client: HttpClient | None = None,
                 progress: Progress | None = None, cancel: CancelToken | None = None,
                 max_pages: int = 12, conditional: bool = False,
                 articles: int | None = None) -> ResearchSummary:
    """Research an account's website: capture up to ``max_pages`` pages (home included),
    extract facts and people, read its feeds. Raises `InvalidInput` when the account has
    no website; every fetch problem is recorded in the summary and the run instead.
    ``articles`` is the budget of new stories whose article text is fetched (default
    `news.ARTICLES_PER_RUN`), within the client's per-host limits."""
    run = _Run(db, account_id, client, progress, cancel or CancelToken(), max_pages, conditional)
    if articles is not None:
        run.articles = max(0, articles)
    return run.run()


def _signals_after(db: Database, summary: ResearchSummary) -> None:
    """Signals from what this run stored (kept apart: a signal bug never fails research),
    made before the run's last, durable write (`_Run._finish`), which flushes them too."""
    if summary.cancelled or not summary.home_captured:
        return
    from workbench.signals.produce import produce_signals

    try:
        result = produce_signals(db, summary.account_id, durable=False)
    except Exception:  # noqa: BLE001 - the research itself is stored and fine
        log.exception("making signals after research failed")
        return
    summary.signals_added = len(result.new_signal_ids)


def refresh(db: Database, account_id: int, *, client: HttpClient | None = None,
            progress: Progress | None = None, cancel: CancelToken | None = None,
            max_pages: int = 12, articles: int | None = None) -> ResearchSummary:
    """Research again with conditional requests: unchanged pages cost a 304 and keep
    their last capture; pages known from earlier runs are checked too."""
    return run_research(db, account_id, client=client, progress=progress, cancel=cancel,
                        max_pages=max_pages, conditional=True, articles=articles)


class _Run:
    def __init__(self, db: Database, account_id: int, client: HttpClient | None,
                 progress: Progress | None, cancel: CancelToken, max_pages: int,
                 conditional: bool) -> None:
        self.db = db
        self.account_id = account_id
        self.own_client = client is None
        self.client = client or HttpClient()
        self.progress = _ProgressMerger(progress)
        self.cancel = cancel
        self.max_pages = max(1, max_pages)
        self.conditional = conditional
        self.summary = ResearchSummary(account_id)
        self.started = time.monotonic()
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.known_pages: dict[str, str] = {}
        self.page_facts: list[tuple[int, str, list[FoundFact]]] = []
        self.page_people: list[tuple[int, str, list[PersonFound]]] = []
        self.refetched: set[str] = set()
        # The news could not be stored (the database refused): the run failed.
        self.storage_failed = False
        self.sitemap_feeds: list[str] = []
        from workbench.research.news import ARTICLES_PER_RUN, FEED_WORKERS

        self.articles = ARTICLES_PER_RUN
        self.first_feeds: list[str] = []
        self.page_feeds: list[str] = []
        self.known_feeds: news.KnownFeeds | None = None  # read with the run's first read
        self.abort = Abort()
        # The pages' threads (the home page, the sitemap and robots.txt first) and the
        # feeds', started while the home page loads (`prestart`).
        self.page_threads = min(PAGE_WORKERS, self.max_pages + 1)
        self.feed_threads = FEED_WORKERS
        self.feed_pool = ThreadPoolExecutor(FEED_WORKERS, thread_name_prefix="feeds")

    # -- setup ----------------------------------------------------------------------------
    def _load(self, found_website: Callable[[str], None]) -> str:
        """The account's website, its known pages and validators; records the run.
        ``found_website(website)`` is called as soon as the website is read."""
        from workbench.research import news

        with self.db.session(durable=False) as session:
            account = session.get(Account, self.account_id)
            if account is None:
                raise errors.NotFound(f"There is no account with id {self.account_id}.")
            if not account.website:
                raise errors.InvalidInput(
                    f"“{account.name}” has no website to research.",
                    hint="Add one with the account's website field first.")
            found_website(account.website)
            # Which pages have a capture, in one query (not each page's whole history).
            captured = set(session.scalars(
                select(PageSnapshot.source_id).join(Source)
                .where(Source.account_id == self.account_id).distinct()))
            for source in account.sources:
                if source.kind == "page":
                    self.known_pages[source.url] = source.page_kind
                    if self.conditional and source.id in captured:
                        self.validators[source.url] = (source.etag, source.last_modified)
            # What the news step needs before its first request, read now: the feeds'
            # requests go out the moment the home page names them.
            self.known_feeds = news.known_feeds(session, self.account_id)
            run = ResearchRun(account_id=self.account_id, status="running")
            session.add(run)
            session.flush()
            self.summary.run_id = run.id
            return account.website

    def _allow_own_host(self, website: str) -> None:
        """The account's own website may live on a private address (an intranet test
        site, a fixture on 127.0.0.1); only its origin (scheme, host and port) is
        allowed, not its neighbours nor the same host on another port."""
        parts = urlsplit(website)
        try:
            addresses = list(self.client.resolver(parts.hostname or "", parts.port or 443))
        except OSError:
            return  # the fetch will say the name could not be found
        if addresses and not all(is_public_address(a) for a in addresses):
            self.client.allow_origin(canonical(website))

    # -- fetching ---------------------------------------------------------------------------
    def _fetch_page(self, url: str, kind: str, extract: bool = True) -> _Page:
        page = _Page(url, kind)
        if self.cancel.cancelled:
            page.skipped = True
            return page
        etag, modified = self.validators.get(url, (None, None))
        # Pages lead to no further fetches: feeds and articles (the news step) go first
        # when both wait for a connection; the home page leads to everything.
        priority = PRIORITY_NORMAL if kind == "home" else PRIORITY_BACKGROUND
        try:
            result = self.client.fetch(url, etag=etag, last_modified=modified,
                                       priority=priority)
        except FetchError as exc:
            page.error = exc.reason
            return page
        except Exception:  # noqa: BLE001 - one page a bug trips on costs that page only
            log.exception("fetching %s failed", url)
            page.error = "the page could not be read (details in the log)"
            return page
        if result.status >= 400:
            page.error = f"the page answered with error {result.status}"
        page.result = result
        if extract and not page.error and not result.not_modified:
            self._extract(page)
        return page

    def _extract(self, page: _Page) -> None:
        """Reader text, facts and people of a fetched page, read by a worker process
        (`reader_pool`), so a hostile page never holds this process's interpreter lock;
        the page's thread waits, overlapping with other fetches and the database writes.
        A page that breaks one extractor loses what that one would have found, nothing
        else; a page whose reading does not come back is kept without its text."""
        assert page.result is not None
        try:
            # After the feeds and the home page's links, which lead to more fetches.
            reading = reader_pool.run("read_page", page.result.text, page.result.url,
                                      page.url, page.kind in PEOPLE_KINDS,
                                      stop=lambda: self.cancel.cancelled,
                                      priority=reader_pool.PRIORITY_BACKGROUND)
        except reader_pool.ReadAbandoned:
            page.skipped = True
            return
        except reader_pool.ReadFailed as exc:
            log.warning("reading %s failed: %s", page.url, exc)
            page.problems.append(f"its text could not be read ({exc})")
            return
        except Exception:  # noqa: BLE001 - one page a bug trips on costs that page only
            log.exception("reading %s failed", page.url)
            page.problems.append("its text could not be read (details in the log)")
            return
        for failure in reading.failures:
            log.error("%s", failure)
        page.title, page.text, page.facts = reading.title, reading.text, reading.facts
        page.feeds, page.people = reading.feeds, reading.people
        page.problems += reading.problems

    def _fetch_sitemaps(self, home_url: str) -> list[str]:
        """Page URLs of the site's sitemap(s); silent when there is none (most sites)."""
        try:
            declared = self.client.robots.rules(home_url).sitemaps()
        except Exception:  # noqa: BLE001 - robots problems surface on the home page fetch
            declared = []
        origin = f"{urlsplit(home_url).scheme}://{urlsplit(home_url).netloc}"
        queue = [u for u in declared if same_site(u, home_url)][:2] or [origin + "/sitemap.xml"]
        pages: list[str] = []
        for _ in range(3):  # a sitemap index and up to two of its children, no more
            if not queue or self.cancel.cancelled:
                break
            try:
                result = self.client.fetch(queue.pop(0), accept=sitemaps.SITEMAP_ACCEPT,
                                           deadline=10)
            except FetchError:
                continue
            if result.status != 200:
                continue
            found, children = parse_sitemap(sitemaps.sitemap_bytes(result.content))
            found = [u for u in found if same_site(u, home_url)]
            self.sitemap_feeds += [u for u in sitemaps.feed_urls(found) if u not in self.sitemap_feeds]
            pages.extend(found)
            queue.extend(u for u in children if same_site(u, home_url))
        return pages[:2000]

    # -- the run ----------------------------------------------------------------------------
    def run(self) -> ResearchSummary:
        pool = ThreadPoolExecutor(self.page_threads, thread_name_prefix="research")
        try:
            try:
                website = self._load(lambda site: self._start(pool, site))
            except BaseException:
                self.abort.abort()  # robots.txt, if it is on its way, is not waited for
                raise
            try:
                self._run(pool, canonical(website))
            except BaseException:
                self._finish("failed", signals=False)
                raise
        finally:
            # Cancelled: return now; fetches in flight end in the background (their
            # workers never touch the database) and their results are dropped.
            cancelled = self.cancel.cancelled
            if cancelled:
                self.abort.abort()  # fetches in flight stop now, not at their deadline
            pool.shutdown(wait=not cancelled, cancel_futures=True)
            self.feed_pool.shutdown(wait=False, cancel_futures=True)
            if self.client.abort is self.abort:
                self.client.abort = None
            if self.own_client and not cancelled:
                self.client.close()
        return self.summary

    def _start(self, pool: ThreadPoolExecutor, website: str) -> None:
        """Set out as soon as the website is known: robots.txt (the home page's first
        need) is fetched, and the reader processes start, while the run is recorded."""
        self._allow_own_host(website)
        self.client.abort = self.abort
        reader_pool.pool().warm()
        pool.submit(self.client.robots.rules, canonical(website))

    def _result(self, future: Future[Any]) -> Any:
        """The future's result, or None as soon as the run is cancelled."""
        while True:
            try:
                return future.result(timeout=0.1)
            except FuturesTimeout:
                if self.cancel.cancelled:
                    self.abort.abort()
                    return None

    def _run(self, pool: ThreadPoolExecutor, home_url: str) -> None:
        self.progress.update("pages", 0, 2, f"Reading {home_url}")
        # The home page is extracted after its links have been followed: discovery needs
        # only the links, and every millisecond before the next wave is on the critical path.
        home_future = pool.submit(self._fetch_page, home_url, "home", False)
        sitemap_future = pool.submit(self._fetch_sitemaps, home_url)
        # Their threads start while the home page loads (robots.txt's, the home page's
        # and the sitemap's are running).
        prestart(pool, self.page_threads - 3)
        prestart(self.feed_pool, self.feed_threads)
        home = self._result(home_future)
        if home is None or home.skipped or self.cancel.cancelled:
            sitemap_future.cancel()
            self._finish("cancelled")
            return
        if home.error:
            sitemap_future.cancel()
            self._store_pages([home])
            self._finish("failed")
            return
        assert home.result is not None
        html = "" if home.result.not_modified else home.result.text
        base = home.result.url if not home.result.not_modified else home_url
        try:
            # A slow sitemap (an index, then its children) must not hold every page back.
            sitemap = sitemap_future.result(timeout=SITEMAP_WAIT_S)
        except FuturesTimeout:
            log.info("sitemap not read within %s s; going on with the home page's links",
                     SITEMAP_WAIT_S)
            sitemap = []
        except Exception:  # noqa: BLE001 - a bad sitemap only means fewer candidates
            log.exception("sitemap reading failed")
            sitemap = []
        links, home_feeds = self._home_links(html, base, sitemap)
        if self.cancel.cancelled:
            self._finish("cancelled")
            return
        targets = self._targets(links, html, base)
        feed_urls = home_feeds + [u for u in self.sitemap_feeds if u not in home_feeds]
        # The feeds lead to more fetches (their articles): the site keeps a connection
        # for each of its feeds until their requests are in line, and the pages take the
        # others (each waiting page would take the next free connection otherwise).
        site = urlsplit(base).netloc.lower()
        unreserve = self.client.throttle.reserve(
            site, sum(1 for u in feed_urls if urlsplit(u).netloc.lower() == site))
        try:
            news_future = self._start_news(feed_urls, unreserve)
        except BaseException:
            unreserve()
            raise
        pending: set[Future[_Page]] = {pool.submit(self._fetch_page, link.url, link.kind)
                                       for link in targets}
        if html:
            self._extract(home)
        self._store_pages([home])
        self.summary.home_captured = True
        total = 1 + len(targets)
        done = 1
        self.progress.update("pages", done, total, "Home page captured")
        while pending and not self.cancel.cancelled:
            finished, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            self._give_up_when_idle()
            # Stored at once, the pages that finished meanwhile in one transaction (a
            # group commit): when the last page comes in, the others are stored already,
            # and a cancelled run keeps every page that finished stored.
            done = self._store_finished([f.result() for f in finished if not f.cancelled()],
                                        done, total)
        unreserve()  # (the news step has done so, unless it never started)
        self._store_facts_and_people()
        self._wait_news(news_future, home)
        if self.cancel.cancelled:
            self._finish("cancelled")
        elif self.storage_failed:
            self._finish("failed")
        else:
            self._finish("partial" if self.summary.errors else "ok")

    def _store_finished(self, pages: list[_Page], done: int, total: int) -> int:
        """Store finished pages in one transaction and report them; the new done count."""
        if not pages:
            return done
        self._store_pages([p for p in pages if not p.skipped])
        for page in pages:
            done += 1
            self.page_feeds += [u for u in page.feeds if u not in self.page_feeds]
            if not page.skipped:
                state = "Could not read" if page.error else "Captured"
                self.progress.update("pages", done, total, f"{state} {page.kind}: {page.url}")
        return done

    def _home_links(self, html: str, base: str,
                    sitemap: list[str]) -> tuple[list[PageLink], list[str]]:
        """The pages worth capturing and the feeds the home page announces, found by a
        reader process (a home page of many thousands of links is long work)."""
        if not html:
            return [], []
        try:
            links, feeds = reader_pool.run("read_home_links", html, base, sitemap,
                                           self.max_pages, stop=lambda: self.cancel.cancelled)
        except reader_pool.ReadAbandoned:
            return [], []
        except reader_pool.ReadFailed as exc:
            log.warning("reading the links of %s failed: %s", base, exc)
            self._record_error(base, f"its links could not be read ({exc})")
            return [], []
        return list(links), list(feeds)

    def _targets(self, links: list[PageLink], html: str, base: str) -> list[PageLink]:
        chosen = {link.url for link in links}
        if self.conditional or not html:
            # A refresh also checks pages found in earlier runs (the home page may be 304,
            # so there is nothing to rediscover from).
            room = self.max_pages - 1 - len(links)
            for url, kind in self.known_pages.items():
                if room <= 0:
                    break
                if kind != "home" and url not in chosen and url != canonical(base):
                    links.append(PageLink(url, kind or "other", 0.0))
                    chosen.add(url)
                    room -= 1
        return links

    # -- news (research part 2) -------------------------------------------------------------
    def _start_news(self, feed_urls: list[str],
                    feeds_queued: Callable[[], None] | None = None) -> Future[Any] | None:
        from workbench.research import news

        def news_progress(done: int, total: int, message: str) -> None:
            self.progress.update("news", done, total, message)

        # An estimate of the news step's work until it reports its own, so the bar does
        # not jump back when it starts.
        estimate = len(feed_urls) + self.articles if feed_urls else 0
        self.progress.seed("news", estimate)
        self.first_feeds = list(feed_urls)

        executor = ThreadPoolExecutor(1, thread_name_prefix="research-news")
        future = executor.submit(news.ingest_feeds, self.db, self.account_id, feed_urls, self.client,
                                 news_progress, self.cancel, articles_per_run=self.articles,
                                 durable=False, feeds_queued=feeds_queued,
                                 known=self.known_feeds, feed_pool=self.feed_pool)
        executor.shutdown(wait=False)
        return future

    def _give_up_when_idle(self) -> None:
        """Abort what is in flight once nothing has finished for the grace period (or for
        as long as the useful work took): see `GRACE_S`."""
        if self.abort.aborted:
            return
        now = time.monotonic()
        last = self.progress.last_at
        if now - last > max(GRACE_S, last - self.started):
            log.info("giving up on the slow fetches left after %.1f s", now - self.started)
            self.abort.abort()

    def _wait_news(self, future: Future[Any] | None, home: _Page | None = None) -> None:
        if future is None:
            return
        while not future.done():
            wait([future], timeout=0.1)
            if self.cancel.cancelled:
                self.abort.abort()
            else:
                self._give_up_when_idle()
        try:
            news = future.result()
        except errors.DatabaseError as exc:
            # The news could not be stored: the run must not end as a success.
            self._record_error("feeds", exc.message)
            self.storage_failed = True
            return
        except errors.KnownError as exc:
            self._record_error("feeds", exc.message)
            return
        except Exception:  # noqa: BLE001 - a news bug must not lose the pages stored
            log.exception("reading the feeds failed")
            self._record_error("feeds", "reading the feeds failed (details in the log)")
            return
        self.summary.feeds = news.feeds
        self.summary.news_added = news.items_added
        for error in news.errors:
            self._record_error(error.get("url", ""), error.get("error", ""))
        self._read_page_feeds(news.articles_read)

    def _read_page_feeds(self, articles_read: int) -> None:
        """The feeds announced only on other pages (a blog's, a newsroom's), read once
        the pages are in, with what is left of the article budget."""
        extra = [u for u in self.page_feeds if u not in self.first_feeds]
        if not extra or self.cancel.cancelled:
            return
        from workbench.research import news

        def news_progress(done: int, total: int, message: str) -> None:
            self.progress.update("news", done, total, message)

        try:
            more = news.ingest_feeds(self.db, self.account_id, extra, self.client, news_progress,
                                     self.cancel, articles_per_run=max(0, self.articles - articles_read),
                                     probe_common=False, only_given=True, durable=False,
                                     known=self.known_feeds, feed_pool=self.feed_pool)
        except errors.KnownError as exc:
            self._record_error("feeds", exc.message)
            return
        self.summary.feeds += more.feeds
        self.summary.news_added += more.items_added
        for error in more.errors:
            self._record_error(error.get("url", ""), error.get("error", ""))

    # -- storing ------------------------------------------------------------------------------
    def _record_error(self, url: str, reason: str) -> None:
        self.summary.errors.append({"url": url, "error": reason})

    def _source(self, session: Any, url: str, kind: str,
                known: dict[str, Source] | None = None) -> Source:
        if known is not None:
            source = known.get(url)
        else:
            source = session.scalars(select(Source).where(
                Source.account_id == self.account_id, Source.url == url)).first()
        if source is None:
            source = Source(account_id=self.account_id, url=url, kind="page", page_kind=kind)
            session.add(source)
            if known is not None:
                known[url] = source
        elif kind != "other":
            source.page_kind = kind
        return source

    def _store_pages(self, pages: list[_Page]) -> None:
        if not pages:
            return

        def unit() -> None:
            # What storing these pages adds to the run's tallies, put back if the unit
            # meets another writer and runs again.
            summary = replace(self.summary, errors=list(self.summary.errors))
            facts, people = len(self.page_facts), len(self.page_people)
            refetched = set(self.refetched)
            try:
                with self.db.session(durable=False) as session:
                    serialise_account(session, self.account_id)
                    # The batch's sources in one query, not one a page.
                    known = {source.url: source for source in session.scalars(select(Source).where(
                        Source.account_id == self.account_id,
                        Source.url.in_([page.url for page in pages])))}
                    for page in pages:
                        self._store_page(session, page, known)
            except Exception:
                self.summary = summary
                del self.page_facts[facts:], self.page_people[people:]
                self.refetched = refetched
                raise

        with_retries(unit, what="storing pages")

    def _store_page(self, session: Any, page: _Page,
                    known: dict[str, Source] | None = None) -> None:
        source = self._source(session, page.url, page.kind, known)
        source.last_fetched_at = utcnow()
        source.last_status = page.result.status if page.result else None
        if page.error:
            self._record_error(page.url, page.error)
            source.last_error = page.error
            self.summary.pages_failed += 1
            return
        result = page.result
        assert result is not None
        source.last_error = None
        for problem in page.problems:
            self._record_error(page.url, problem)
        self.summary.pages_fetched += 1
        if result.not_modified:
            self.summary.pages_unchanged += 1
            return
        self.refetched.add(page.url)
        rank = FACT_ORDER.index(page.kind) if page.kind in FACT_ORDER else len(FACT_ORDER)
        self.page_facts.append((rank, page.url, page.facts))
        if page.people:
            self.page_people.append((PEOPLE_KINDS.index(page.kind), page.url, page.people))
        source.etag = result.etag
        source.last_modified = result.last_modified
        if store_capture(session, source, result.status, page.title, page.text) is None:
            self.summary.pages_unchanged += 1
        else:
            self.summary.pages_changed += 1

    def _store_facts_and_people(self) -> None:
        facts = dedupe([f for *_, found in sorted(self.page_facts, key=lambda p: p[:2])
                        for f in found])
        people = dedupe_people([p for *_, found in sorted(self.page_people, key=lambda p: p[:2])
                                for p in found])
        with_retries(lambda: self._store_found(facts, people), what="storing facts and people")

    def _store_found(self, facts: list[FoundFact], people: list[Any]) -> None:
        self.summary.people_new = 0
        with self.db.session(durable=False) as session:
            serialise_account(session, self.account_id)
            # Facts of re-read pages are replaced; facts of unchanged (304) or failed
            # pages stay, so a flaky refresh does not make facts disappear. One DELETE
            # by page, not row by row: another writer may have replaced them already.
            session.execute(delete(Fact).where(Fact.account_id == self.account_id,
                                               Fact.source_url.in_(self.refetched)))
            kept = {fact_key(FoundFact(fact.kind, fact.value, fact.source_url))
                    for fact in session.scalars(select(Fact).where(
                        Fact.account_id == self.account_id))}
            for fact in facts:
                if fact_key(fact) not in kept:
                    session.add(Fact(account_id=self.account_id, kind=fact.kind,
                                     value=fact.value[:4000], source_url=fact.source_url,
                                     origin=fact.origin))
            existing = {p.name.casefold(): p for p in session.scalars(
                select(FoundPerson).where(FoundPerson.account_id == self.account_id))}
            for person in people:
                old = existing.get(person.name.casefold())
                if old is None:
                    session.add(FoundPerson(account_id=self.account_id, name=person.name[:200],
                                            title=person.title[:300],
                                            source_url=person.source_url))
                    self.summary.people_new += 1
                elif person.title:
                    old.title, old.source_url = person.title[:300], person.source_url
            session.flush()
            self.summary.facts = session.scalar(
                select(func.count(Fact.id)).where(Fact.account_id == self.account_id)) or 0
            self.summary.people = len(existing) + self.summary.people_new

    def _finish(self, status: str, signals: bool = True) -> None:
        self.summary.status = status
        if signals:
            _signals_after(self.db, self.summary)
        self._close_run(status)

    def _close_run(self, status: str) -> None:
        # Durable (the run's other writes are not, `Database.session`): its commit flushes
        # every page and story stored before it to disk, so a finished run survives a
        # power cut; one cut short by one loses at most that run's work, never an edit.
        self.summary.status = status
        self.summary.elapsed_s = round(time.monotonic() - self.started, 3)
        with self.db.session() as session:
            run = session.get(ResearchRun, self.summary.run_id)
            if run is not None:
                run.status = status
                run.finished_at = utcnow()
                run.summary = self.summary.as_dict()
                run.errors = list(self.summary.errors)
            account = session.get(Account, self.account_id)
            if account is not None and self.summary.home_captured:
                account.last_researched_at = utcnow()
                _adopt_company_name(session, account)


def _adopt_company_name(session: Session, account: Account) -> None:
    """Replace a name made up from the domain with the one the company's pages give."""
    if not has_default_name(account.name, account.domain):
        return
    names = session.scalars(select(Fact.value).where(
        Fact.account_id == account.id, Fact.kind == "name")).all()
    # The shortest is usually the plain trading name ("Acme Robotics", not ", Inc.").
    best = min((n.strip() for n in names if 0 < len(n.strip()) <= 200), key=len, default="")
    if best:
        account.name = best
