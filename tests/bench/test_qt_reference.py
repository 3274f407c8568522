"""The proposed fast account list shows exactly what the program's model shows."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from benchmarks import qt_reference
from ui.accounts_model import ID_ROLE
from workbench.accounts import AccountRow


def _rows() -> list[AccountRow]:
    def at(day: int | None) -> datetime | None:
        return None if day is None else datetime(2026, 1, day, tzinfo=UTC)

    return [
        AccountRow(1, "Acme Robotics", "acme.example", "A", "progress", at(3), None),
        AccountRow(2, "globex", "globex.example", "B", "prepare", None, at(20)),
        AccountRow(3, "Initech", "initech.example", "C", "close", at(1), at(5)),
        AccountRow(4, "Ächtung GmbH", "achtung.example", "B", "prospect", at(9), None),
        AccountRow(5, "Umbrella", "umbrella.example", "A", "prospect", at(2), at(7)),
    ]


def _shown(proxy) -> list[int]:
    return [proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())]


def test_same_rows_in_the_same_order_for_every_sort_and_filter(qapp) -> None:
    slow = qt_reference._setup(qt_reference.AccountsModel, qt_reference.AccountFilterProxy)
    fast = qt_reference._setup(qt_reference.FastAccountsModel,
                               qt_reference.FastAccountFilterProxy)
    for model, _proxy, _view in (slow, fast):
        model.set_rows(_rows())
    for column in range(len(qt_reference.COLUMNS)):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            for _model, _proxy, view in (slow, fast):
                view.sortByColumn(column, order)
            # Ties may fall either way in a stable vs unstable sort: compare sort keys.
            keys = [[p.index(r, column).data(qt_reference.SORT_ROLE)
                     for r in range(p.rowCount())] for _m, p, _v in (slow, fast)]
            assert keys[0] == keys[1], (column, order)
    for needle in ("um", "EXAMPLE", "  init ", "zzz", ""):
        for _model, proxy, _view in (slow, fast):
            proxy.set_needle(needle)
        assert sorted(_shown(fast[1])) == sorted(_shown(slow[1])), needle
    for _model, _proxy, view in (slow, fast):
        view.close()


def test_the_selected_account_stays_selected_when_the_list_is_sorted(qapp) -> None:
    model, proxy, view = qt_reference._setup(qt_reference.FastAccountsModel,
                                             qt_reference.FastAccountFilterProxy)
    model.set_rows(_rows())
    view.setSelectionBehavior(view.SelectionBehavior.SelectRows)
    row = _shown(proxy).index(3)
    view.selectRow(row)
    view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    selected = view.selectionModel().selectedRows()
    assert [index.data(ID_ROLE) for index in selected] == [3]
    model.update_row(AccountRow(3, "Initech Labs", "initech.example", "C", "close", None, None))
    proxy.set_needle("labs")
    assert _shown(proxy) == [3]
    view.close()
