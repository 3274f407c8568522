"""The News tab's table model: an account's stories with filters, pin and read flags.

Rows are read from the database when the account or the filter changes (the pane reads
only; the network is touched only by research). An account with many stories is read on
the job runner, off the GUI thread, and `loaded` says when its rows are in; a small one
is read at once. Pin and read edits go through `set_flag`, which writes the database
first and then tells the views.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ui.background_read import BackgroundReader
from ui.jobs import JobRunner

# The filter and row types are the core's; re-exported under the names the tab uses.
from workbench.research.news_review import ANY_TRIGGER, NewsFilter, NewsRow  # noqa: F401
from workbench.research.triggers import KIND_LABELS
from workbench.storage.database import Database
from workbench.workbook import Changes, Workbook

Index = QModelIndex | QPersistentModelIndex

# Data role with the story's database id (for the detail pane and the commands).
ItemIdRole = Qt.ItemDataRole.UserRole + 1


class NewsTableModel(QAbstractTableModel):
    """Stories of one account, newest first.

    Columns: pinned mark, date, headline, trigger events, where it was published.
    """

    COLUMNS = ("", "Date", "Headline", "Events", "Source")
    PIN, DATE, TITLE, EVENTS, SOURCE = range(5)
    # Reading this many stories takes more than a few milliseconds: above it, in the background.
    BACKGROUND_FROM = 400

    loaded = Signal()  # the rows asked for by the last `load` are in
    load_failed = Signal(object)  # the exception that stopped reading them

    def __init__(self, db: Database, parent: Any = None, runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._book = Workbook.of(db)
        # Only the newest reading is shown: an account left behind never fills the list.
        self._reader = BackgroundReader(runner or JobRunner(parent=self), "reading the news",
                                        lambda: ([], 0), self._apply, self, self._failed)
        self._rows: list[NewsRow] = []
        self._account_id: int | None = None
        self._filter = NewsFilter()
        self._total = 0
        self.loading = False

    # -- loading ---------------------------------------------------------------------------
    @property
    def news_filter(self) -> NewsFilter:
        return self._filter

    def load(self, account_id: int | None, news_filter: NewsFilter | None = None) -> None:
        """Read the account's stories that pass the filter (None: no account, no rows).

        `loaded` is emitted when the rows are in: at once for a small account; for a
        large one after a background read, the list being empty (and `loading` True)
        meanwhile.
        """
        self._account_id = account_id
        if news_filter is not None:
            self._filter = news_filter
        chosen = self._filter
        if account_id is None:
            self._reader.read_now(lambda: ([], 0))
            return
        total = self._book.news.count(account_id)
        if total < self.BACKGROUND_FROM:
            self._reader.read_now(lambda: (self._book.news.rows(account_id, chosen), total))
            return
        self._set_rows([])
        self._total = total
        self.loading = True
        self._reader.read(lambda: (self._book.news.rows(account_id, chosen), total))

    def set_filter(self, news_filter: NewsFilter) -> None:
        self.load(self._account_id, news_filter)

    def total_for_account(self) -> int:
        """How many stories the account has, whatever the filter (as of the last load)."""
        return self._total

    def _apply(self, answer: tuple[list[NewsRow], int]) -> None:
        self.loading = False
        self._set_rows(answer[0])
        self._total = answer[1]
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.load_failed.emit(exc)

    def _set_rows(self, rows: list[NewsRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    # -- flags -------------------------------------------------------------------------------
    def row_of(self, item_id: int) -> int:
        for number, row in enumerate(self._rows):
            if row.id == item_id:
                return number
        return -1

    def story(self, row: int) -> NewsRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def set_flag(self, item_id: int, flag: str, value: bool) -> Changes:
        """Save `pinned` or `read` for a story at once, then repaint its row."""
        changes = self._book.news.set_flag(item_id, flag, value)
        if changes.empty:
            return changes
        row = self.row_of(item_id)
        if row >= 0:
            self._rows[row] = replace(self._rows[row], **{flag: value})
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
        return changes

    # -- Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == self.PIN:
                return "Pinned for call prep"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.PIN:
                return "★" if row.pinned else ""
            if column == self.DATE:
                return _format_date(row.when)
            if column == self.TITLE:
                return row.title
            if column == self.EVENTS:
                return ", ".join(KIND_LABELS.get(k, k) for k in row.kinds)
            if column == self.SOURCE:
                return _host(row.url)
        elif role == Qt.ItemDataRole.ToolTipRole:
            if column == self.TITLE:
                return row.title
            if column == self.PIN:
                return "Pinned for call prep" if row.pinned else None
            if column == self.DATE and row.when is not None:
                return row.when.astimezone().strftime("%Y-%m-%d %H:%M")
        elif role == Qt.ItemDataRole.FontRole:
            if not row.read and column == self.TITLE:
                font = QFont()
                font.setBold(True)
                return font
        elif role == Qt.ItemDataRole.ForegroundRole:
            if column == self.PIN and row.pinned:
                return QBrush(QColor("#c98a00"))
        elif role == Qt.ItemDataRole.TextAlignmentRole:
            if column == self.PIN:
                return int(Qt.AlignmentFlag.AlignCenter)
        elif role == ItemIdRole:
            return row.id
        return None


def _format_date(moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = moment.astimezone()
    return f"{local.day} {local.strftime('%b %Y')}"


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")
