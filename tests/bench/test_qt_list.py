"""The program's account list model at a territory's scale, set up as `benchmarks.qt_list`
measures it: every sort shows every account in the column's order, the filter shows exactly
the accounts whose name or domain holds what was typed, and the selection stays on its
account across sorts."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from benchmarks import qt_list
from ui.accounts_model import COLUMNS, ID_ROLE
from workbench.accounts import AccountRow

SIZE = 5_000
STAGES = ("prepare", "prospect", "progress", "close")
WORDS = ("Northwind", "Globex", "acme", "Initech", "Ächtung", "Straße", "umbrella", "Hooli",
         "Vandelay", "Stark")
FORMS = ("GmbH", "SA", "AG", "Ltd", "", "gmbh")


def _rows(size: int = SIZE) -> list[AccountRow]:
    """Many accounts with repeated names, tiers and stages (ties) and missing dates."""
    pick = random.Random(20261122)
    start = datetime(2026, 1, 1, tzinfo=UTC)

    def maybe_day() -> datetime | None:
        return None if pick.random() < 0.3 else start + timedelta(hours=pick.randrange(9000))

    rows = []
    for number in range(1, size + 1):
        name = f"{pick.choice(WORDS)} {pick.choice(WORDS)} {pick.choice(FORMS)}".strip()
        rows.append(AccountRow(number, name, f"{name.split()[0].lower()}{number}.example",
                               pick.choice("ABC"), pick.choice(STAGES), maybe_day(),
                               maybe_day()))
    return rows


def _when(value: datetime | None) -> tuple[bool, datetime]:
    # Accounts never researched / without a call come last in ascending order.
    return (value is None, value or datetime.min.replace(tzinfo=UTC))


# What each column means, written here independently of the model's own keys.
MEANING: tuple[Callable[[AccountRow], Any], ...] = (
    lambda r: r.name.lower(),
    lambda r: r.domain,
    lambda r: r.tier,
    lambda r: STAGES.index(r.stage),
    lambda r: _when(r.last_researched_at),
    lambda r: _when(r.next_call_at),
)


def _shown(proxy: Any) -> list[int]:
    return [proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())]


def _assert_in_order(ids: list[int], by_id: dict[int, AccountRow], column: int,
                     order: Qt.SortOrder) -> None:
    keys = [MEANING[column](by_id[i]) for i in ids]
    expected = sorted(keys, reverse=order == Qt.SortOrder.DescendingOrder)
    # Ties may come in any order: compare what is sorted by, as a plain sort gives it.
    assert keys == expected, (COLUMNS[column], order)


@pytest.fixture
def listed(qapp):
    model, view = qt_list.setup_view()
    rows = _rows()
    model.set_rows(rows)
    qapp.processEvents()
    yield model, view, {r.id: r for r in rows}
    view.close()


def test_every_sort_shows_every_account_in_the_columns_order(listed) -> None:
    proxy, view, by_id = listed
    _assert_in_order(_shown(proxy), by_id, 0, Qt.SortOrder.AscendingOrder)  # as filled
    for column in range(len(COLUMNS)):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            view.sortByColumn(column, order)
            ids = _shown(proxy)
            assert sorted(ids) == sorted(by_id)
            _assert_in_order(ids, by_id, column, order)
            # What is displayed is the account's own line, not another row's.
            first = by_id[ids[0]]
            assert proxy.index(0, 0).data() == first.name
            assert proxy.index(0, 1).data() == first.domain


@pytest.mark.parametrize("typed", ["gmbh", "  NORTH ", "ächtung", "STRASSE", "acme17",
                                   ".example", "zzz", ""])
def test_the_filter_shows_exactly_the_matching_accounts_in_order(listed, typed: str) -> None:
    proxy, view, by_id = listed
    view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    proxy.set_needle(typed)
    needle = typed.strip().casefold()
    expected = {i for i, r in by_id.items()
                if needle in r.name.casefold() or needle in r.domain.casefold()}
    ids = _shown(proxy)
    assert set(ids) == expected and len(ids) == len(expected)
    _assert_in_order(ids, by_id, 3, Qt.SortOrder.DescendingOrder)
    # Sorting keeps the filter.
    view.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    ids = _shown(proxy)
    assert set(ids) == expected
    _assert_in_order(ids, by_id, 5, Qt.SortOrder.AscendingOrder)


def test_the_selected_account_stays_selected_across_sorts(listed) -> None:
    model, view, by_id = listed
    proxy = model
    view.setSelectionBehavior(view.SelectionBehavior.SelectRows)
    chosen = _shown(proxy)[SIZE // 2]
    row = _shown(proxy).index(chosen)
    view.selectionModel().setCurrentIndex(
        proxy.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    for column in (*range(1, len(COLUMNS)), 0):
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            view.sortByColumn(column, order)
            selected = view.selectionModel().selectedRows()
            assert [index.data(ID_ROLE) for index in selected] == [chosen], (column, order)
            assert view.currentIndex().data(ID_ROLE) == chosen
    # An edited account is found by its new name, in place.
    renamed = by_id[chosen]
    model.update_row(AccountRow(chosen, "Zyxwv Labs", renamed.domain, renamed.tier,
                                renamed.stage, None, None))
    proxy.set_needle("zyxwv")
    assert _shown(proxy) == [chosen]
    assert [index.data(ID_ROLE) for index in view.selectionModel().selectedRows()] == [chosen]


def test_measure_reports_load_filter_and_sort(qapp) -> None:
    rows = _rows(300)
    result = qt_list.measure(rows, ["nor", "gmbh"], 3, 0.030)
    assert [r["name"] for r in result] == [
        "account list (program's Qt model): load 300 rows into the view",
        "account list (program's Qt model): filter per keystroke",
        "account list (program's Qt model): sort by each column",
    ]
    assert result[0]["met"] is None and result[0]["note"].startswith("300 rows shown at the end")
    # The filter row counts the keystrokes that changed the list (at most every one).
    assert 1 <= result[1]["rounds"] <= len("nor") + len("gmbh")
    assert result[2]["rounds"] == len(COLUMNS)
    assert [row["target"] for row in result[1:]] == ["median < 10 ms", "median < 30 ms"]
    for row in result[1:]:
        assert isinstance(row["met"], bool)
