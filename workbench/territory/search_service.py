"""Search across the territory, grouped by kind, with where each hit is acted on.

`workbench.search.search` is the one query function (FTS5 on SQLite, another backend
on PostgreSQL); this module only groups its hits and says which account tab opens
each one, so the CLI, the search dialog and the tests share that knowledge.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workbench import search
from workbench.search import SearchHit

# The order groups are shown in, and how each group is headed.
KIND_LABELS: dict[str, str] = {
    "account": "Accounts",
    "stakeholder": "People",
    "news": "News",
    "page": "Pages",
    "call": "Calls",
}
# The workspace tab where a hit of each kind is acted on (names the UI maps to tabs).
KIND_TABS: dict[str, str] = {
    "account": "overview",
    "stakeholder": "committee",
    "news": "news",
    "page": "pages",
    "call": "calls",
}


@dataclass(frozen=True)
class HitGroup:
    """The hits of one kind, best first."""

    kind: str
    label: str
    hits: tuple[SearchHit, ...]


@dataclass(frozen=True)
class Target:
    """Where a hit opens: which account, which tab, which row on it."""

    account_id: int
    tab: str
    kind: str
    item_id: int


def group_hits(hits: Iterable[SearchHit]) -> list[HitGroup]:
    """Hits grouped by kind in the fixed kind order, each group keeping relevance order."""
    by_kind: dict[str, list[SearchHit]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit)
    return [HitGroup(kind, KIND_LABELS[kind], tuple(by_kind[kind]))
            for kind in KIND_LABELS if kind in by_kind]


def search_grouped(db: search.Database, text: str, *, kinds: Iterable[str] | None = None,
                   account_id: int | None = None, limit: int = 50) -> list[HitGroup]:
    """What matches `text`, grouped by kind (at most `limit` hits in all)."""
    return group_hits(search.search(db, text, kinds=kinds, account_id=account_id, limit=limit))


def target_of(hit: SearchHit) -> Target:
    """The account, tab and row a hit opens."""
    return Target(hit.account_id, KIND_TABS[hit.kind], hit.kind, hit.id)


def matched_words(snippet: str) -> list[str]:
    """The words a snippet marks as matched, in order, without repeats."""
    words: list[str] = []
    rest = snippet
    while search.MARK_START in rest:
        start = rest.index(search.MARK_START) + 1
        end = rest.find(search.MARK_END, start)
        if end < 0:
            break
        word = rest[start:end]
        if word.casefold() not in (w.casefold() for w in words):
            words.append(word)
        rest = rest[end + 1:]
    return words
