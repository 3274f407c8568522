"""Contact details as links in tables and fields: click opens, right-click copies.

`LinkColumnProxy` shows one column's linkable cells in link style; `make_view_links`
opens them on click and adds Open and Copy to the right-click menu; `add_open_action`
puts an open button in a line edit (email, phone, profile). `open_url` is the one
place a link leaves the program (tests replace it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QAction, QBrush, QColor, QDesktopServices, QFont, QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QMenu, QStyle

Index = QModelIndex | QPersistentModelIndex
LINK_ROLE = Qt.ItemDataRole.UserRole + 40
_LINK_COLOUR = QColor("#0b57d0")


def _default_open(url: str) -> bool:
    return QDesktopServices.openUrl(QUrl(url))


open_url: Callable[[str], bool] = _default_open


def open_link(url: str) -> bool:
    return open_url(url)


class LinkColumnProxy(QIdentityProxyModel):
    """Passes a model through, marking `column`'s cells that are links (`LINK_ROLE`)."""

    def __init__(self, column: int, link_of: Callable[[QModelIndex], str | None],
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._column = column
        self._link_of = link_of

    def link(self, index: Index) -> str | None:
        if not index.isValid() or index.column() != self._column:
            return None
        return self._link_of(self.mapToSource(index))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == self._column and role in (
                Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, LINK_ROLE,
                Qt.ItemDataRole.ToolTipRole):
            url = self.link(index)
            if url is not None:
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QBrush(_LINK_COLOUR)
                if role == Qt.ItemDataRole.FontRole:
                    font = QFont()
                    font.setUnderline(True)
                    return font
                if role == Qt.ItemDataRole.ToolTipRole:
                    return f"Click to open {url} · right-click to copy"
                return url
        return super().data(index, role)


def make_view_links(view: QAbstractItemView, proxy: LinkColumnProxy) -> None:
    """Clicking a link cell opens it; right-click offers Open and Copy for any cell."""
    view.clicked.connect(lambda index: _open_index(proxy, index))
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(lambda pos: _menu(view, proxy, pos))


def _open_index(proxy: LinkColumnProxy, index: QModelIndex) -> None:
    url = proxy.link(index)
    if url is not None:
        open_link(url)


def context_menu(view: QAbstractItemView, proxy: LinkColumnProxy, index: QModelIndex) -> QMenu:
    """The right-click menu for one cell (built separately so tests can read it)."""
    menu = QMenu(view)
    url = proxy.link(index)
    text = str(index.data() or "")
    if url is not None:
        scheme = url.split(":", 1)[0]
        label = {"mailto": "Write an email", "tel": "Call"}.get(scheme, "Open in browser")
        menu.addAction(label, lambda: open_link(url))
    menu.addAction("Copy", lambda: QGuiApplication.clipboard().setText(text))
    return menu


def _menu(view: QAbstractItemView, proxy: LinkColumnProxy, pos: Any) -> None:
    index = view.indexAt(pos)
    if index.isValid():
        menu = context_menu(view, proxy, index)
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()


def add_open_action(edit: QLineEdit, make_link: Callable[[str], str | None],
                    tip: str) -> QAction:
    """A button at the end of `edit` that opens its value as a link (enabled when it is one).

    The line edit's own right-click menu already copies.
    """
    icon = edit.style().standardIcon(QStyle.StandardPixmap.SP_ArrowForward)
    action = edit.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
    action.setToolTip(tip)

    def refresh(text: str) -> None:
        action.setEnabled(make_link(text) is not None)
        action.setVisible(bool(text.strip()))

    def trigger() -> None:
        url = make_link(edit.text())
        if url is not None:
            open_link(url)
    edit.textChanged.connect(refresh)
    action.triggered.connect(trigger)
    refresh(edit.text())
    return action
