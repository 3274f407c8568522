"""A cap on the stories read from one feed in one run: the newest ``MAX_ITEMS_PER_FEED``.

A feed of 100,000 items (3 MB) cost minutes of feed parsing, hundreds of megabytes and
100,000 stored rows. The XML is cut down with lxml (fast, C) before the feed parser sees
it, keeping the newest items by their dates (undated ones in feed order after them), so
the work of a run is bounded whatever a feed sends. The caller says how many were left.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from lxml import etree

MAX_ITEMS_PER_FEED = 200

_ITEM_TAGS = (b"<item", b"<entry", b":item", b":entry")
_DATE_NAMES = ("pubDate", "published", "updated", "date", "issued", "modified")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _date(text: str | None) -> datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def newest_first(dated: list[tuple[datetime | None, Any]]) -> list[Any]:
    """The things by date, newest first; the undated after them in their given order."""
    with_date = sorted((p for p in dated if p[0] is not None), key=lambda p: p[0] or _EPOCH,
                       reverse=True)
    return [thing for _, thing in with_date] + [thing for d, thing in dated if d is None]


def trim_xml(data: bytes, cap: int = MAX_ITEMS_PER_FEED) -> tuple[bytes, int]:
    """(the feed with at most ``cap`` items, how many it had). Cheap when the feed is
    small: counting tags needs no parse. Data that does not parse is left as it is
    (the feed parser reports it)."""
    if sum(data.count(tag) for tag in _ITEM_TAGS) <= cap:
        return data, -1
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             recover=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return data, -1
    if root is None:
        return data, -1
    items = [el for el in root.iter() if isinstance(el.tag, str)
             and etree.QName(el).localname in ("item", "entry")]
    if len(items) <= cap:
        return data, len(items)
    dated = []
    for item in items:
        when = None
        for child in item:
            if isinstance(child.tag, str) and etree.QName(child).localname in _DATE_NAMES:
                when = _date(child.text)
                if when is not None:
                    break
        dated.append((when, item))
    keep = {id(item) for item in newest_first(dated)[:cap]}
    for item in items:
        if id(item) not in keep:
            parent = item.getparent()
            if parent is not None:
                parent.remove(item)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8"), len(items)


def trim_json_items(items: list[Any], cap: int = MAX_ITEMS_PER_FEED) -> list[Any]:
    """The newest ``cap`` items of a JSON Feed's list (by date_published/date_modified)."""
    if len(items) <= cap:
        return items
    dated = [(_date(str(item.get("date_published") or item.get("date_modified") or ""))
              if isinstance(item, dict) else None, item) for item in items]
    return newest_first(dated)[:cap]
