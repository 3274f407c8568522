"""Limits an account export must keep before the import writes anything: nesting depth,
number ranges, text lengths the columns hold, and records that must be unique (a page
URL once, not also a feed; a person once; a news story once). Each refusal says which
part of the file is wrong, so a hand-edited file can be fixed."""

from __future__ import annotations

import math
from typing import Any

from workbench import errors

# What SQLite's INTEGER (and PostgreSQL's BIGINT) holds.
INT_MIN, INT_MAX = -(2 ** 63), 2 ** 63 - 1
# Column widths the import writes into (longer text would be cut by some databases and
# refused by others).
_LENGTHS = {
    "pages": {"url": 2000, "kind": 40},
    "feeds": {"url": 2000},
    "facts": {"kind": 40, "source_url": 2000},
    "people": {"name": 200, "title": 300, "source_url": 2000},
    "news": {"url": 2000, "guid": 2000, "title": 1000, "dedupe_key": 2000},
    "stakeholders": {"name": 200},
}


def _fail(problem: str) -> errors.InvalidInput:
    return errors.InvalidInput(f"The account export is malformed: {problem}.",
                               hint="Nothing was imported. Fix that part or export the "
                                    "account again.")


def check_numbers(data: Any) -> None:
    """Every number fits a database integer or is a finite decimal; walks the whole
    document without recursion (the parser already bounded its depth)."""
    stack: list[tuple[str, Any]] = [("the file", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{where} › {key}", v) for key, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{where} › item {i + 1}", v) for i, v in enumerate(value))
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
            raise _fail(f"{where} is a number too large to store ({str(value)[:20]}…)")
        elif isinstance(value, float) and not math.isfinite(value):
            raise _fail(f"{where} is not a finite number ({value})")


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    return "" if value is None else str(value)


def check_lengths(data: dict[str, Any]) -> None:
    for section, limits in _LENGTHS.items():
        for index, record in enumerate(data.get(section) or [], 1):
            for key, limit in limits.items():
                if len(_text(record, key)) > limit:
                    raise _fail(f"“{section}” record {index} has a {key} longer than "
                                f"{limit} characters")


def check_unique(data: dict[str, Any]) -> None:
    """Records the database keeps once per account appear once in the file."""
    pages: dict[str, int] = {}
    for index, page in enumerate(data.get("pages") or [], 1):
        url = _text(page, "url")
        if url in pages:
            raise _fail(f"the page {url} is listed twice (pages {pages[url]} and {index})")
        pages[url] = index
    feeds: set[str] = set()
    for feed in data.get("feeds") or []:
        url = _text(feed, "url")
        if url in pages:
            raise _fail(f"{url} is listed both as a page and as a feed")
        if url in feeds:
            raise _fail(f"the feed {url} is listed twice")
        feeds.add(url)
    names: set[str] = set()
    for person in data.get("people") or []:
        name = _text(person, "name")
        if name in names:
            raise _fail(f"the person found by research “{name}” is listed twice")
        names.add(name)
    keys: set[str] = set()
    for item in data.get("news") or []:
        key = _text(item, "dedupe_key") or _text(item, "url") or _text(item, "title")
        if key in keys:
            raise _fail(f"the news story “{_text(item, 'title') or key}” is listed twice")
        keys.add(key)


def check_limits(data: dict[str, Any]) -> None:
    """All of the above; raises `InvalidInput` naming the first problem."""
    check_numbers(data)
    check_lengths(data)
    check_unique(data)
