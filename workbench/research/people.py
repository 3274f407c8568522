"""People with their titles on leadership, team and about pages, each with its page.

Layouts real sites use: cards and headings with the title under the name, the title above
the name, lists ("Jane Doe, CEO" / "Jane Doe – CEO"), tables (a row per person), definition
lists, and schema.org ``Person`` in JSON-LD. The page's text is read as a sequence of text
pieces in document order; a person is a piece that looks like a name next to a piece that
looks like a job title (or one piece holding both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree

from workbench.research import structured_data
from workbench.research.facts import types_of, walk_json_ld

_ROLE_WORDS = (
    # English
    "ceo", "cfo", "cto", "coo", "cmo", "cio", "ciso", "cro", "cpo", "chro", "chief", "officer",
    "president", "vice president", "vp", "svp", "evp", "director", "head", "founder",
    "co-founder", "cofounder", "chair", "chairman", "chairwoman", "chairperson", "partner",
    "managing", "manager", "lead", "principal", "board member", "member of the board",
    "executive", "general counsel", "secretary", "treasurer", "owner", "engineer",
    "architect", "scientist", "counsel", "controller", "advisor", "adviser", "trustee",
    # German
    "geschäftsführer", "geschäftsführerin", "geschaeftsfuehrer", "vorstand", "vorsitzender",
    "vorsitzende", "leiter", "leiterin", "gründer", "gründerin", "inhaber", "inhaberin",
    "prokurist", "prokuristin", "bereichsleiter", "abteilungsleiter", "aufsichtsrat",
    "vorstandsvorsitzender", "finanzvorstand",
    # French
    "directeur", "directrice", "président", "présidente", "fondateur", "fondatrice",
    "responsable", "gérant", "gérante", "associé", "associée", "administrateur",
    "administratrice", "secrétaire", "trésorier", "pdg", "dg",
)
_ROLE_RE = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in sorted(
    _ROLE_WORDS, key=len, reverse=True)) + r")(?!\w)", re.I)
_PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la",
              "zu", "bin", "al", "el", "ter", "ten", "dos", "das", "y", "St."}
_NOT_NAMES = {
    "about", "us", "our", "team", "the", "contact", "leadership", "management", "board",
    "company", "news", "press", "careers", "jobs", "products", "services", "solutions",
    "read", "more", "learn", "view", "profile", "meet", "home", "privacy", "policy", "terms",
    "cookie", "cookies", "linkedin", "twitter", "email", "phone", "directors", "executive",
    "executives", "founders", "advisory", "investors", "customers", "partners", "menu",
    "search", "login", "sign", "get", "started", "in", "touch", "follow", "copyright",
    "all", "rights", "reserved", "und", "et", "and", "über", "uns", "équipe", "notre",
    "unser", "unsere", "nos", "mission", "vision", "values", "story", "history", "office",
    "offices", "headquarters", "global", "group", "inc", "ltd", "gmbh", "ag", "sa", "llc",
    "new", "york", "san", "francisco", "berlin", "paris", "london", "street", "road",
}
_INITIAL = re.compile(r"^[A-Z]\.$")
# Words that end (or make) an organisation's name, not a person's: "Lakeshore
# Distribution", "Harbor Logistics", "Initech Systems", "Acme Robotics Inc".
_ORG_WORDS = frozenset("""
    distribution distributors distributing logistics systems solutions technologies technology
    industries industrial group holdings partners ventures capital labs laboratories networks
    software consulting consultants services media motors pharma pharmaceuticals energy
    airlines airways corporation corp co co. inc inc. llc llp ltd ltd. plc gmbh ag sa sas bv nv
    oy ab kg foundation university institute hospital clinic brewing brewery supply supplies
    freight manufacturing retail stores markets foods bancorp insurance analytics
    robotics electronics engineering construction properties realty studios agency associates
    international worldwide global enterprises company companies healthcare
    transport transportation shipping packaging chemicals materials mining metals
    telecom communications wireless interactive marketing""".split())
# Page parts that quote or show other companies' people: testimonials, reviews, customer
# stories and logo walls. A name there is a customer's, not the account's staff.
_QUOTED_PART = re.compile(r"testimonial|quote|review|customer|client|logo|case-?stud|success-?stor",
                          re.I)
_QUOTED_TAGS = frozenset(("blockquote", "q", "cite", "figcaption"))
# "Former CEO", "ex-CFO": a past role (often of another company, in a bio).
_PAST_ROLE = re.compile(r"^(?:former|ex-|formerly|previously|past)\b", re.I)


def _name_token(token: str) -> bool:
    """A capitalised word of a name: "Müller", "O'Neil", "Marie-Claire", "McDonald", "J."."""
    if _INITIAL.match(token):
        return True
    for part in token.split("-"):
        core = part.replace("'", "").replace("’", "")
        if not (len(core) >= 2 and core.isalpha() and part[0].isupper()
                and any(c.islower() for c in core) and not core[1:].isupper()):
            return False
    return True


_HONORIFIC = re.compile(r"^(dr\.?|prof\.?|mr\.?|mrs\.?|ms\.?|mag\.?|dipl\.-\w+\.?|ing\.?)\s+",
                        re.I)
_SPLIT = re.compile(r"\s*(?:,|\s[–—-]\s|\s\|\s|:|\s/\s)\s*")
_PAREN = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<title>[^()]+)\)$")
_DROP = ("script", "style", "noscript", "nav", "footer", "form", "svg", "template", "button",
         "select")
_FOREIGN_TITLE = re.compile(r"\s(at|bei|chez)\s+[A-Z][\w&.]+(\s[A-Z][\w&.]+)*\s*$")


@dataclass(frozen=True)
class PersonFound:
    name: str
    title: str
    source_url: str


def looks_like_name(text: str) -> bool:
    text = _HONORIFIC.sub("", text.strip())
    if not 4 <= len(text) <= 60 or _ROLE_RE.search(text):
        return False
    tokens = text.split()
    if not 2 <= len(tokens) <= 5:
        return False
    capitalised = 0
    for token in tokens:
        if token.lower() in _NOT_NAMES or token.lower().strip(",") in _ORG_WORDS:
            return False
        if token in _PARTICLES or token.lower() in _PARTICLES:
            continue
        if not _name_token(token):
            return False
        capitalised += 1
    return capitalised >= 2


def looks_like_title(text: str) -> bool:
    text = text.strip()
    if not 2 <= len(text) <= 100 or len(text.split()) > 12:
        return False
    if text.endswith((".", "!", "?")) and not text.endswith(("Inc.", "Ltd.", "Co.")):
        return False  # a sentence, not a title
    return bool(_ROLE_RE.search(text)) and not _EMAIL_OR_URL.search(text)


_EMAIL_OR_URL = re.compile(r"@|https?://|www\.")


def _clean_name(text: str) -> str:
    return " ".join(_HONORIFIC.sub("", " ".join(text.split())).split())


def _clean_title(text: str) -> str:
    return " ".join(text.split()).strip(" ,;|–—-")


# Longer text nodes are paragraphs, never a person's name or title.
MAX_PIECE_CHARS = 2000


def text_pieces(doc: lxml.html.HtmlElement) -> list[tuple[str, Any]]:
    """The visible text of the page as (text, element holding it) in document order; each
    text node is a piece, so a line break or a new element starts a new piece."""
    for element in list(doc.iter(*_DROP)):
        if element.getparent() is not None:
            element.drop_tree()
    body = doc.find("body")
    root = body if body is not None else doc
    pieces: list[tuple[str, Any]] = []
    for node in root.xpath(".//text()"):
        if len(node) > MAX_PIECE_CHARS:
            # A paragraph is no name and no title; a stand-in keeps its neighbours apart
            # (and the patterns never scan a megabyte of one text node).
            pieces.append(("…", node.getparent()))
            continue
        text = " ".join(str(node).split())
        if not text:
            continue
        owner = node.getparent()
        if getattr(node, "is_tail", False) and owner is not None:
            owner = owner.getparent()
        pieces.append((text, owner))
    return pieces


def _depth_of_common_ancestor(a: Any, b: Any) -> int:
    """How deep the nearest element holding both pieces is: a name and title in one card
    share a deep ancestor; a title and the next card's name only share the grid."""
    if a is None or b is None:
        return 0
    chain_a = [a, *a.iterancestors()]
    ids_b = {id(e) for e in [b, *b.iterancestors()]}
    for index, element in enumerate(chain_a):
        if id(element) in ids_b:
            return len(chain_a) - index
    return 0


def _split_pair(piece: str) -> tuple[str, str] | None:
    """("Jane Doe", "CEO") out of "Jane Doe, CEO", "Jane Doe – CEO" or "Jane Doe (CEO)"."""
    match = _PAREN.match(piece)
    if match and looks_like_name(match["name"]) and looks_like_title(match["title"]):
        return _clean_name(match["name"]), _clean_title(match["title"])
    parts = _SPLIT.split(piece, maxsplit=1)
    if len(parts) == 2:
        first, second = parts
        if looks_like_name(first) and looks_like_title(second):
            return _clean_name(first), _clean_title(second)
        if looks_like_title(first) and looks_like_name(second):
            return _clean_name(second), _clean_title(first)
    return None


def _pair(a: str, b: str) -> tuple[str, str] | None:
    """(name, title) when two neighbouring pieces are a name and a title, either order."""
    if looks_like_name(a) and looks_like_title(b):
        return _clean_name(a), _clean_title(b)
    if looks_like_title(a) and looks_like_name(b):
        return _clean_name(b), _clean_title(a)
    return None


def in_quoted_part(element: Any) -> bool:
    """Whether an element sits in a testimonial, a quote, a customer story or a logo wall."""
    node = element
    while node is not None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag.lower() in _QUOTED_TAGS:
            return True
        marks = f"{node.get('class', '')} {node.get('id', '')}"
        if marks.strip() and _QUOTED_PART.search(marks):
            return True
        node = node.getparent()
    return False


def people_from_pieces(pieces: list[tuple[str, Any]], url: str) -> list[PersonFound]:
    pieces = [(text, owner) for text, owner in pieces if owner is None or not in_quoted_part(owner)]
    found: list[PersonFound] = []
    i = 0
    while i < len(pieces):
        text, owner = pieces[i]
        both = _split_pair(text)
        if both:
            found.append(PersonFound(both[0], both[1], url))
            i += 1
            continue
        if i + 1 >= len(pieces):
            break
        pair = _pair(text, pieces[i + 1][0])
        if pair is None:
            i += 1
            continue
        if i + 2 < len(pieces) and _pair(pieces[i + 1][0], pieces[i + 2][0]) and (
                _depth_of_common_ancestor(pieces[i + 1][1], pieces[i + 2][1])
                > _depth_of_common_ancestor(owner, pieces[i + 1][1])):
            # The next piece belongs with the one after it (same card): this one is alone.
            i += 1
            continue
        found.append(PersonFound(pair[0], pair[1], url))
        i += 2
    return found


def people_from_json_ld(doc: lxml.html.HtmlElement, url: str) -> list[PersonFound]:
    """People the page describes as schema.org Persons (JSON-LD, microdata or RDFa)."""
    found: list[PersonFound] = []
    for block in structured_data.schema_items(doc, url):
        for node in walk_json_ld(block):
            if "Person" not in types_of(node):
                continue
            name = node.get("name")
            if not name and (node.get("givenName") or node.get("familyName")):
                name = f"{node.get('givenName', '')} {node.get('familyName', '')}"
            title = node.get("jobTitle") or node.get("roleName") or ""
            if isinstance(title, list):
                title = ", ".join(str(t) for t in title)
            if isinstance(name, str) and name.strip():
                found.append(PersonFound(_clean_name(name), _clean_title(str(title)), url))
    return found


def extract_people(html: str, url: str) -> list[PersonFound]:
    """People on one page, JSON-LD first, deduplicated by name (the first title wins, a
    title beats none)."""
    try:
        doc = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    candidates = people_from_json_ld(doc, url) + people_from_pieces(text_pieces(doc), url)
    return dedupe_people(candidates)


def dedupe_people(people: list[PersonFound]) -> list[PersonFound]:
    by_name: dict[str, PersonFound] = {}
    for person in people:
        if _FOREIGN_TITLE.search(person.title):
            continue  # "CTO at Globex": a customer quoted on the page, not their staff
        if _PAST_ROLE.match(person.title):
            continue  # "Former CEO": a bio's earlier job, often at another company
        if any(w.lower().strip(",.") in _ORG_WORDS for w in person.name.split()[1:]):
            continue  # "Lakeshore Distribution": an organisation, whatever its markup says
        key = person.name.casefold()
        old = by_name.get(key)
        if old is None or (not old.title and person.title):
            by_name[key] = person
    return list(by_name.values())
