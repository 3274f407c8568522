"""The day's touches as one flat table: a heading row per channel, its touches under it.

Flat, not a tree: a view of a table asks only for the rows on screen, where a tree
expanding every group walks all of them (thousands across a territory).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ui.campaigns.headed_table import HeadedTableModel
from workbench.campaigns.queue import DueTouch, group_by_channel
from workbench.vocabulary import Channel

_Index = QModelIndex | QPersistentModelIndex


class QueueModel(HeadedTableModel):
    """Rows are either a channel heading (`Channel`) or a touch (`DueTouch`)."""

    HEADERS = ("Person", "Account", "Step", "Due", "Contact")
    TouchRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = date.today()
        self.groups: list[tuple[Channel, list[DueTouch]]] = []
        self.rows: list[Channel | DueTouch] = []
        self.heading_rows: list[int] = []
        # Each row's texts, made once: a repaint asks for them many times.
        self._texts: dict[int, tuple[str, ...]] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._late = QColor("#a4161a")
        self._heading_background = QColor("#e4ecf2")

    def set_touches(self, touches: Sequence[DueTouch], today: date) -> None:
        self.beginResetModel()
        self.today = today
        self.groups = group_by_channel(touches)
        self.rows, self.heading_rows = [], []
        for channel, items in self.groups:
            self.heading_rows.append(len(self.rows))
            self.rows.append(channel)
            self.rows.extend(items)
        self._texts = {}
        self.endResetModel()

    @property
    def count(self) -> int:
        return len(self.rows) - len(self.heading_rows)

    def touch(self, index: _Index) -> DueTouch | None:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        return row if isinstance(row, DueTouch) else None

    def index_of(self, planned_touch_id: int) -> QModelIndex:
        for r, row in enumerate(self.rows):
            if isinstance(row, DueTouch) and row.planned_touch_id == planned_touch_id:
                return self.index(r, 0)
        return QModelIndex()

    def first_touch(self) -> QModelIndex:
        return next((self.index(r, 0) for r, row in enumerate(self.rows)
                     if isinstance(row, DueTouch)), QModelIndex())

    def _row_texts(self, touch: DueTouch) -> tuple[str, ...]:
        texts = self._texts.get(touch.planned_touch_id)
        if texts is None:
            late = touch.overdue_days(self.today)
            due = f"{late} d overdue" if late else (
                "today" if touch.due_date == self.today else touch.due_date.strftime("%a %d %b"))
            contact = touch.phone if touch.channel is Channel.PHONE else touch.email
            texts = (touch.person_name, touch.account_name, touch.title, due, contact)
            self._texts[touch.planned_touch_id] = texts
        return texts

    # -- the model contract ---------------------------------------------------------------

    def _items(self) -> Sequence[Any]:
        return self.rows

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.touch(index) is None:
            return Qt.ItemFlag.ItemIsEnabled  # a heading: seen, not chosen
        return super().flags(index)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if isinstance(row, Channel):
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                count = len(next(items for c, items in self.groups if c is row))
                return f"{row.label} ({count})"
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._heading_background
            return None
        if role == self.TouchRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row_texts(row)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3 \
                and row.due_date < self.today:
            return self._late
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.person_title} · {row.cadence_name}"
        return None
