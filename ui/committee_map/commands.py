"""Undo commands of the map editor: one class per user action, each writing to the database.

A command's first run happens before it is pushed (`push`), so a refused edit
(a reporting loop, an empty name) raises its plain message to the caller and
never lands on the stack. Undo and redo go through the core's service
functions, one transaction each, then the editor re-reads the committee.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from PySide6.QtGui import QUndoStack

from ui.undo import WriteCommand
from workbench import errors
from workbench.committee import stakeholders as service
from workbench.committee.stakeholders import DeletedPerson, Deletion
from workbench.storage.database import Database
from workbench.vocabulary import RelationKind
from workbench.workbook import Changes
from workbench.workbook.changes import CALLS, COMMITTEE

log = logging.getLogger("ui.committee_map")
Position = tuple[float | None, float | None]


class Editor(Protocol):
    """What a command needs from the editor it works for."""

    db: Database
    account_id: int | None

    def refresh(self) -> None: ...

    def report(self, message: str) -> None: ...

    def publish(self, changes: Changes) -> None: ...


class MapCommand(WriteCommand):
    """Base: `apply`/`revert` do the work; redo skips the run `push` already made.

    Every step re-reads the map and broadcasts a committee change (the Calls tab's
    attendee list, the Pages tab's "on the committee" marks follow).
    """

    def __init__(self, editor: Editor, text: str) -> None:
        super().__init__(text, editor)
        self.editor = editor

    def changes(self) -> Changes:
        return Changes.of(self.editor.account_id, COMMITTEE, CALLS)

    def redo_write(self) -> Changes:
        self._guarded(self.apply)
        return self.changes()

    def undo_write(self) -> Changes:
        self._guarded(self.revert)
        return self.changes()

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def after_step(self, _changes: Changes) -> None:
        self.editor.refresh()

    def redo(self) -> None:
        first = self._skip_redo
        super().redo()
        if first:  # `push` ran it; refresh now as for every other step
            self.editor.refresh()

    def _guarded(self, work: Any) -> None:
        # Qt swallows exceptions raised inside redo()/undo(): report them instead.
        try:
            work()
        except errors.KnownError as exc:
            log.warning("%s failed: %s", self.text(), exc)
            self.editor.report(str(exc))


def push(stack: QUndoStack, command: MapCommand) -> None:
    """Run `command` now (raising a `KnownError` if refused), then put it on the stack."""
    command.apply()
    command._skip_redo = True
    stack.push(command)
    command._publish(command.changes())


class AddPerson(MapCommand):
    """Add one person (typed, or from research); undo deletes them, redo puts them back."""

    def __init__(self, editor: Editor, name: str = "", found_person_id: int | None = None,
                 **fields: Any) -> None:
        super().__init__(editor, f"Add {name or 'person'}")
        self.name, self.found_person_id, self.fields = name, found_person_id, fields
        self.stakeholder_id: int | None = None
        self._deleted: DeletedPerson | None = None

    def apply(self) -> None:
        if self._deleted is not None:
            service.restore_stakeholder(self.editor.db, self._deleted)
        elif self.found_person_id is not None:
            self.stakeholder_id = service.add_found_person(self.editor.db, self.found_person_id)
        else:
            assert self.editor.account_id is not None
            self.stakeholder_id = service.add_stakeholder(
                self.editor.db, self.editor.account_id, self.name, **self.fields)

    def revert(self) -> None:
        assert self.stakeholder_id is not None
        self._deleted = service.delete_stakeholder(self.editor.db, self.stakeholder_id)


class AddPeople(MapCommand):
    """Add many people at once (an import): one step to undo."""

    def __init__(self, editor: Editor, text: str, add: Any) -> None:
        super().__init__(editor, text)
        self._add = add  # called once: returns the new ids
        self.ids: list[int] = []
        self._deleted: Deletion | None = None

    def apply(self) -> None:
        if self._deleted is not None:
            service.restore_many(self.editor.db, self._deleted)
            self._deleted = None
        else:
            self.ids = list(self._add())

    def revert(self) -> None:
        self._deleted = service.delete_many(self.editor.db, self.ids)


class EditField(MapCommand):
    """Change one field of one person."""

    def __init__(self, editor: Editor, stakeholder_id: int, field: str, value: Any,
                 label: str = "", expected: Any = None, check: bool = False) -> None:
        super().__init__(editor, f"Edit {label or field.replace('_', ' ')}")
        self.stakeholder_id, self.field, self.value = stakeholder_id, field, value
        self.before: Any = None
        # Compare-and-set on the first run: the value the inspector showed.
        self._expected = {field: expected} if check else None

    def apply(self) -> None:
        before = service.update_stakeholder(self.editor.db, self.stakeholder_id,
                                            expected=self._expected, **{self.field: self.value})
        self._expected = None  # undo and redo write back what this command itself wrote
        self.before = before[self.field]

    def revert(self) -> None:
        service.update_stakeholder(self.editor.db, self.stakeholder_id,
                                   **{self.field: self.before})


class MovePeople(MapCommand):
    """Cards moved by one drag, or a new layout: one step whatever the number of cards."""

    def __init__(self, editor: Editor, before: dict[int, Position], after: dict[int, Position],
                 text: str = "Move", dragged: int | None = None) -> None:
        # A first drag also pins the cards the layout placed: the step is named for the
        # cards the rep dragged, not for every card it stores.
        n = dragged if dragged is not None else len(after)
        super().__init__(editor, text if text != "Move" else
                         f"Move {n} card{'s' if n != 1 else ''}")
        self.before, self.after = before, after

    def apply(self) -> None:
        service.move_stakeholders(self.editor.db, self.after)

    def revert(self) -> None:
        service.move_stakeholders(self.editor.db, self.before)


class Connect(MapCommand):
    """Draw one line between two people."""

    def __init__(self, editor: Editor, source_id: int, target_id: int, kind: RelationKind) -> None:
        verb = "reports to" if kind is RelationKind.REPORTS_TO else "influences"
        super().__init__(editor, f"Connect ({verb})")
        self.source_id, self.target_id, self.kind = source_id, target_id, kind
        self.line_id: int | None = None

    def apply(self) -> None:
        self.line_id = service.connect(self.editor.db, self.source_id, self.target_id, self.kind,
                                       line_id=self.line_id)

    def revert(self) -> None:
        assert self.line_id is not None
        service.disconnect(self.editor.db, self.line_id)


class Delete(MapCommand):
    """Delete cards (with every line touching them) and lines, as one step."""

    def __init__(self, editor: Editor, stakeholder_ids: list[int], line_ids: list[int]) -> None:
        parts = []
        if stakeholder_ids:
            parts.append(f"{len(stakeholder_ids)} card{'s' if len(stakeholder_ids) > 1 else ''}")
        if line_ids:
            parts.append(f"{len(line_ids)} line{'s' if len(line_ids) > 1 else ''}")
        super().__init__(editor, "Delete " + " and ".join(parts))
        self.stakeholder_ids, self.line_ids = stakeholder_ids, line_ids
        self._deletion: Deletion | None = None

    def apply(self) -> None:
        self._deletion = service.delete_many(self.editor.db, self.stakeholder_ids, self.line_ids)

    def revert(self) -> None:
        assert self._deletion is not None
        service.restore_many(self.editor.db, self._deletion)


class SetRequiredRoles(MapCommand):
    """Change which roles the committee must have filled."""

    def __init__(self, editor: Editor, text: str) -> None:
        super().__init__(editor, "Change required roles")
        self.text_value = text
        self.before = ""

    def apply(self) -> None:
        assert self.editor.account_id is not None
        self.before = service.set_required_roles_text(self.editor.db, self.editor.account_id,
                                                      self.text_value)

    def revert(self) -> None:
        assert self.editor.account_id is not None
        service.set_required_roles_text(self.editor.db, self.editor.account_id, self.before)
