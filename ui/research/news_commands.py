"""Undoable News tab actions: pin a story for call prep, mark it read or unread.

Each command saves to the database the moment it is pushed (and again on undo), so the
tab never holds unsaved edits.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ui.research.news_model import NewsTableModel


class SetNewsFlagCommand(QUndoCommand):
    """Set `pinned` or `read` of one story; undo restores the previous value."""

    LABELS = {("pinned", True): "Pin “{}”", ("pinned", False): "Unpin “{}”",
              ("read", True): "Mark “{}” read", ("read", False): "Mark “{}” unread"}

    def __init__(self, model: NewsTableModel, item_id: int, title: str, flag: str,
                 value: bool, before: bool) -> None:
        short = title if len(title) <= 40 else title[:39] + "…"
        super().__init__(self.LABELS[(flag, value)].format(short))
        self._model = model
        self._item_id = item_id
        self._flag = flag
        self._value = value
        self._before = before

    def redo(self) -> None:
        self._model.set_flag(self._item_id, self._flag, self._value)

    def undo(self) -> None:
        self._model.set_flag(self._item_id, self._flag, self._before)
