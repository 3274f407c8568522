"""Undoable actions on calls: one QUndoCommand per user action, saved the moment it is made.

A command's first `redo()` is the save that already happened (the tab applies
the change first so that bad input is refused before anything enters the
stack); later redos and undos write again. A deleted call comes back with a new
id, so commands look ids up through the tab's `resolve`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ui.undo import WriteCommand
from workbench import errors
from workbench.prep import calls
from workbench.storage.database import Database
from workbench.workbook import Changes
from workbench.workbook.changes import CALLS


class CallsHost(Protocol):
    """What the commands need from the tab."""

    db: Database

    def resolve(self, call_id: int) -> int: ...
    def remember_alias(self, old_id: int, new_id: int) -> None: ...
    def after_change(self, call_id: int | None) -> None: ...
    def report_error(self, exc: errors.KnownError) -> None: ...


class _CallCommand(WriteCommand):
    """Base of the calls' commands: `_run` writes, refreshes the tab and broadcasts."""

    def __init__(self, host: CallsHost, text: str) -> None:
        super().__init__(text, host)
        self.host = host
        self._first = True

    def _run(self, action: Callable[[], int | None]) -> None:
        try:
            focus = action()
        except errors.KnownError as exc:
            # The database changed under us (a person deleted meanwhile...): say so,
            # and leave the stack as it is rather than pretend it worked.
            self.host.report_error(exc)
            self.setObsolete(True)
            return
        self.host.after_change(focus)
        self._publish(Changes.of(getattr(self.host, "account_id", None), CALLS))


class EditCallCommand(_CallCommand):
    """One field of one call changed."""

    def __init__(self, host: CallsHost, call_id: int, field: str, old: Any, new: Any) -> None:
        super().__init__(host, f"Edit {field.replace('_', ' ')}")
        self.call_id, self.field, self.old, self.new = call_id, field, old, new

    def _set(self, value: Any) -> int:
        call_id = self.host.resolve(self.call_id)
        calls.update_call(self.host.db, call_id, **{self.field: value})
        return call_id

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(lambda: self._set(self.new))

    def undo(self) -> None:
        self._run(lambda: self._set(self.old))


class NewCallCommand(_CallCommand):
    """A call planned; undo deletes it, redo plans it again."""

    def __init__(self, host: CallsHost, call_id: int) -> None:
        super().__init__(host, "Plan a call")
        self.call_id = call_id
        self.fields = calls.call_fields(host.db, call_id)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self._create)

    def _create(self) -> int:
        fields = dict(self.fields)
        account_id = fields.pop("account_id")
        new_id = calls.create_call(self.host.db, account_id, **fields)
        self.host.remember_alias(self.call_id, new_id)
        return new_id

    def undo(self) -> None:
        self._run(lambda: calls.delete_call(self.host.db, self.host.resolve(self.call_id)))


class DeleteCallCommand(NewCallCommand):
    """A call deleted; undo brings it back with all its fields and attendees."""

    def __init__(self, host: CallsHost, call_id: int) -> None:
        super().__init__(host, call_id)
        self.setText("Delete a call")

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        NewCallCommand.undo(self)

    def undo(self) -> None:
        self._run(self._create)
