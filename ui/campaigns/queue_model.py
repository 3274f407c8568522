"""The day's touches as one flat table: a heading row per channel, its touches under it.

Flat, not a tree: a view of a table asks only for the rows on screen, where a tree
expanding every group walks all of them (thousands across a territory). After a touch
is logged the rows change in place (`update_touches`: the logged one removed, the
person's re-read rows put back), so the view keeps its place and repaints only rows.
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
Row = Channel | DueTouch

# Roles as plain ints: the view's delegate asks seven roles of every cell it paints,
# and comparing ints is what keeps a repaint of the visible rows cheap.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_TOUCH = int(Qt.ItemDataRole.UserRole) + 1
_ANSWERED = frozenset((_DISPLAY, _FONT, _FOREGROUND, _BACKGROUND, _TOOLTIP, _TOUCH))
_DUE_COLUMN = 3
_HEADING_FLAGS = Qt.ItemFlag.ItemIsEnabled  # a heading: seen, not chosen
_TOUCH_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class QueueModel(HeadedTableModel):
    """Rows are either a channel heading (`Channel`) or a touch (`DueTouch`)."""

    HEADERS = ("Person", "Account", "Step", "Due", "Contact")
    TouchRole = _TOUCH

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = date.today()
        self.rows: list[Row] = []
        self.heading_rows: list[int] = []
        self._counts: dict[Channel, int] = {}
        # While only the queue's head is shown: each channel's count in the whole queue.
        self.channel_totals: dict[Channel, int] | None = None
        # Each row's texts, made once: a repaint asks for them many times.
        self._texts: dict[int, tuple[str, ...]] = {}
        # Planned touches whose log is being written (in the worker): "logging…" as due.
        self.pending: set[int] = set()
        self.bold = QFont()
        self.bold.setBold(True)
        self.late = QColor("#a4161a")
        self.heading_background = QColor("#e4ecf2")

    @staticmethod
    def _layout(touches: Sequence[DueTouch]) -> tuple[list[Row], dict[Channel, int]]:
        rows: list[Row] = []
        counts: dict[Channel, int] = {}
        for channel, items in group_by_channel(touches):
            rows.append(channel)
            rows.extend(items)
            counts[channel] = len(items)
        return rows, counts

    def _note_headings(self) -> None:
        self.heading_rows = [r for r, row in enumerate(self.rows) if isinstance(row, Channel)]

    def set_touches(self, touches: Sequence[DueTouch], today: date,
                    channel_totals: dict[Channel, int] | None = None) -> None:
        """Show `touches`; `channel_totals` when they are the head of a longer queue."""
        self.beginResetModel()
        self.today = today
        self.channel_totals = channel_totals
        self.rows, self._counts = self._layout(touches)
        self._note_headings()
        self._texts = {}
        self.endResetModel()

    def update_touches(self, touches: Sequence[DueTouch]) -> None:
        """Show `touches` (the same day), moving only the rows that changed.

        Touches are told apart by identity: a touch object kept from the old list stays
        where it is; one that is gone is removed; a new one (re-read after a log) is
        inserted at its place. Falls back to a reset should the kept rows not be in
        the new order (they always are when the list was merged in order)."""
        new_rows, counts = self._layout(touches)
        wanted = {id(row) for row in new_rows}
        gone: list[int] = [r for r, row in enumerate(self.rows) if id(row) not in wanted]
        for first, last in reversed(_runs(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            for row in self.rows[first:last + 1]:
                if isinstance(row, DueTouch):
                    self._texts.pop(row.planned_touch_id, None)
            del self.rows[first:last + 1]
            self.endRemoveRows()
        kept = {id(row) for row in self.rows}
        order = [row for row in new_rows if id(row) in kept]
        if len(order) != len(self.rows) or any(
                a is not b for a, b in zip(order, self.rows, strict=True)):
            self.set_touches(touches, self.today)
            return
        at = 0
        while at < len(new_rows):
            if at < len(self.rows) and self.rows[at] is new_rows[at]:
                at += 1
                continue
            end = at
            while end < len(new_rows) and id(new_rows[end]) not in kept:
                end += 1
            self.beginInsertRows(QModelIndex(), at, end - 1)
            for row in new_rows[at:end]:
                if isinstance(row, DueTouch):
                    self._texts.pop(row.planned_touch_id, None)
            self.rows[at:at] = new_rows[at:end]
            self.endInsertRows()
            at = end
        changed = [c for c, n in counts.items() if self._counts.get(c) != n]
        self._counts = counts
        self._note_headings()
        for r in self.heading_rows:
            if self.rows[r] in changed:
                cell = self.index(r, 0)
                self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole])

    def set_pending(self, planned_touch_id: int, pending: bool) -> None:
        """Show (or stop showing) that this touch's log is on its way to the database."""
        if pending:
            self.pending.add(planned_touch_id)
        else:
            self.pending.discard(planned_touch_id)
        self._texts.pop(planned_touch_id, None)
        index = self.index_of(planned_touch_id)
        if index.isValid():
            self.dataChanged.emit(self.index(index.row(), 0),
                                  self.index(index.row(), len(self.HEADERS) - 1))

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
            due = "logging…" if touch.planned_touch_id in self.pending else \
                f"{late} d overdue" if late else (
                    "today" if touch.due_date == self.today
                    else touch.due_date.strftime("%a %d %b"))
            contact = touch.phone if touch.channel is Channel.PHONE else touch.email
            texts = (touch.person_name, touch.account_name, touch.title, due, contact)
            self._texts[touch.planned_touch_id] = texts
        return texts

    def heading_text(self, channel: Channel) -> str:
        if self.channel_totals is not None and channel in self.channel_totals:
            return f"{channel.label} ({self.channel_totals[channel]})"
        return f"{channel.label} ({self._counts[channel]})"

    def cell_text(self, touch: DueTouch, column: int) -> str:
        return self._row_texts(touch)[column]

    def is_late(self, touch: DueTouch, column: int) -> bool:
        return column == _DUE_COLUMN and touch.due_date < self.today

    # -- the model contract ---------------------------------------------------------------

    def _items(self) -> Sequence[Any]:
        return self.rows

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _HEADING_FLAGS if isinstance(self.rows[index.row()], Channel) else _TOUCH_FLAGS

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role not in _ANSWERED or not index.isValid():
            return None
        row = self.rows[index.row()]
        if isinstance(row, Channel):
            if role == _DISPLAY:
                return self.heading_text(row) if index.column() == 0 else None
            if role == _FONT:
                return self.bold
            if role == _BACKGROUND:
                return self.heading_background
            return None
        if role == _DISPLAY:
            return self._row_texts(row)[index.column()]
        if role == _TOUCH:
            return row
        if role == _FOREGROUND:
            return self.late if self.is_late(row, index.column()) else None
        if role == _TOOLTIP:
            return f"{row.person_title} · {row.cadence_name}"
        return None


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Ascending `numbers` as (first, last) runs of consecutive values."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs
