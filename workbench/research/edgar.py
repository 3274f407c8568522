"""Public filings as a news source for listed companies: SEC EDGAR's per-company filing
feed (Atom), its 8-K current reports tagged with trigger kinds by their item numbers.

EDGAR asks automated clients to name themselves with a contact address in the
User-Agent and to stay under ten requests a second; `edgar_client` makes a client that
does both (one request at a time to the host, a pause between them). The base address
is configurable so tests serve fixtures of the real feed's shape from 127.0.0.1.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lxml import etree
from sqlalchemy import select

from workbench.errors import InvalidInput, KnownError
from workbench.research.feeds import FeedEntry
from workbench.research.http import FetchError, HttpClient
from workbench.storage.database import Database
from workbench.storage.models import Account, NewsItem, NewsTrigger, Source

EDGAR_BASE = "https://www.sec.gov"
SOURCE_KIND = "filings"
# 8-K item numbers -> trigger kinds (the items a rep calls about).
ITEM_KINDS: dict[str, str] = {
    "1.01": "partnership",        # entry into a material definitive agreement
    "1.03": "bankruptcy",         # bankruptcy or receivership
    "2.01": "acquisition",        # completion of an acquisition or disposition of assets
    "2.02": "earnings",           # results of operations and financial condition
    "2.05": "layoffs",            # costs of exit or disposal activities
    "5.02": "leadership_change",  # departure or appointment of directors or officers
}
ITEM_NAMES: dict[str, str] = {
    "1.01": "Entry into a Material Definitive Agreement",
    "1.03": "Bankruptcy or Receivership",
    "2.01": "Completion of Acquisition or Disposition of Assets",
    "2.02": "Results of Operations and Financial Condition",
    "2.05": "Costs Associated with Exit or Disposal Activities",
    "5.02": "Departure of Directors or Certain Officers; Election of Directors; "
            "Appointment of Certain Officers",
}
# SEC: at most 10 requests a second; one at a time with a pause stays well under.
REQUEST_PAUSE_S = 0.2
_ITEM_RE = re.compile(r"\bitems?\s*((?:\d\.\d\d(?:\s*(?:,|and|&)\s*)?)+)", re.I)
_NUMBER_RE = re.compile(r"\d\.\d\d")
_CIK_RE = re.compile(r"^\d{1,10}$")
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class EdgarError(KnownError):
    """EDGAR could not be asked (no contact address, unknown ticker, the feed failed)."""


@dataclass(frozen=True)
class Filing:
    """One filing of the feed: form, date, items and the kinds they show."""

    accession: str
    form: str
    filed: datetime | None
    link: str
    title: str
    items: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


@dataclass
class FilingsSummary:
    filings: int = 0
    added: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)


def user_agent(contact: str) -> str:
    """The User-Agent EDGAR asks for: the program and a contact address."""
    contact = " ".join((contact or "").split())
    if not _EMAIL_RE.search(contact):
        raise EdgarError("SEC EDGAR asks for a contact e-mail address in every request.",
                         hint="Give your work e-mail address (it is sent to sec.gov only).")
    return f"SalesPrepWorkbench/1.0 ({contact})"


def edgar_client(contact: str, **options: Any) -> HttpClient:
    """An HTTP client fit for EDGAR: contact in the User-Agent, one request at a time."""
    options.setdefault("per_host", 1)
    options.setdefault("host_delay", REQUEST_PAUSE_S)
    return HttpClient(user_agent(contact), **options)


def normalise_cik(value: str) -> str:
    """A CIK as EDGAR writes it in URLs: ten digits, zero-padded."""
    digits = (value or "").strip().upper().removeprefix("CIK")
    if not _CIK_RE.match(digits):
        raise InvalidInput(f"“{value}” is not a CIK (up to ten digits).")
    return digits.zfill(10)


def filings_feed_url(cik: str, base: str = EDGAR_BASE, form: str = "8-K", count: int = 40) -> str:
    """The company's filing feed (Atom), newest first."""
    return (f"{base.rstrip('/')}/cgi-bin/browse-edgar?action=getcompany&CIK={normalise_cik(cik)}"
            f"&type={form}&dateb=&owner=include&count={count}&output=atom")


def cik_for_ticker(client: HttpClient, ticker: str, base: str = EDGAR_BASE) -> str:
    """The CIK of a ticker, from EDGAR's `company_tickers.json`. Raises `EdgarError`."""
    url = f"{base.rstrip('/')}/files/company_tickers.json"
    try:
        result = client.fetch(url, accept="application/json", check_robots=False)
    except FetchError as exc:
        raise EdgarError(f"The list of tickers could not be read: {exc.reason}.") from exc
    if result.status != 200:
        raise EdgarError(f"The list of tickers could not be read (the server answered {result.status}).")
    try:
        table = json.loads(result.content)
    except ValueError as exc:
        raise EdgarError("The list of tickers is not valid JSON.") from exc
    wanted = ticker.strip().upper()
    rows = table.values() if isinstance(table, dict) else table
    for row in rows:
        if isinstance(row, dict) and str(row.get("ticker", "")).upper() == wanted:
            return normalise_cik(str(row.get("cik_str", "")))
    raise EdgarError(f"SEC EDGAR knows no company with the ticker “{ticker}”.")


def items_of(text: str) -> tuple[str, ...]:
    """The 8-K item numbers a feed entry names ("items 2.02 and 9.01", "Item 5.02: ...")."""
    found: list[str] = []
    for match in _ITEM_RE.finditer(text or ""):
        for number in _NUMBER_RE.findall(match.group(1)):
            if number not in found:
                found.append(number)
    return tuple(found)


def _local(element: Any) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child_text(element: Any, name: str) -> str:
    for child in element.iter():
        if _local(child) == name:
            return " ".join("".join(child.itertext()).split())
    return ""


def _date(value: str) -> datetime | None:
    for candidate in (value, value[:10]):
        try:
            moment = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None


def parse_filings(data: bytes) -> list[Filing]:
    """The filings of an EDGAR company Atom feed (never resolves entities)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    filings: list[Filing] = []
    for entry in (e for e in root if _local(e) == "entry"):
        form = ""
        for child in entry:
            if _local(child) == "category" and child.get("term"):
                form = child.get("term", "")
        form = form or _child_text(entry, "filing-type")
        accession = _child_text(entry, "accession-number") or _child_text(entry, "id")
        link = _child_text(entry, "filing-href")
        for child in entry:
            if _local(child) == "link" and child.get("href") and not link:
                link = child.get("href", "")
        # lxml keeps the summary's escaped HTML as text: "<b>Filed:</b> ... Item 2.02: ..."
        described = " ".join((_child_text(entry, "items-desc"), _child_text(entry, "summary")))
        items = items_of(described)
        kinds = tuple(dict.fromkeys(ITEM_KINDS[i] for i in items if i in ITEM_KINDS))
        filings.append(Filing(
            accession=accession, form=form,
            filed=_date(_child_text(entry, "filing-date") or _child_text(entry, "updated")),
            link=link, title=_child_text(entry, "title") or form, items=items, kinds=kinds))
    return filings


def _evidence(filing: Filing, kind: str) -> str:
    for item in filing.items:
        if ITEM_KINDS.get(item) == kind:
            return f"Form {filing.form}, Item {item}: {ITEM_NAMES[item]}"
    return f"Form {filing.form}"


def follow_filings(db: Database, account_id: int, cik: str, base: str = EDGAR_BASE) -> str:
    """Remember the company's EDGAR filing feed for the account; returns its URL."""
    url = filings_feed_url(cik, base)
    with db.session() as session:
        if session.get(Account, account_id) is None:
            raise InvalidInput(f"There is no account with id {account_id}.")
        known = session.scalars(select(Source).where(Source.account_id == account_id,
                                                     Source.url == url)).first()
        if known is None:
            session.add(Source(account_id=account_id, url=url, kind=SOURCE_KIND, added_by_user=True))
    return url


def ingest_filings(db: Database, account_id: int, client: HttpClient) -> FilingsSummary:
    """Read every EDGAR filing feed the account follows; each filing lands once as a news
    story, tagged with the kinds its 8-K items show (the item is the evidence)."""
    from workbench.research.news import SeenStories, dedupe_key

    summary = FilingsSummary()
    with db.session() as session:
        sources = session.execute(select(Source.id, Source.url).where(
            Source.account_id == account_id, Source.kind == SOURCE_KIND)).all()
    for source_id, url in sources:
        try:
            result = client.fetch(url, accept="application/atom+xml, application/xml",
                                  check_robots=False)
        except FetchError as exc:
            summary.errors.append({"url": url, "error": exc.reason})
            continue
        if result.status != 200:
            summary.errors.append({"url": url, "error": f"the server answered {result.status}"})
            continue
        filings = parse_filings(result.content)
        summary.filings += len(filings)
        with db.session() as session:
            seen = SeenStories.load(session, account_id)
            source = session.get(Source, source_id)
            if source is not None:
                source.last_fetched_at = datetime.now(UTC)
                source.last_status = result.status
            for filing in filings:
                entry = FeedEntry(title=f"{filing.form}: {filing.title}".strip(), link=filing.link,
                                  guid=f"edgar:{filing.accession}", published=filing.filed,
                                  summary="; ".join(f"Item {i}" + (f": {ITEM_NAMES[i]}" if i in ITEM_NAMES else "")
                                                    for i in filing.items))
                key = dedupe_key(entry)
                # A filing is itself by its accession number only (their titles repeat).
                if key in seen.keys or entry.guid in seen.guids:
                    continue
                seen.add(key, entry, [], source_id)
                item = NewsItem(account_id=account_id, source_id=source_id, dedupe_key=key,
                                guid=entry.guid, url=entry.link, title=entry.title,
                                published_at=entry.published, summary=entry.summary, text="")
                item.triggers = [NewsTrigger(kind=k, evidence=_evidence(filing, k)) for k in filing.kinds]
                session.add(item)
                summary.added += 1
    return summary
