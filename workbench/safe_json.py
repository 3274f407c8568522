"""JSON from outside (fetched pages and feeds, account files a user hands us), parsed with
a bound on nesting: ``{"a":`` a hundred thousand times deep is refused as bad input, in
time linear in its length, instead of ending in a `RecursionError` (an "unexpected error"
that used to stop a whole research run)."""

from __future__ import annotations

import json
import re
from typing import Any

# Real JSON-LD, feeds and account files nest a handful of levels; 64 leaves room.
MAX_DEPTH = 64

# Strings are skipped whole (brackets inside them do not count); possessive, so a long
# string is one linear step.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')


class TooDeep(ValueError):
    """The JSON nests deeper than allowed; ``depth`` is where we stopped counting."""

    def __init__(self, depth: int, limit: int) -> None:
        super().__init__(f"nested more than {limit} levels deep")
        self.depth = depth
        self.limit = limit


def nesting_depth(text: str, stop_at: int | None = None) -> int:
    """The deepest nesting of arrays and objects in ``text`` (0 for a plain value);
    counting stops at ``stop_at`` when given."""
    depth = deepest = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        char = match.group(0)
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_at is not None and deepest >= stop_at:
                    return deepest
        elif char in "]}":
            depth = max(0, depth - 1)
    return deepest


def loads(text: str, *, max_depth: int = MAX_DEPTH, strict: bool = True) -> Any:
    """`json.loads` that raises `TooDeep` (a `ValueError`) for JSON nested deeper than
    ``max_depth``, and never `RecursionError`."""
    depth = nesting_depth(text, stop_at=max_depth + 1)
    if depth > max_depth:
        raise TooDeep(depth, max_depth)
    try:
        return json.loads(text, strict=strict)
    except RecursionError as exc:  # a recursion limit set lower than our bound
        raise TooDeep(depth, max_depth) from exc
