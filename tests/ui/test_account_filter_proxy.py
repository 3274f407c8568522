"""The account list's model, which filters and sorts itself: consistent while the rep types
and sorts, a selection that follows its account or goes where the account is filtered away,
and an edited account that moves to its new place."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from ui.accounts_model import ID_ROLE, AccountsModel, prepare_rows
from workbench.account_rows import AccountRow


def rows() -> list[AccountRow]:
    when = datetime(2026, 11, 1, tzinfo=UTC)
    return [AccountRow(i, f"{name} {i}", f"{name.lower()}{i}.example", "ABC"[i % 3],
                       ("prepare", "prospect", "progress", "close")[i % 4],
                       when if i % 2 else None, None)
            for i, name in enumerate(["North", "South", "Nordic", "East", "Westnor"] * 20, 1)]


def test_the_model_stays_consistent_while_filtering_and_sorting(qtmodeltester, qtbot) -> None:
    model = proxy = AccountsModel()
    qtmodeltester.check(model)  # stays attached: every change below is checked too
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
    assert model.row_of(nordic) == -1 and model.holds(nordic)
    assert model.total() == len(rows())
    proxy.set_needle("")
    assert proxy.rowCount() == len(rows())


def test_an_edited_account_moves_to_its_place_and_stays_selected(qtmodeltester, qtbot) -> None:
    model = AccountsModel()
    qtmodeltester.check(model)
    model.set_rows(rows())
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    model.set_needle("no")  # North, Nordic and Westnor
    first = model.index(0, 0).data(ID_ROLE)
    view.selectRow(0)
    old = next(r for r in rows() if r.id == first)
    model.update_row(AccountRow(old.id, "Zzz Nomad", old.domain, old.tier, old.stage,
                                None, None))
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names[-1] == "Zzz Nomad" and names[:-1] == sorted(names[:-1], key=str.lower)
    assert view.currentIndex().data(ID_ROLE) == first
    # Renamed out of the filter: it leaves the list, and comes back when the filter goes.
    model.update_row(AccountRow(old.id, "Zzz Labs", "labs.example", old.tier, old.stage,
                                None, None))
    assert model.row_of(first) == -1
    model.set_needle("")
    assert model.index(model.rowCount() - 1, 0).data() == "Zzz Labs"
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "Zzz Labs"
