"""Property test: any sequence of edits, undos and redos leaves the data a simple model predicts.

Account edits go through `workbench.accounts`; committee edits through plain
SQLAlchemy on `Stakeholder`/`Relationship` with an undo log of inverse operations
kept here. The model is the obvious one: a dict of what the user sees, and undo
as "go back to the copy taken before the edit". When the committee editor's
commands are merged, the committee rules should call them instead.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    precondition,
    rule,
)
from sqlalchemy import select

from workbench import accounts, errors
from workbench.storage.database import Database, open_database
from workbench.storage.models import Account, RelationKind, Relationship, Role, Stakeholder

_TEMPLATE: list[Path] = []


def _template() -> Path:
    """One migrated empty database for the whole run (migrating per example is slow)."""
    if not _TEMPLATE:
        path = Path(tempfile.mkdtemp(prefix="edit-model-")) / "template.sqlite3"
        open_database(path).dispose()
        _TEMPLATE.append(path)
    return _TEMPLATE[0]


NAMES = st.sampled_from(["Acme", "  Acme   Corp ", "Beta\tGmbH", "Ünïcode Ltd", "", "   ",
                         "x" * 201, "Zeta"])
TEXT = st.text(max_size=40)
ROLES = st.sampled_from(list(Role))
ATTITUDES = st.one_of(st.none(), st.integers(-2, 2))
Edit = tuple[Callable[[], None], Callable[[], None]]  # (undo, redo) on the database


class EditsUndoRedo(RuleBasedStateMachine):
    """The rep edits two accounts and their committees, undoing and redoing at will."""

    people = Bundle("people")
    lines = Bundle("lines")

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="edits-"))
        shutil.copyfile(_template(), self.folder / "db.sqlite3")
        self.db: Database = open_database(self.folder / "db.sqlite3")
        self.model: dict[str, dict[int, dict[str, Any]]] = {
            "accounts": {}, "people": {}, "lines": {}}
        self.undo_model: list[dict[str, Any]] = []
        self.redo_model: list[dict[str, Any]] = []
        self.undo_db: list[Edit] = []
        self.redo_db: list[Edit] = []

    def teardown(self) -> None:
        self.db.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- bookkeeping shared by every edit -----------------------------------------

    def _edited(self, before: dict[str, Any], edit: Edit) -> None:
        self.undo_model.append(before)
        self.redo_model.clear()
        self.undo_db.append(edit)
        self.redo_db.clear()

    @initialize()
    def two_accounts(self) -> None:
        for name in ("Northwind", "Contoso"):
            account_id = accounts.create_account(self.db, name)
            self.model["accounts"][account_id] = {"name": name, "notes": "", "tier": "B"}

    # --- account edits through the core ---------------------------------------------

    @rule(index=st.integers(0, 1), field=st.sampled_from(["name", "notes", "tier"]),
          value=st.one_of(NAMES, TEXT, st.sampled_from(["A", "B", "C", "D"])))
    def edit_account(self, index: int, field: str, value: str) -> None:
        account_id = sorted(self.model["accounts"])[index]
        old = self.model["accounts"][account_id][field]
        expected: str | None = value
        if field == "name":
            expected = " ".join(value.split())
            if not expected or len(expected) > 200:
                expected = None
        elif field == "tier":
            expected = value.strip().upper() if value.strip().upper() in ("A", "B", "C") else None
        if expected is None:  # bad input: a clear error and nothing changes
            try:
                accounts.update_account(self.db, account_id, **{field: value})
            except errors.InvalidInput:
                return
            raise AssertionError(f"{field}={value!r} was accepted")
        before = copy.deepcopy(self.model)
        accounts.update_account(self.db, account_id, **{field: value})
        self.model["accounts"][account_id][field] = expected
        self._edited(before, (
            lambda: accounts.update_account(self.db, account_id, **{field: old}),
            lambda: accounts.update_account(self.db, account_id, **{field: value})))

    # --- committee edits through SQLAlchemy ---------------------------------------------

    def _insert_person(self, person_id: int, row: dict[str, Any]) -> None:
        with self.db.session() as session:
            session.add(Stakeholder(id=person_id, account_id=row["account"], name=row["name"],
                                    role=row["role"], attitude=row["attitude"]))

    def _delete(self, cls: type, row_id: int) -> None:
        with self.db.session() as session:
            session.delete(session.get(cls, row_id))

    def _insert_line(self, line_id: int, row: dict[str, Any]) -> None:
        with self.db.session() as session:
            session.add(Relationship(id=line_id, account_id=row["account"], source_id=row["source"],
                                     target_id=row["target"], kind=row["kind"]))

    @rule(target=people, index=st.integers(0, 1), name=st.sampled_from(["Ada", "Bo", "Cy"]),
          role=ROLES)
    def add_person(self, index: int, name: str, role: Role) -> int:
        account_id = sorted(self.model["accounts"])[index]
        before = copy.deepcopy(self.model)
        with self.db.session() as session:
            person = Stakeholder(account_id=account_id, name=name, role=role)
            session.add(person)
            session.flush()
            person_id = person.id
        row = {"account": account_id, "name": name, "role": role, "attitude": None}
        self.model["people"][person_id] = row
        self._edited(before, (lambda: self._delete(Stakeholder, person_id),
                              lambda: self._insert_person(person_id, row)))
        return person_id

    @rule(person=people, role=ROLES, attitude=ATTITUDES)
    def edit_person(self, person: int, role: Role, attitude: int | None) -> None:
        if person not in self.model["people"]:
            return  # removed (or its adding undone) since; the editor would not offer it
        old = dict(self.model["people"][person])

        def write(values: dict[str, Any]) -> None:
            with self.db.session() as session:
                row = session.get(Stakeholder, person)
                row.role, row.attitude = values["role"], values["attitude"]
        before = copy.deepcopy(self.model)
        new = {**old, "role": role, "attitude": attitude}
        write(new)
        self.model["people"][person] = new
        self._edited(before, (lambda: write(old), lambda: write(new)))

    @rule(person=consumes(people))
    def remove_person(self, person: int) -> None:
        if person not in self.model["people"]:
            return
        before = copy.deepcopy(self.model)
        row = dict(self.model["people"][person])
        attached = {i: dict(r) for i, r in self.model["lines"].items()
                    if person in (r["source"], r["target"])}
        self._delete(Stakeholder, person)  # its lines go with it (ON DELETE CASCADE)
        del self.model["people"][person]
        for line_id in attached:
            del self.model["lines"][line_id]

        def undo() -> None:
            self._insert_person(person, row)
            for line_id, line in attached.items():
                self._insert_line(line_id, line)
        self._edited(before, (undo, lambda: self._delete(Stakeholder, person)))

    @rule(target=lines, source=people, other=people,
          kind=st.sampled_from(list(RelationKind)))
    def add_line(self, source: int, other: int, kind: RelationKind) -> int:
        rows = self.model["people"]
        if source == other or source not in rows or other not in rows \
                or rows[source]["account"] != rows[other]["account"]:
            return -1  # the map editor only draws lines between two people of one account
        before = copy.deepcopy(self.model)
        row = {"account": rows[source]["account"], "source": source, "target": other,
               "kind": kind}
        with self.db.session() as session:
            line = Relationship(account_id=row["account"], source_id=source, target_id=other,
                                kind=kind)
            session.add(line)
            session.flush()
            line_id = line.id
        self.model["lines"][line_id] = row
        self._edited(before, (lambda: self._delete(Relationship, line_id),
                              lambda: self._insert_line(line_id, row)))
        return line_id

    @rule(line=consumes(lines))
    def remove_line(self, line: int) -> None:
        if line not in self.model["lines"]:
            return
        before = copy.deepcopy(self.model)
        row = dict(self.model["lines"][line])
        self._delete(Relationship, line)
        del self.model["lines"][line]
        self._edited(before, (lambda: self._insert_line(line, row),
                              lambda: self._delete(Relationship, line)))

    # --- undo and redo ------------------------------------------------------------------

    @precondition(lambda self: self.undo_db)
    @rule()
    def undo(self) -> None:
        undo_db, redo_db = self.undo_db.pop()
        undo_db()
        self.redo_db.append((undo_db, redo_db))
        self.redo_model.append(self.model)
        self.model = self.undo_model.pop()

    @precondition(lambda self: self.redo_db)
    @rule()
    def redo(self) -> None:
        undo_db, redo_db = self.redo_db.pop()
        redo_db()
        self.undo_db.append((undo_db, redo_db))
        self.undo_model.append(self.model)
        self.model = self.redo_model.pop()

    # --- what the user sees must match the model ------------------------------------------

    @invariant()
    def database_matches_the_model(self) -> None:
        with self.db.session() as session:
            stored_accounts = {a.id: {"name": a.name, "notes": a.notes, "tier": a.tier.value}
                               for a in session.scalars(select(Account))}
            stored_people = {p.id: {"account": p.account_id, "name": p.name, "role": p.role,
                                    "attitude": p.attitude}
                             for p in session.scalars(select(Stakeholder))}
            stored_lines = {r.id: {"account": r.account_id, "source": r.source_id,
                                   "target": r.target_id, "kind": r.kind}
                            for r in session.scalars(select(Relationship))}
        assert stored_accounts == self.model["accounts"]
        assert stored_people == self.model["people"]
        assert stored_lines == self.model["lines"]


EditsUndoRedo.TestCase.settings = settings(
    max_examples=30, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
test_edits_undo_and_redo_match_the_model = EditsUndoRedo.TestCase
