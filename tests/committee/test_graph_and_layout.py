"""The reporting-loop check and the org-chart layout."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.committee.graph import chain_above, find_loop, would_create_loop
from workbench.committee.layout import CARD_HEIGHT, CARD_WIDTH, org_chart, resolve_positions
from workbench.committee.records import Line, Person
from workbench.storage.models import RelationKind

REPORTS = RelationKind.REPORTS_TO


def test_reporting_to_oneself_is_a_loop() -> None:
    assert would_create_loop({}, 1, 1)


def test_reporting_to_someone_below_you_is_a_loop() -> None:
    manager_of = {2: 1, 3: 2, 4: 3}  # 4 -> 3 -> 2 -> 1
    assert would_create_loop(manager_of, 1, 4)
    assert would_create_loop(manager_of, 2, 3)
    assert not would_create_loop(manager_of, 5, 4)
    assert not would_create_loop(manager_of, 4, 1)  # a skip-level line is not a loop


def test_chain_above_stops_on_an_existing_loop() -> None:
    assert chain_above(1, {1: 2, 2: 3, 3: 1}) == [2, 3]
    assert find_loop({1: 2, 2: 3, 3: 1}) is not None
    assert find_loop({2: 1, 3: 1}) is None


@given(st.dictionaries(st.integers(0, 12), st.integers(0, 12), max_size=12),
       st.integers(0, 12), st.integers(0, 12))
def test_adding_a_line_the_check_allows_never_makes_a_loop(manager_of, source, target) -> None:
    manager_of = dict(manager_of)
    if find_loop(manager_of) is not None or source in manager_of:
        return
    if not would_create_loop(manager_of, source, target):
        manager_of[source] = target
        assert find_loop(manager_of) is None


def _people(n: int) -> list[Person]:
    return [Person(id=i, name=f"P{i}") for i in range(1, n + 1)]


def test_org_chart_puts_managers_above_their_reports_and_loose_people_beside() -> None:
    people = _people(6)
    lines = [Line(1, 2, 1, REPORTS), Line(2, 3, 1, REPORTS), Line(3, 4, 2, REPORTS),
             Line(4, 5, 6, RelationKind.INFLUENCES)]
    pos = org_chart(people, lines)
    assert pos[1][1] < pos[2][1] < pos[4][1]
    assert pos[2][1] == pos[3][1]
    assert min(pos[2][0], pos[3][0]) <= pos[1][0] <= max(pos[2][0], pos[3][0])
    # 5 and 6 report to nobody and manage nobody: a column beside the chart, from the top.
    chart_right = max(pos[i][0] for i in (1, 2, 3, 4))
    assert pos[5][0] > chart_right and pos[6][0] == pos[5][0]
    assert pos[5][1] == pos[1][1] < pos[6][1]


def test_without_reporting_lines_people_sit_in_a_grid() -> None:
    pos = org_chart(_people(8), [])
    assert len({y for _, y in pos.values()}) == 2  # two rows of up to six


def test_org_chart_cards_never_overlap() -> None:
    people = _people(60)
    lines = [Line(i, i, (i - 1) // 4 or 1, REPORTS) for i in range(2, 50)]
    pos = org_chart(people, lines)
    rects = [(x, y, x + CARD_WIDTH, y + CARD_HEIGHT) for x, y in pos.values()]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_stored_positions_are_kept_and_new_people_go_beneath() -> None:
    people = [Person(id=1, name="A", x=500.0, y=40.0), Person(id=2, name="B")]
    pos = resolve_positions(people, [])
    assert pos[1] == (500.0, 40.0)
    assert pos[2][1] > 40.0 + CARD_HEIGHT
