"""What a page says about itself in schema.org terms: JSON-LD, microdata and RDFa, read
by `extruct`, with bounds in front of it for hostile pages.

`extruct` does the parsing the web needs (JSON-LD scripts with comments, microdata's
item scopes and references, RDFa's vocabularies and prefixes). Hostile pages are held off
before it sees them: every JSON-LD script is decoded through `safe_json` (nesting bounded,
never a `RecursionError`), and microdata and RDFa are read only from pages whose items
nest and number within reason (extruct walks item scopes recursively, and RDFa costs
milliseconds per item).

`schema_items` gives every item of the three syntaxes in one shape, JSON-LD's compact
form: ``{"@type": "Organization", "name": "Acme", "address": {"@type": ...}}``; the
callers (facts, people) walk it the same way whatever the page used.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from typing import Any

import lxml.etree
import lxml.html

from workbench import safe_json

log = logging.getLogger("workbench.research.structured_data")

# Microdata and RDFa items nested deeper than this, or more of them than that on one page,
# are no company's self-description: the page's microdata/RDFa is skipped (JSON-LD stays).
MAX_ITEM_NESTING = 16
MAX_MICRODATA_ITEMS = 2_000
MAX_RDFA_ITEMS = 100
# The RDFa types that make a page worth reading for it (what facts and people look for).
RDFA_TYPE_HINTS = ("organization", "organisation", "corporation", "business", "company",
                   "person", "store", "establishment", "restaurant", "hotel", "airline", "ngo")
# RDFa is read from a second parse of the page; past this size the page is not read for it.
MAX_RDFA_HTML_CHARS = 400_000

_JSON_LD_SCRIPTS = lxml.etree.XPath(
    'descendant-or-self::script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]')
# The comment-and-comma repair walks the text in Python; a script longer than this gets
# only the strict decoder.
MAX_REPAIRED_SCRIPT_CHARS = 500_000
# A leading HTML or JavaScript comment line, as extruct strips it.
_COMMENT_LINE = re.compile(r"^\s*(//.*|<!--.*-->)")


@functools.cache
def _json_ld_extractor() -> Any:
    """extruct's JSON-LD extractor, reading every ld+json script (also "application/ld+json;
    charset=utf-8") and decoding each through `safe_json` instead of plain `json.loads`.
    Made once (it holds no state; the import of extruct waits for the first page)."""
    from extruct.jsonld import JsonLdExtractor

    class BoundedJsonLdExtractor(JsonLdExtractor):  # type: ignore[misc]
        _xp_jsonld = _JSON_LD_SCRIPTS

        def _extract_items(self, node: Any) -> Iterator[Any]:
            data = decode_json_ld(node.xpath("string()"))
            if isinstance(data, list):
                yield from data
            elif isinstance(data, dict):
                yield data

    return BoundedJsonLdExtractor()


def decode_json_ld(script: str) -> Any:
    """One JSON-LD script's value, or None when it is not JSON even after the usual
    repairs (HTML comments and CDATA around it, JavaScript comments, trailing commas,
    control characters), or nests deeper than `safe_json` allows."""
    import jstyleson  # extruct's own dependency for commented JSON

    raw = (script or "").strip()
    if not raw:
        return None
    raw = re.sub(r"^<!--(?:(?!-->)[^{\[])*-->", "", raw).strip()
    raw = raw.removeprefix("<!--").removesuffix("-->").strip()
    raw = raw.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    attempts = [lambda: raw]
    if len(raw) <= MAX_REPAIRED_SCRIPT_CHARS:
        attempts.append(lambda: jstyleson.dispose(_COMMENT_LINE.sub("", raw)))
    for attempt in attempts:
        try:
            # The text handed to the decoder is the one whose depth is checked.
            return safe_json.loads(attempt(), strict=False)
        except (ValueError, TypeError):
            continue
    return None


def json_ld_items(doc: Any, url: str = "") -> list[Any]:
    """Every JSON-LD item of the page (a script holding a list gives each of its members)."""
    try:
        return list(_json_ld_extractor().extract_items(doc, base_url=url or None))
    except Exception:  # noqa: BLE001 - one bad page must not stop a run
        log.debug("JSON-LD extraction failed on %s", url, exc_info=True)
        return []


def _too_nested(doc: Any, attribute: str, limit: int) -> bool:
    return bool(doc.xpath(f"(//*[@{attribute}][count(ancestor::*[@{attribute}]) >= {limit}])[1]"))


def microdata_items(doc: Any, url: str = "") -> list[dict[str, Any]]:
    """The page's microdata items in extruct's shape (``{"type": ..., "properties": ...}``),
    or none when its item scopes nest or number past the bounds."""
    count = int(doc.xpath("count(//*[@itemscope])"))
    if not count:
        return []
    if count > MAX_MICRODATA_ITEMS or _too_nested(doc, "itemscope", MAX_ITEM_NESTING):
        log.info("microdata skipped on %s: %d items, or nested too deep", url, count)
        return []
    from extruct.w3cmicrodata import MicrodataExtractor

    try:
        return list(MicrodataExtractor().extract_items(doc, url or None))
    except Exception:  # noqa: BLE001
        log.debug("microdata extraction failed on %s", url, exc_info=True)
        return []


def rdfa_items(doc: Any, html: str, url: str = "") -> list[dict[str, Any]]:
    """The page's RDFa resources in expanded JSON-LD (extruct's shape), or none when its
    typed resources (``typeof``) nest or number past the bounds. No vocabulary is fetched."""
    count = int(doc.xpath("count(//*[@typeof])"))
    if (count > MAX_RDFA_ITEMS or len(html) > MAX_RDFA_HTML_CHARS
            or _too_nested(doc, "typeof", MAX_ITEM_NESTING)):
        log.info("RDFa skipped on %s: %d typed resources in %d characters", url, count, len(html))
        return []
    from extruct.rdfa import RDFaExtractor
    from extruct.utils import parse_xmldom_html

    try:
        tree = parse_xmldom_html(html, encoding="utf-8")
        return list(RDFaExtractor().extract_items(tree, base_url=url or None))
    except Exception:  # noqa: BLE001
        log.debug("RDFa extraction failed on %s", url, exc_info=True)
        return []


def _short(term: str) -> str:
    """A vocabulary term without its namespace: "http://schema.org/name" -> "name"."""
    return re.split(r"[/#:]", term.rstrip("/#"))[-1] if isinstance(term, str) else term


def _uniform_microdata(item: Any) -> Any:
    if isinstance(item, list):
        return [_uniform_microdata(v) for v in item]
    if not isinstance(item, dict) or "properties" not in item:
        return item
    out: dict[str, Any] = {}
    types = item.get("type")
    if types:
        out["@type"] = ([_short(t) for t in types] if isinstance(types, list) else _short(types))
    if item.get("id"):
        out["@id"] = item["id"]
    for key, value in (item.get("properties") or {}).items():
        out[key] = _uniform_microdata(value)
    return out


def _compact_rdfa(nodes: list[Any]) -> list[dict[str, Any]]:
    """Expanded JSON-LD (RDFa's output) folded into compact items: short keys, literal
    values as strings, references to other resources of the page replaced by them (each
    resource at most once on a path, so a cycle ends)."""
    by_id = {n.get("@id"): n for n in nodes if isinstance(n, dict) and n.get("@id")}
    referenced: set[str] = set()

    def value_of(value: Any, path: frozenset[str]) -> Any:
        if isinstance(value, dict):
            if "@value" in value:
                return value["@value"]
            ref = value.get("@id")
            if isinstance(ref, str) and ref in by_id and ref not in path:
                referenced.add(ref)
                return fold(by_id[ref], path | {ref})
            return ref
        return value

    def fold(node: dict[str, Any], path: frozenset[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, values in node.items():
            if key == "@type":
                types = [_short(t) for t in (values if isinstance(values, list) else [values])]
                out["@type"] = types[0] if len(types) == 1 else types
            elif key == "@id":
                out["@id"] = values
            elif not key.startswith("@"):
                folded = [value_of(v, path) for v in (values if isinstance(values, list) else [values])]
                out[_short(key)] = folded[0] if len(folded) == 1 else folded
        return out

    folded = [fold(n, frozenset({n.get("@id", "")})) for n in nodes
              if isinstance(n, dict) and n.get("@type")]
    # Resources that only describe another (an address, a contact point) are kept inside it.
    return [f for f in folded if f.get("@id") not in referenced]


def schema_items(doc: Any, url: str = "", html: str | None = None) -> list[Any]:
    """Every structured-data item of the page in JSON-LD's compact shape: JSON-LD as
    written, microdata and RDFa folded into it. `html` is the page's source, needed for
    RDFa (read from a parse of its own); without it the parsed page is written out again."""
    items: list[Any] = list(json_ld_items(doc, url))
    items += [_uniform_microdata(i) for i in microdata_items(doc, url)]
    # Only an organisation or a person gives facts: a page typing neither is not read for
    # RDFa at all (OpenGraph's property="og:…" is on most pages, and RDFa is costly).
    if any(hint in str(t).lower() for t in doc.xpath("//*[@typeof]/@typeof")[:MAX_RDFA_ITEMS]
           for hint in RDFA_TYPE_HINTS):
        if html is None:
            html = lxml.html.tostring(doc, encoding="unicode")
        items += _compact_rdfa(rdfa_items(doc, html, url))
    return items
