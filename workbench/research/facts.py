"""Facts about a company from its pages, each with the page it came from.

Sources, most trusted first: schema.org data in JSON-LD (including ``@graph`` and nested
organisations), microdata or RDFa (read by extruct, see `structured_data`), OpenGraph and meta tags, ``tel:`` / ``mailto:`` links and links to
social profiles, then the page text (founding year, head count, labelled phone/email).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote

import lxml.html
from lxml import etree

from workbench.research import structured_data
from workbench.research.fact_keys import key_of

FACT_LABELS = {"name": "Name", "description": "Description", "address": "Address",
               "phone": "Phone", "email": "Email", "founded": "Founded",
               "employees": "Size", "social": "Social profile", "ticker": "Ticker"}

_ORG_HINTS = ("organization", "organisation", "corporation", "business", "company", "store",
              "ngo", "airline", "consortium", "educationalorganization", "governmentorganization",
              "newsmediaorganization", "researchorganization", "establishment", "restaurant",
              "hotel")
_SOCIAL = re.compile(
    r"^https?://(www\.|[a-z]{2}\.)?(linkedin\.com/(company|school|showcase)/|twitter\.com/|x\.com/|"
    r"facebook\.com/|instagram\.com/|youtube\.com/(c/|channel/|user/|@)|xing\.com/(pages|companies)/|"
    r"github\.com/|mastodon\.social/@|bsky\.app/profile/|tiktok\.com/@)[^\s]+", re.I)
_SOCIAL_NOISE = re.compile(r"/(share|sharer|intent|hashtag|status|watch|home)\b|[?&]u=", re.I)
# Every pattern over page text starts only where a run begins (the look-behinds) and
# never gives back what a run matched (possessive): a 1 MB run of "111,111,…" or
# "a.a.a.…" is one linear scan, not one scan per position (which was quadratic).
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
_FOUNDED = re.compile(
    r"\b(?:founded|established|incorporated|started|gegründet|gründung|fondée?|créée?)"
    r"(?:\s+(?:in|im|en|au|seit|since|jahr|year))*\s+(?:\w+\s+){0,2}?((?:18|19|20)\d\d)\b"
    r"|\b(?:since|seit|depuis)\s+((?:18|19|20)\d\d)\b"
    r"|\b((?:18|19|20)\d\d)\s+(?:gegründet|gründete)\b"
    r"|\b(?:gründungsjahr|founding year|année de création)\s*:?\s*((?:18|19|20)\d\d)\b", re.I)
_EMPLOYEES = re.compile(
    r"\b((?:over|more than|about|around|nearly|approximately|mehr als|über|rund|plus de|"
    r"environ)\s+)?(?<!\d)(?<!\d[,. ’'])(\d{1,3}(?:[,. ’']\d{3})++(?!\d)|\d++)\s*\+?\s*"
    r"(employees|people|staff|team members|"
    r"mitarbeiter(?:innen)?|mitarbeitende|beschäftigte|salariés|collaborateurs|employés)\b",
    re.I)
# Postal addresses in page text (imprint and contact pages), conservative on purpose:
# a street with a house number followed by a postcode and a town.
_UPPER = "A-ZÄÖÜÀ-ÖØ-Þ"
_STREET_WORDS = "straße|strasse|str\\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|markt|kai"
_ADDRESS_DE = re.compile(
    # Schillerstraße 14 | Berliner Straße 5 | Am Sandtorkai 50 ; then 73033 Göppingen
    rf"\b((?:[{_UPPER}][\wäöüß\-]*?(?:{_STREET_WORDS})"
    rf"|[{_UPPER}][\wäöüß\-]*er\s(?:Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse|Ring|Damm)"
    rf"|(?:Am|An der|Auf dem|Auf der|Im|In der|Zum|Zur)\s[{_UPPER}][\wäöüß\-]+)"
    rf"\s+\d+\s?[a-z]?)\s*,?\s+((?:[A-Z]{{1,2}}-)?\d{{4,5}})\s+"
    rf"([{_UPPER}][\wäöüß\-]+(?:\s(?:am|an\sder|im|bei)\s[{_UPPER}][\wäöüß\-]+)?)")
_ADDRESS_FR = re.compile(
    r"\b(\d+(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|quai"
    r"|impasse|route|cours)\s+[^,\n]{2,60}?)\s*,?\s+(\d{5})\s+([A-ZÀ-Ý][\w\-éèêëàâçîïôûù']+"
    r"(?:[\s\-][A-ZÀ-Ý][\w\-éèêëàâçîïôûù']+)*)")
_ADDRESS_US = re.compile(
    r"\b(\d+\s+(?:[A-Z][\w.]*\s){1,4}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Way|Boulevard"
    r"|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Place|Pl\.?|Plaza|Court|Ct\.?|Parkway|Pkwy\.?)"
    r"(?:,?\s+(?:Suite|Ste\.?|Floor|Fl\.?|#)\s*\w+)?)\s*,?\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)*),"
    r"\s+([A-Z]{2})\s+(\d{5}(?:-\d{4})?)\b")
_PHONE_LABEL = re.compile(
    r"(?:phone|tel\.?|telephone|telefon|téléphone|tél\.?|call us)\s*:?\s*"
    r"(\+?\(?\d[\d\s().\-/]{6,20}\d)", re.I)


@dataclass(frozen=True)
class FoundFact:
    kind: str
    value: str
    source_url: str
    # "structured" for the page's schema.org data, "page" for everything else.
    origin: str = "page"


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value).split())


# -- schema.org data (JSON-LD, microdata, RDFa) -----------------------------------------
def json_ld_blocks(doc: Any) -> list[Any]:
    """Every JSON-LD item of the page, parsed by extruct behind `safe_json`'s depth limit;
    broken scripts skipped (after the usual repairs: comments, trailing commas, control
    characters)."""
    return structured_data.json_ld_items(doc)


def walk_json_ld(node: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD tree (``@graph`` lists, nested values) once."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict) and id(item) not in seen:
            seen.add(id(item))
            yield item
            for value in item.values():
                if isinstance(value, (dict, list)):
                    stack.append(value)


def types_of(node: dict[str, Any]) -> list[str]:
    raw = node.get("@type") or []
    values = raw if isinstance(raw, list) else [raw]
    return [str(t).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in values]


def is_organization(node: dict[str, Any]) -> bool:
    return any(any(h in t.lower() for h in _ORG_HINTS) for t in types_of(node))


def format_address(address: Any) -> str:
    if isinstance(address, list):
        address = address[0] if address else ""
    if isinstance(address, str):
        return " ".join(address.split())
    if not isinstance(address, dict):
        return ""
    country = address.get("addressCountry")
    if isinstance(country, dict):
        country = country.get("name")
    locality = " ".join(p for p in (_clean(address.get("postalCode")),
                                    _clean(address.get("addressLocality"))) if p)
    parts = [_clean(address.get("streetAddress")), locality,
             _clean(address.get("addressRegion")), _clean(country)]
    return ", ".join(p for p in parts if p)


def _employees(value: Any) -> str:
    if isinstance(value, dict):
        if value.get("value") not in (None, ""):
            return _clean(value.get("value"))
        low, high = _clean(value.get("minValue")), _clean(value.get("maxValue"))
        return f"{low}–{high}" if low and high else low or high
    return _clean(value)


def facts_from_json_ld(doc: Any, url: str, html: str | None = None) -> list[FoundFact]:
    """Facts of the organisations the page describes in JSON-LD, microdata or RDFa."""
    facts: list[FoundFact] = []
    for block in structured_data.schema_items(doc, url, html):
        for node in walk_json_ld(block):
            if not is_organization(node):
                continue
            add = lambda kind, value: facts.append(FoundFact(kind, value, url)) if value else None  # noqa: E731
            add("name", _clean(node.get("legalName") or node.get("name")))
            add("description", _clean(node.get("description"))[:1000])
            add("address", format_address(node.get("address")))
            for point in _as_list(node.get("contactPoint")):
                if isinstance(point, dict):
                    add("phone", _clean(point.get("telephone")))
                    add("email", _clean(point.get("email")).removeprefix("mailto:"))
            add("phone", _clean(node.get("telephone")))
            add("email", _clean(node.get("email")).removeprefix("mailto:"))
            founded = _clean(node.get("foundingDate"))
            if re.match(r"^\d{4}", founded):
                add("founded", founded[:4])
            add("employees", _employees(node.get("numberOfEmployees")))
            # A listed company's ticker ("NASDAQ: HRBR"): what SEC EDGAR filings start from.
            add("ticker", _clean(node.get("tickerSymbol")))
            for link in _as_list(node.get("sameAs")):
                if isinstance(link, str) and _SOCIAL.match(link.strip()):
                    add("social", link.strip())
    return facts


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# -- meta, links, text ------------------------------------------------------------------
def facts_from_meta(doc: Any, url: str) -> list[FoundFact]:
    facts: list[FoundFact] = []

    def meta(*names: str) -> str:
        for name in names:
            for value in doc.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content'):
                if value.strip():
                    return " ".join(value.split())
        return ""

    site = meta("og:site_name", "application-name")
    if site:
        facts.append(FoundFact("name", site, url))
    description = meta("og:description", "description")
    if description:
        facts.append(FoundFact("description", description[:1000], url))
    return facts


def facts_from_links(doc: Any, url: str) -> list[FoundFact]:
    facts: list[FoundFact] = []
    for href in doc.xpath("//a/@href"):
        href = href.strip()
        low = href.lower()
        if low.startswith("tel:"):
            number = unquote(href[4:]).strip()
            if sum(c.isdigit() for c in number) >= 6:
                facts.append(FoundFact("phone", number, url))
        elif low.startswith("mailto:"):
            address = unquote(href[7:]).split("?", 1)[0].strip()
            if _EMAIL.fullmatch(address):
                facts.append(FoundFact("email", address, url))
        elif _SOCIAL.match(href) and not _SOCIAL_NOISE.search(href):
            facts.append(FoundFact("social", href.split("?", 1)[0].rstrip("/"), url))
    return facts


# Facts are near the top of a page (or in its imprint, which is short); a megabyte of
# text is no company's self-description, and reading only this much bounds the work.
MAX_TEXT_CHARS = 200_000


# Each pattern scans at most this much in one call: the interpreter lock is held for the
# whole of a scan, so a long text is read in pieces and the window's event loop gets a
# turn between them. Pieces overlap, so a fact across a boundary is still found whole.
_PIECE_CHARS = 8_000
_OVERLAP_CHARS = 300


def text_pieces_of(text: str) -> list[str]:
    """``text`` in overlapping pieces of about `_PIECE_CHARS`, cut at white space."""
    if len(text) <= _PIECE_CHARS:
        return [text]
    pieces = []
    start = 0
    while start < len(text):
        end = min(len(text), start + _PIECE_CHARS)
        if end < len(text):
            space = text.rfind(" ", start + _PIECE_CHARS // 2, end)
            end = space if space > 0 else end
        pieces.append(text[max(0, start - _OVERLAP_CHARS):end])
        start = end
    return pieces


def facts_from_text(text: str, url: str) -> list[FoundFact]:
    facts: list[FoundFact] = []
    pieces = text_pieces_of(text[:MAX_TEXT_CHARS])
    for match in (m for piece in pieces for m in _FOUNDED.finditer(piece)):
        year = next(g for g in match.groups() if g)
        facts.append(FoundFact("founded", year, url))
        break
    for match in (m for piece in pieces for m in _EMPLOYEES.finditer(piece)):
        qualifier = (match.group(1) or "").strip()
        number = re.sub(r"[,. ’']", "", match.group(2))
        if int(number) >= 2:
            facts.append(FoundFact("employees", f"{qualifier} {number}".strip(), url))
            break
    # The first address only: imprints go on to name their insurer's or registry's.
    for address in (a for piece in pieces for a in addresses_in_text(piece)[:1]):
        facts.append(FoundFact("address", address, url))
        break
    for match in (m for piece in pieces for m in _PHONE_LABEL.finditer(piece)):
        facts.append(FoundFact("phone", " ".join(match.group(1).split()), url))
    for match in (m for piece in pieces for m in _EMAIL.finditer(piece)):
        if not match.group(0).lower().endswith((".png", ".jpg", ".gif", ".webp", ".svg")):
            facts.append(FoundFact("email", match.group(0), url))
    return facts


def addresses_in_text(text: str) -> list[str]:
    """Street addresses written in the text, formatted "street, postcode town" (or
    "street, town, ST zip" for the US), in text order, each once."""
    found: list[tuple[int, str]] = []
    flat = " ".join(text.split())
    for match in _ADDRESS_DE.finditer(flat):
        found.append((match.start(), f"{match[1]}, {match[2]} {match[3]}"))
    for match in _ADDRESS_FR.finditer(flat):
        found.append((match.start(), f"{match[1]}, {match[2]} {match[3]}"))
    for match in _ADDRESS_US.finditer(flat):
        found.append((match.start(), f"{match[1]}, {match[2]}, {match[3]} {match[4]}"))
    seen: set[str] = set()
    out: list[str] = []
    for _, address in sorted(found):
        if address not in seen:
            seen.add(address)
            out.append(address)
    return out[:3]


def fact_key(fact: FoundFact) -> tuple[str, str]:
    return key_of(fact.kind, fact.value)


def extract_facts(html: str, url: str, text: str | None = None) -> list[FoundFact]:
    """All facts of one page, deduplicated, the most trusted source first."""
    try:
        doc = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    if text is None:
        from workbench.research.readable import plain_text

        text = plain_text(html)
    structured = [replace(f, origin="structured") for f in facts_from_json_ld(doc, url, html)]
    found = (structured + facts_from_meta(doc, url)
             + facts_from_links(doc, url) + facts_from_text(text, url))
    return dedupe(found)


def dedupe(facts: list[FoundFact]) -> list[FoundFact]:
    seen: set[tuple[str, str]] = set()
    unique: list[FoundFact] = []
    for fact in facts:
        key = fact_key(fact)
        if key not in seen:
            seen.add(key)
            unique.append(fact)
    return unique


