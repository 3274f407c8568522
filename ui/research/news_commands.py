"""Undoable News tab actions: pin a story for call prep, mark it read or unread.

Each command saves to the database the moment it is pushed (and again on undo), so the
tab never holds unsaved edits; the base class broadcasts what each step changed.
"""

from __future__ import annotations

from typing import Any

from ui.research.news_model import NewsTableModel
from ui.undo import WriteCommand
from workbench.workbook import Changes


class SetNewsFlagCommand(WriteCommand):
    """Set `pinned` or `read` of one story; undo restores the previous value."""

    LABELS = {("pinned", True): "Pin “{}”", ("pinned", False): "Unpin “{}”",
              ("read", True): "Mark “{}” read", ("read", False): "Mark “{}” unread"}

    def __init__(self, model: NewsTableModel, item_id: int, title: str, flag: str,
                 value: bool, before: bool, pane: Any = None) -> None:
        short = title if len(title) <= 40 else title[:39] + "…"
        super().__init__(self.LABELS[(flag, value)].format(short), pane)
        self._model = model
        self._item_id = item_id
        self._flag = flag
        self._value = value
        self._before = before

    def redo_write(self) -> Changes:
        return self._model.set_flag(self._item_id, self._flag, self._value)

    def undo_write(self) -> Changes:
        return self._model.set_flag(self._item_id, self._flag, self._before)
