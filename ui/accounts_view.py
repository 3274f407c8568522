"""The account list's view: one set-up for the main window, the start-up window and the
list benchmark, so the list a rep sees is the one measured.

A sortable table sorted by name, whole rows selected one at a time, no row numbers,
alternating rows, one line each, the scroll bar always shown, painted by `AccountsDelegate` (one Python call a cell
instead of seven `data()` calls and a text layout). The columns' widths and the header
menu are `account_columns.set_up`'s.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from ui.accounts_delegate import AccountsDelegate
from ui.accounts_model import AccountsModel


def account_list(model: AccountsModel, parent: Any = None) -> QTableView:
    """A view of `model` set up as the account list."""
    view = QTableView(parent, objectName="accounts")
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setHighlightSections(False)
    # Always there: a filter that leaves a screenful or less would hide it, widen every
    # column, and lay out and paint the list twice for one keystroke (the columns jumping).
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    AccountsDelegate(model, view).install(view)
    return view
