"""Item models of the Pages tab: pages by kind, people found, facts, a page's captures.

Each model holds plain rows from `workbench.research.review`, reloaded with
``load(account_id)`` inside a model reset; a row's database id is in ``IdRole``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from workbench.research import review
from workbench.research.facts import FACT_LABELS
from workbench.storage.database import Database

IdRole = Qt.ItemDataRole.UserRole + 1
UrlRole = Qt.ItemDataRole.UserRole + 2
_ERROR = QColor(170, 30, 30)
_MUTED = QColor(110, 110, 110)


def when(value: datetime | None) -> str:
    if value is None:
        return "—"
    return value.astimezone().strftime("%d %b %Y %H:%M")


def short_url(url: str) -> str:
    """The path of a page (what tells pages of one site apart), or the host for home."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if path == "/" and not parts.query:
        return "Home page"
    return path + ("?" + parts.query if parts.query else "")


class _RowsModel(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.rows: list[Any] = []

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.headers)):
            return self.headers[section]
        return None

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_at(self, index: QModelIndex) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.rows[index.row()]


class PagesTableModel(_RowsModel):
    """Captured pages: kind, page, last capture, versions, state."""

    headers = ("Kind", "Page", "Captured", "Versions", "State")

    def load(self, account_id: int | None) -> None:
        self.set_rows([] if account_id is None else review.list_pages(self._db, account_id))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row: review.PageRow | None = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            # The reason is long ("the page answered with error 503"): it is in the
            # tooltip and the reader panel; the column only flags the page.
            state = "OK" if not row.last_error else "Failed"
            if row.last_status == 304 and not row.last_error:
                state = "Unchanged"
            return (review.KIND_LABELS.get(row.kind, row.kind.capitalize()),
                    row.title or short_url(row.url), when(row.captured_at), str(row.versions),
                    state)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = row.url
            if row.last_error:
                tip += f"\nLast attempt {when(row.last_fetched_at)}: {row.last_error}"
            return tip
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and row.last_error:
            return QBrush(_ERROR)
        if role == Qt.ItemDataRole.ForegroundRole and not row.versions:
            return QBrush(_MUTED)
        if role == IdRole:
            return row.source_id
        if role == UrlRole:
            return row.url
        return None


class PeopleModel(_RowsModel):
    """People found on the company's pages: name, title, where, on the committee."""

    headers = ("Name", "Title", "Found on", "Committee")

    def load(self, account_id: int | None) -> None:
        self.set_rows([] if account_id is None else review.list_people(self._db, account_id))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row: review.PersonRow | None = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.title, short_url(row.source_url),
                    "Added" if row.stakeholder_id else "")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.source_url
        if role == IdRole:
            return row.id
        if role == UrlRole:
            return row.source_url
        return None


class FactsModel(_RowsModel):
    """Facts with the page each came from."""

    headers = ("Fact", "Value", "Source")

    def load(self, account_id: int | None) -> None:
        self.set_rows([] if account_id is None else review.list_facts(self._db, account_id))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row: review.FactRow | None = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (FACT_LABELS.get(row.kind, row.kind), row.value,
                    short_url(row.source_url))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.value}\nFrom {row.source_url}"
        if role == IdRole:
            return row.id
        if role == UrlRole:
            return row.source_url
        return None


class CapturesModel(QAbstractListModel):
    """A page's captures, newest first; feeds the history chooser."""

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.rows: list[review.Capture] = []

    def load(self, source_id: int | None) -> None:
        self.beginResetModel()
        self.rows = [] if source_id is None else review.captures(self._db, source_id)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        capture = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            label = when(capture.captured_at)
            if index.row() == 0:
                label += " (latest)"
            elif index.row() == len(self.rows) - 1:
                label += " (first)"
            return label
        if role == IdRole:
            return capture.id
        return None

    def capture(self, row: int) -> review.Capture | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None
