"""The account list's filtering proxy: a consistent model while the rep types and sorts,
and a selection that follows its account or goes where the account is filtered away."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from ui.accounts_model import ID_ROLE, AccountFilterProxy, AccountsModel, prepare_rows
from workbench.account_rows import AccountRow


def rows() -> list[AccountRow]:
    when = datetime(2026, 11, 1, tzinfo=UTC)
    return [AccountRow(i, f"{name} {i}", f"{name.lower()}{i}.example", "ABC"[i % 3],
                       ("prepare", "prospect", "progress", "close")[i % 4],
                       when if i % 2 else None, None)
            for i, name in enumerate(["North", "South", "Nordic", "East", "Westnor"] * 20, 1)]


def test_the_proxy_stays_consistent_while_filtering_and_sorting(qtmodeltester, qtbot) -> None:
    model = AccountsModel()
    proxy = AccountFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)  # stays attached: every change below is checked too
    model.set_rows(prepare_rows(rows()))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    nordic = next(r.id for r in rows() if r.name.startswith("Nordic"))
    start = next(row for row in range(proxy.rowCount())
                 if proxy.index(row, 0).data(ID_ROLE) == nordic)
    view.selectionModel().setCurrentIndex(
        proxy.index(start, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    for typed in ("n", "no", "nor", "nord", "nor", ""):
        proxy.set_needle(typed)
        shown = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
        assert all(typed in name.lower() or typed in name.lower().replace(" ", "")
                   or typed in proxy.index(r, 1).data() for r, name in enumerate(shown))
        assert view.currentIndex().data(ID_ROLE) == nordic, typed
        view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        assert view.currentIndex().data(ID_ROLE) == nordic, typed
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    proxy.set_needle("south")  # filtered away: nothing is current any more
    assert not view.currentIndex().isValid()
    assert proxy.mapFromSource(model.index(model.row_of(nordic), 0)).isValid() is False
    proxy.set_needle("")
    assert proxy.rowCount() == model.rowCount() == len(rows())
