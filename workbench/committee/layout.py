"""The organisation-chart layout, computed in the core as plain numbers.

Reporting lines make a forest: each tree is drawn top-down with a manager
centred over the people who report to them. People in no reporting line at
all go in a column beside the charts (or a plain grid when there are no
reporting lines yet). The map keeps the rep's own
positions; only people never placed get a position from here, until the rep
asks for a fresh layout.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from workbench.committee.records import Line, Person
from workbench.storage.models import RelationKind

CARD_WIDTH = 210.0
CARD_HEIGHT = 104.0
H_GAP = 36.0
V_GAP = 72.0
ROW_MAX = 6  # loose people per row

Position = tuple[float, float]


def _reports(people: Sequence[Person], lines: Iterable[Line]) -> dict[int, int]:
    ids = {p.id for p in people}
    manager_of: dict[int, int] = {}
    for line in lines:
        if (line.kind is RelationKind.REPORTS_TO and line.source_id in ids
                and line.target_id in ids and line.source_id not in manager_of):
            manager_of[line.source_id] = line.target_id
    return manager_of


def org_chart(people: Sequence[Person], lines: Iterable[Line]) -> dict[int, Position]:
    """Top-left corner of every card, as an organisation chart."""
    manager_of = _reports(people, lines)
    order = {p.id: i for i, p in enumerate(people)}
    reports: dict[int, list[int]] = {p.id: [] for p in people}
    for person, manager in manager_of.items():
        reports[manager].append(person)
    for children in reports.values():
        children.sort(key=order.__getitem__)
    in_tree = set(manager_of) | {m for m in manager_of.values()}
    # A leftover loop (possible only in old data) has no root; break it at its first member.
    roots = [p.id for p in people if p.id in in_tree and p.id not in manager_of]
    loose = [p.id for p in people if p.id not in in_tree]

    positions: dict[int, Position] = {}
    placed: set[int] = set()
    next_slot = 0.0
    step = CARD_WIDTH + H_GAP

    def place(node: int, depth: int) -> float:
        """Place a subtree; returns the x of `node`. Leaves take the next free slot."""
        nonlocal next_slot
        placed.add(node)
        children = [c for c in reports[node] if c not in placed]
        if not children:
            x = next_slot
            next_slot += step
        else:
            xs = [place(child, depth + 1) for child in children]
            x = (xs[0] + xs[-1]) / 2
        positions[node] = (x, depth * (CARD_HEIGHT + V_GAP))
        return x

    for root in roots:
        place(root, 0)
        next_slot += H_GAP  # a little air between separate charts
    for member in people:  # members of a leftover loop
        if member.id in in_tree and member.id not in placed:
            place(member.id, 0)
    if positions:
        # Beside the charts, top-aligned, in columns: close to the top people they
        # usually influence (a board member, an outside adviser), not under the leaves.
        left = max(x for x, _ in positions.values()) + step + 2 * H_GAP
        rows_per_column = max(3, round(max(y for _, y in positions.values())
                                       / (CARD_HEIGHT + H_GAP)) + 1)
        for index, person_id in enumerate(loose):
            col, row = divmod(index, rows_per_column)
            positions[person_id] = (left + col * step, row * (CARD_HEIGHT + H_GAP))
    else:
        for index, person_id in enumerate(loose):  # nobody reports to anyone yet: a grid
            row, col = divmod(index, ROW_MAX)
            positions[person_id] = (col * step, row * (CARD_HEIGHT + H_GAP))
    return positions


def resolve_positions(people: Sequence[Person], lines: Iterable[Line]) -> dict[int, Position]:
    """Where each card goes: its stored position, else a computed one.

    When nobody has a stored position, the whole map is the org chart. When
    some do, the rep's positions are kept and the others go in rows beneath.
    """
    lines = list(lines)
    stored = {p.id: (p.x, p.y) for p in people if p.x is not None and p.y is not None}
    if not stored:
        return org_chart(people, lines)
    positions: dict[int, Position] = dict(stored)  # type: ignore[arg-type]
    new = [p.id for p in people if p.id not in stored]
    if new:
        left = min(x for x, _ in stored.values())
        top = max(y for _, y in stored.values()) + CARD_HEIGHT + V_GAP
        step = CARD_WIDTH + H_GAP
        for index, person_id in enumerate(new):
            row, col = divmod(index, ROW_MAX)
            positions[person_id] = (left + col * step, top + row * (CARD_HEIGHT + H_GAP))
    return positions


def changed(before: Mapping[int, Position], after: Mapping[int, Position]) -> bool:
    return any(before.get(k) != v for k, v in after.items())
