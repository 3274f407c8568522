"""The one undo base class: a user action that writes, undone by writing back.

`WriteCommand.redo_write()` and `undo_write()` do the writes and return the `Changes`
they made; the base class publishes them on the bus (source: the pane), so the other
panes follow an undo as they follow the edit. The first `redo()` that `QUndoStack.push`
calls is skipped when the action was already done before the push (`done=True`), the
common case for edits saved as typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from workbench.workbook import Changes


class WriteCommand(QUndoCommand):
    """Base of every pane's undo commands."""

    def __init__(self, text: str, pane: Any, *, done: bool = False) -> None:
        super().__init__(text)
        self.pane = pane
        self._skip_redo = done

    def redo_write(self) -> Changes:
        raise NotImplementedError

    def undo_write(self) -> Changes:
        raise NotImplementedError

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._publish(self.redo_write())

    def undo(self) -> None:
        self._publish(self.undo_write())

    def after_step(self, changes: Changes) -> None:
        """After each redo or undo (and its broadcast): bring the pane's own view in step."""

    def _publish(self, changes: Changes) -> None:
        publish = getattr(self.pane, "publish", None)
        if publish is not None:
            publish(changes)
        self.after_step(changes)
