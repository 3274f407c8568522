"""Undoable actions of the Pages tab."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from workbench.research import review
from workbench.storage.database import Database


class AddToCommitteeCommand(QUndoCommand):
    """Add a found person to the buying committee (saved at once); undo removes them."""

    def __init__(self, db: Database, found_person_id: int, name: str,
                 changed: Callable[[], None]) -> None:
        super().__init__(f"Add {name} to the committee")
        self._db = db
        self._person_id = found_person_id
        self._changed = changed
        self.stakeholder_id: int | None = None
        self._created = False

    def redo(self) -> None:
        already = review.committee_link(self._db, self._person_id)
        self.stakeholder_id = review.add_to_committee(self._db, self._person_id)
        # Undo only removes a stakeholder this command created, never one already there.
        self._created = already is None
        self._changed()

    def undo(self) -> None:
        if self._created and self.stakeholder_id is not None:
            review.remove_from_committee(self._db, self._person_id, self.stakeholder_id)
            self.stakeholder_id = None
        self._changed()
