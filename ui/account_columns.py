"""The account list's columns: which show, how wide, and the header menu to choose.

On a 13-inch laptop the list shares the window with the workspace: it shows the
name (never squeezed below a readable width), tier, stage and next call; domain and
last researched are a right-click on the header away. The choice is remembered.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from ui import settings
from ui.accounts_model import COLUMNS

# Widths in "M" widths of the list's font; the name takes what is left, at least NAME_MIN_EM.
WIDTHS_EM = {1: 11, 2: 3.5, 3: 6.5, 4: 8, 5: 8.5}
NAME_MIN_EM = 14
HIDDEN_BY_DEFAULT = (1, 4)  # Domain, Researched
_KEY = "accounts/hidden_columns"


def set_up(view: QTableView, panel: QWidget) -> None:
    """Column widths, the header's show/hide menu, and a panel no narrower than it needs."""
    header = view.horizontalHeader()
    em = view.fontMetrics().horizontalAdvance("M")
    header.setMinimumSectionSize(int(2.5 * em))
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column, width in WIDTHS_EM.items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(column, int(width * em))
    stored = settings.settings().value(_KEY)
    hidden = _parse(stored) if stored is not None else set(HIDDEN_BY_DEFAULT)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    for column in range(1, len(COLUMNS)):
        view.setColumnHidden(column, column in hidden)
        action = QAction(COLUMNS[column], header, checkable=True, checked=column not in hidden)
        action.toggled.connect(lambda on, c=column: _toggle(view, panel, c, on))
        header.addAction(action)
    _fit_panel(view, panel)


def _parse(value: object) -> set[int]:
    items = value if isinstance(value, list) else str(value).split(",") if value else []
    return {int(v) for v in items if str(v).strip().isdigit()}


def _toggle(view: QTableView, panel: QWidget, column: int, shown: bool) -> None:
    view.setColumnHidden(column, not shown)
    hidden = [c for c in range(1, len(COLUMNS)) if view.isColumnHidden(c)]
    settings.settings().setValue(_KEY, ",".join(map(str, hidden)) or "")
    _fit_panel(view, panel)


def _fit_panel(view: QTableView, panel: QWidget) -> None:
    """The list panel is never so narrow that the name column shrinks to "Harb…"."""
    em = view.fontMetrics().horizontalAdvance("M")
    others = sum(view.columnWidth(c) for c in range(1, len(COLUMNS)) if not view.isColumnHidden(c))
    scrollbar = view.verticalScrollBar().sizeHint().width()
    panel.setMinimumWidth(int(NAME_MIN_EM * em) + others + scrollbar + 16)
