"""The day's touches as a two-level model: a row per channel, the touches under it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from workbench.campaigns.queue import DueTouch, group_by_channel
from workbench.storage.models import Channel

_Index = QModelIndex | QPersistentModelIndex
_TOP = 0xFFFFFFFF  # internal id of a channel row; touches carry their group's row number
_ROOT = QModelIndex()


class QueueModel(QAbstractItemModel):
    """Channels (with counts) at the top level, their touches as children."""

    HEADERS = ("Person", "Account", "Step", "Due", "Contact")
    TouchRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = date.today()
        self.groups: list[tuple[Channel, list[DueTouch]]] = []
        # Each row's texts, made once: a repaint asks for them many times.
        self._texts: dict[int, tuple[str, ...]] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._late = QColor("#a4161a")

    def set_touches(self, touches: Sequence[DueTouch], today: date) -> None:
        self.beginResetModel()
        self.today = today
        self.groups = group_by_channel(touches)
        self._texts = {}
        self.endResetModel()

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

    @property
    def count(self) -> int:
        return sum(len(items) for _, items in self.groups)

    def touch(self, index: _Index) -> DueTouch | None:
        if not index.isValid() or index.internalId() == _TOP:
            return None
        return self.groups[index.internalId()][1][index.row()]

    def index_of(self, planned_touch_id: int) -> QModelIndex:
        for g, (_, items) in enumerate(self.groups):
            for r, t in enumerate(items):
                if t.planned_touch_id == planned_touch_id:
                    return self.index(r, 0, self.index(g, 0))
        return QModelIndex()

    # -- the model contract ---------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row())

    def parent(self, child: _Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(child.internalId(), 0, _TOP)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self.groups[parent.row()][1])
        return 0

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            channel, items = self.groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return f"{channel.label} ({len(items)})"
            if role == Qt.ItemDataRole.FontRole and index.column() == 0:
                return self._bold
            return None
        touch = self.touch(index)
        assert touch is not None
        if role == self.TouchRole:
            return touch
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row_texts(touch)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3 \
                and touch.due_date < self.today:
            return self._late
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{touch.person_title} · {touch.cadence_name}"
        return None
