"""The organisation line as a graph: who reports to whom, and the no-loop rule.

A person reports to at most one other, so the reporting lines form a forest;
`would_create_loop` is the check every new reporting line passes first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def managers(pairs: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Map each person to the one they report to, from (reports, manager) pairs."""
    return {source: target for source, target in pairs}


def chain_above(person: int, manager_of: Mapping[int, int]) -> list[int]:
    """The people above `person`, nearest first; stops if the data already holds a loop."""
    chain: list[int] = []
    seen = {person}
    current = manager_of.get(person)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = manager_of.get(current)
    return chain


def would_create_loop(manager_of: Mapping[int, int], source: int, target: int) -> bool:
    """True if "`source` reports to `target`" closes a reporting loop.

    The line closes a loop exactly when `source` is `target` itself or already
    sits somewhere above `target`.
    """
    if source == target:
        return True
    return source in chain_above(target, manager_of)


def find_loop(manager_of: Mapping[int, int]) -> list[int] | None:
    """A reporting loop already in the data (from an old import), or None."""
    done: set[int] = set()
    for start in manager_of:
        path: list[int] = []
        on_path: set[int] = set()
        current: int | None = start
        while current is not None and current not in done:
            if current in on_path:
                return path[path.index(current):]
            path.append(current)
            on_path.add(current)
            current = manager_of.get(current)
        done.update(path)
    return None
