"""Finding the pages a rep cares about from a company's home page and sitemap.

Links are classified by their path and their link text (English, German, French) into
page kinds; links in navigation, header and footer count a bit more. Only same-site
http(s) pages are kept, never files (PDFs, images) or other sites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

# Kinds in the order a rep cares about them; the first match of each kind is captured
# before second choices of any kind.
PAGE_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (path words, link-text phrases)
    "about": (("about", "about-us", "aboutus", "company", "who-we-are", "our-story",
               "ueber-uns", "uber-uns", "über-uns", "unternehmen", "a-propos", "apropos",
               "qui-sommes-nous", "entreprise", "societe", "firma"),
              ("about", "about us", "company", "who we are", "our story", "über uns",
               "ueber uns", "unternehmen", "à propos", "a propos", "qui sommes-nous",
               "l'entreprise", "notre histoire", "la société")),
    "team": (("team", "leadership", "management", "executives", "executive-team", "people",
              "our-team", "founders", "board", "board-of-directors", "geschaeftsfuehrung",
              "geschäftsführung", "vorstand", "equipe", "équipe", "direction", "dirigeants",
              "gouvernance", "leitung"),
             ("team", "our team", "leadership", "management", "executive team", "executives",
              "our people", "founders", "board of directors", "board", "geschäftsführung",
              "vorstand", "management-team", "équipe", "notre équipe", "direction",
              "dirigeants", "gouvernance")),
    "products": (("products", "product", "solutions", "solution", "services", "platform",
                  "produkte", "loesungen", "lösungen", "leistungen", "produits", "offre"),
                 ("products", "product", "solutions", "services", "platform", "what we do",
                  "produkte", "lösungen", "leistungen", "produits", "nos solutions",
                  "nos services", "offre")),
    "customers": (("customers", "clients", "case-studies", "casestudies", "case-study",
                   "success-stories", "references", "kunden", "referenzen", "references-clients",
                   "temoignages", "cas-clients"),
                  ("customers", "clients", "case studies", "success stories", "references",
                   "kunden", "referenzen", "erfolgsgeschichten", "références", "témoignages",
                   "cas clients", "nos clients")),
    "press": (("press", "newsroom", "news", "media", "press-releases", "pressroom", "presse",
               "aktuelles", "neuigkeiten", "actualites", "actualités", "communiques", "blog"),
              ("press", "newsroom", "news", "media", "press releases", "presse", "aktuelles",
               "neuigkeiten", "pressemitteilungen", "actualités", "communiqués", "blog")),
    "careers": (("careers", "career", "jobs", "join-us", "work-with-us", "karriere", "jobs",
                 "stellenangebote", "carrieres", "carrières", "recrutement", "emplois"),
                ("careers", "jobs", "join us", "work with us", "we're hiring", "karriere",
                 "stellenangebote", "carrières", "recrutement", "nous rejoindre", "emplois")),
    "investors": (("investors", "investor-relations", "ir", "shareholders", "investoren",
                   "investor", "aktionaere", "investisseurs", "actionnaires", "finance"),
                  ("investors", "investor relations", "shareholders", "investoren",
                   "aktionäre", "investisseurs", "actionnaires", "relations investisseurs")),
    "contact": (("contact", "contact-us", "contactus", "kontakt", "nous-contacter", "contacts",
                 "impressum", "imprint", "legal-notice", "mentions-legales"),
                ("contact", "contact us", "get in touch", "kontakt", "nous contacter",
                 "impressum", "imprint", "legal notice", "mentions légales")),
}

# One alternation per kind: a phrase anywhere in a short link text, as a whole word.
_PHRASE_RE = {kind: re.compile("|".join(rf"\b{re.escape(p)}\b" for p in phrases))
              for kind, (_words, phrases) in PAGE_KINDS.items()}

_SKIP_EXT = re.compile(r"\.(pdf|jpe?g|png|gif|svg|webp|zip|gz|mp4|mp3|docx?|xlsx?|pptx?|ics|"
                       r"css|js|xml|rss|atom|json)$", re.I)


# Links (and sitemap entries) weighed at most; see `discover_pages`.
MAX_LINKS = 2000


@dataclass(frozen=True)
class PageLink:
    """A same-site page worth capturing: its URL, kind and how sure we are."""

    url: str
    kind: str
    score: float
    text: str = ""


def site_host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def same_site(url: str, base: str) -> bool:
    """Same host (``www.`` ignored) and port as the base."""
    a, b = urlsplit(url), urlsplit(base)
    return site_host(url) == site_host(base) and (a.port or 0) == (b.port or 0) or (
        site_host(url) == site_host(base) and {a.port, b.port} <= {None, 80, 443})


def canonical(url: str) -> str:
    """Drop the fragment and a trailing slash (but keep ``/`` itself)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def _norm_text(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split()).strip(" ›»>|-–·?!:")


def classify(url: str, text: str = "") -> tuple[str, float] | None:
    """The page kind of a link and a score, or None if it is no page a rep cares about."""
    path = urlsplit(url).path.lower().strip("/")
    segments = [s for s in re.split(r"[/]", path) if s]
    label = _norm_text(text)
    best: tuple[str, float] | None = None
    for kind, (path_words, phrases) in PAGE_KINDS.items():
        score = 0.0
        if label and label in phrases:
            score += 3.0
        elif label and len(label) <= 40 and _PHRASE_RE[kind].search(label):
            score += 1.5
        # The page is the section when its last segment names it (/about, /en/team);
        # a page merely under a section (/blog/some-post) is a weak candidate.
        for index, segment in enumerate(segments):
            stem = re.sub(r"\.(html?|php|aspx?)$", "", segment)
            last = index == len(segments) - 1
            if stem in path_words:
                score += 2.0 if last else 0.5
                break
            if last and any(stem.startswith(w + "-") or stem.endswith("-" + w)
                            for w in path_words):
                score += 1.0
                break
        if score and (best is None or score > best[1]):
            best = (kind, score)
    if best is None:
        return None
    # Shallow pages are the section pages; a deep article merely mentioning "team" is not.
    return best[0], best[1] - 0.3 * max(0, len(segments) - 2)


def links_from_html(html: str, base_url: str,
                    limit: int | None = None) -> list[tuple[str, str, bool]]:
    """(absolute url, link text, in navigation/header/footer) for each same-site link;
    the first ``limit`` of them when given."""
    try:
        doc = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    base = base_url
    base_el = doc.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(base_url, base_el.get("href", ""))
    found: list[tuple[str, str, bool]] = []
    for anchor in doc.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            continue
        url = urljoin(base, href)
        if urlsplit(url).scheme not in ("http", "https") or not same_site(url, base_url):
            continue
        if _SKIP_EXT.search(urlsplit(url).path):
            continue
        text = anchor.text_content() or anchor.get("title") or anchor.get("aria-label") or ""
        in_nav = any(a.tag in ("nav", "header", "footer") or "nav" in (a.get("class") or "")
                     or "menu" in (a.get("class") or "") for a in anchor.iterancestors())
        found.append((canonical(url), " ".join(text.split()), in_nav))
        if limit is not None and len(found) >= limit:
            break
    return found


def parse_sitemap(data: bytes) -> tuple[list[str], list[str]]:
    """(page URLs, child sitemap URLs) of a sitemap or sitemap index; never resolves
    entities or touches the network."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             recover=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return [], []
    if root is None:
        return [], []
    locs = [(el.getparent(), (el.text or "").strip()) for el in root.iter("{*}loc")]
    pages = [u for parent, u in locs if u and etree.QName(parent).localname == "url"]
    children = [u for parent, u in locs if u and etree.QName(parent).localname == "sitemap"]
    return pages, children


def discover_pages(home_html: str, home_url: str, sitemap_urls: list[str] | tuple[str, ...] = (),
                   max_pages: int = 12) -> list[PageLink]:
    """Up to ``max_pages - 1`` pages besides the home page, one of each kind first."""
    home = canonical(home_url)
    candidates: dict[str, PageLink] = {}

    def consider(url: str, text: str, bonus: float) -> None:
        if url == home or not same_site(url, home_url):
            return
        found = classify(url, text)
        if found is None:
            return
        kind, score = found
        score += bonus
        if score <= 0.5:
            return
        old = candidates.get(url)
        if old is None or score > old.score:
            candidates[url] = PageLink(url, kind, score, text or (old.text if old else ""))

    # Each distinct link once (a menu repeats them), and only the first few thousand: a
    # company's pages are linked near the top, and a page of 100,000 links is no menu.
    seen: set[tuple[str, str, bool]] = set()
    for link in links_from_html(home_html, home_url, MAX_LINKS):
        if link in seen:
            continue
        seen.add(link)
        if len(seen) > MAX_LINKS:
            break
        url, text, in_nav = link
        consider(url, text, 0.5 if in_nav else 0.0)
    for url in sitemap_urls[:MAX_LINKS]:
        if not _SKIP_EXT.search(urlsplit(url).path):
            consider(canonical(url), "", -0.25)
    ranked = sorted(candidates.values(), key=lambda p: (-p.score, len(p.url), p.url))
    chosen: list[PageLink] = []
    kinds_done: set[str] = set()
    order = list(PAGE_KINDS)
    for kind in order:  # the best page of each kind first
        for page in ranked:
            if page.kind == kind:
                chosen.append(page)
                kinds_done.add(kind)
                break
    taken = {page.url for page in chosen}
    for page in ranked:  # then second choices (a leadership page beside the team page)
        if page.url not in taken:
            chosen.append(page)
            taken.add(page.url)
    return chosen[: max(0, max_pages - 1)]
