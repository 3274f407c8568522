"""Undoable actions of the Pages tab."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui.undo import WriteCommand
from workbench.research import review
from workbench.workbook import Changes, Workbook


class AddToCommitteeCommand(WriteCommand):
    """Add a found person to the buying committee (saved at once); undo removes them."""

    def __init__(self, book: Workbook, account_id: int, found_person_id: int, name: str,
                 changed: Callable[[], None], pane: Any = None) -> None:
        super().__init__(f"Add {name} to the committee", pane)
        self._book = book
        self._account_id = account_id
        self._person_id = found_person_id
        self._changed = changed
        self.stakeholder_id: int | None = None
        self._created = False

    def redo_write(self) -> Changes:
        already = review.committee_link(self._book.db, self._person_id)
        changes = self._book.committee.add_found_person(self._account_id, self._person_id)
        self.stakeholder_id = changes.result
        # Undo only removes a stakeholder this command created, never one already there.
        self._created = already is None
        self._changed()
        return changes

    def undo_write(self) -> Changes:
        changes = Changes()
        if self._created and self.stakeholder_id is not None:
            changes = self._book.committee.remove_found_person(
                self._account_id, self._person_id, self.stakeholder_id)
            self.stakeholder_id = None
        self._changed()
        return changes
