"""Property test: any sequence of edits, undos and redos leaves the data a simple model predicts.

The edits go through the real undo machinery the rep uses: the Committee tab
(`ui.committee_map.tab.CommitteeTab`, its `QUndoCommand`s in `commands.py`, the
inspector's fields, the scene's `cards_moved` signal, the card menu's "Reports
to / Influences", the Delete action) and the Overview's fields
(`ui.overview_pane.OverviewPane`). Each has its own `QUndoStack`, as in the main
window (whose undo group undoes on the active pane's stack).

The model is the obvious one, in plain Python: per account a dict of fields, a
dict of people and a set of lines, and undo as "go back to the copy taken before
the edit" — one stack of snapshots of the committee (people and lines) and one of
the account's own fields, each mirroring one pane's undo stack. Refused edits (an
empty or too long name, a second manager, a reporting loop, the same line twice)
and edits that change nothing must leave both the data and the undo history
alone. After every step the database, read back through `load_committee` and
`get_account`, must equal the model, both undo stacks must be as deep as the
model's, and the map and the Overview must show what is stored.
"""

from __future__ import annotations

import copy
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from workbench import accounts
from workbench.committee.records import load_committee
from workbench.storage.database import Database, open_database
from workbench.storage.models import Influence, RelationKind, Role

ACCOUNT_NAMES = ("Northwind", "Contoso")
NEW_PERSON = {"name": "New person", "title": "", "role": Role.UNKNOWN, "attitude": None,
              "influence": Influence.MEDIUM, "last_contact": None, "plan": "", "email": "",
              "origin": "typed", "x": None, "y": None}
ACCOUNT_FIELDS = ("name", "website", "industry", "tier", "stage", "notes")

# What a rep could type or paste into a one-line field (never a newline: Enter ends it).
PERSON_NAMES = st.one_of(
    st.sampled_from(["Ada", "  Bo   Lind ", "Cy\tDale", "Ünïcode Ø", "", "   ", "New person",
                     "x" * 200, "x" * 201]),
    st.text(alphabet="ab ", max_size=5))
TITLES = st.sampled_from(["", "CFO", "  VP   Sales ", "y" * 300, "y" * 301])
ACCOUNT_NAME_INPUT = st.one_of(
    st.sampled_from(["Northwind", "Acme", "  Acme   Corp ", "Acme Corp", "Beta\tGmbH", "",
                     "   ", "x" * 200, "x" * 201]),
    st.text(alphabet="ab ", max_size=5))
INDUSTRIES = st.sampled_from(["", "Robotics", "  Logistics  ", "Food & Drink"])
PICK = st.integers(0, 1_000)  # an index into whatever exists now, taken modulo its size
# Drop points on a quarter-unit grid: Qt compares positions fuzzily (1e-12), and a drag
# never moves a card by less than a pixel's worth of scene units.
COORDINATE = st.integers(-12_000, 12_000).map(lambda q: q / 4)
POSITION = st.tuples(COORDINATE, COORDINATE)

Line = tuple[int, int, RelationKind]  # (source, target, kind): unique on one map


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _would_loop(lines: set[Line], source: int, target: int) -> bool:
    """True if "source reports to target" closes a loop: source already sits above target."""
    manager = {s: t for s, t, k in lines if k is RelationKind.REPORTS_TO}
    seen, current = set(), target
    while current is not None and current not in seen:
        if current == source:
            return True
        seen.add(current)
        current = manager.get(current)
    return False


def _combo_choose(combo: QComboBox, value: Any) -> None:
    """Pick an entry as the rep does: the combo box's `activated`."""
    index = next(i for i in range(combo.count()) if combo.itemData(i) == value)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def _type_line(edit: QLineEdit, text: str) -> None:
    """Replace a line field's text and finish the edit (Enter or leaving the field)."""
    edit.setText(text)
    edit.editingFinished.emit()


class EditsUndoRedo(RuleBasedStateMachine):
    """The rep edits two accounts and their committees, undoing and redoing at will."""

    def __init__(self, folder: Path, template: Path) -> None:
        super().__init__()
        from ui.committee_map.tab import CommitteeTab
        from ui.overview_pane import OverviewPane

        shutil.copyfile(template, folder / "x.sqlite3")
        self.db: Database = open_database(folder / "x.sqlite3")
        ids = [accounts.create_account(self.db, name) for name in ACCOUNT_NAMES]
        self.accounts: dict[int, dict[str, Any]] = {
            i: {"name": n, "website": "", "industry": "", "tier": "B", "stage": "prepare",
                "notes": ""} for i, n in zip(ids, ACCOUNT_NAMES, strict=True)}
        self.people: dict[int, dict[int, dict[str, Any]]] = {i: {} for i in ids}
        self.lines: dict[int, set[Line]] = {i: set() for i in ids}
        self.account = ids[0]
        # Undo history of each pane: snapshots of the part of the model it owns.
        self.committee_undo: list[tuple[dict[int, dict[str, Any]], set[Line]]] = []
        self.committee_redo: list[tuple[dict[int, dict[str, Any]], set[Line]]] = []
        self.overview_undo: list[dict[str, Any]] = []
        self.overview_redo: list[dict[str, Any]] = []
        self.tab = CommitteeTab(self.db)
        self.overview = OverviewPane(self.db)
        self.tab.set_account(self.account)
        self.overview.set_account(self.account)

    def teardown(self) -> None:
        self.tab.scene.dispose()
        for widget in (self.tab, self.overview):
            widget.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.db.dispose()

    # --- the model's bookkeeping ------------------------------------------------------------

    @property
    def here(self) -> dict[int, dict[str, Any]]:
        return self.people[self.account]

    def _committee_snapshot(self) -> tuple[dict[int, dict[str, Any]], set[Line]]:
        return copy.deepcopy(self.here), set(self.lines[self.account])

    def _committee_edit(self) -> None:
        """Call just before the model changes for a committee edit that lands on the stack."""
        self.committee_undo.append(self._committee_snapshot())
        self.committee_redo.clear()

    def _pick(self, pick: int) -> int:
        ids = sorted(self.here)
        return ids[pick % len(ids)]

    # --- committee edits through the tab ------------------------------------------------------

    @initialize(people=st.integers(0, 5),
                links=st.lists(st.tuples(PICK, PICK, st.sampled_from(list(RelationKind))),
                               max_size=6))
    def a_committee_to_start_with(self, people: int, links: list[tuple[int, int, RelationKind]]
                                  ) -> None:
        """Some people and lines drawn first (undoable like any edit), so that deletes,
        loops and second managers come up within a few steps."""
        for _ in range(people):
            self.add_person()
        for pick, other, kind in links if people >= 2 else ():
            self.connect(pick, other, kind)

    @rule()
    def add_person(self) -> None:
        before = set(self.tab.committee.by_id) if self.tab.committee else set()
        self.tab.add_action.trigger()
        selected = self.tab.scene.selected_ids()
        assert len(selected) == 1 and selected[0] not in self.here and selected[0] not in before
        self._committee_edit()
        self.here[selected[0]] = dict(NEW_PERSON)

    @precondition(lambda self: self.here)
    @rule(pick=PICK, field=st.sampled_from(["name", "title"]), data=st.data())
    def edit_person_text(self, pick: int, field: str, data: st.DataObject) -> None:
        person = self._pick(pick)
        value = data.draw(PERSON_NAMES if field == "name" else TITLES, label="value")
        self.tab.scene.select_ids([person])
        assert self.tab.inspector.stakeholder_id == person
        _type_line(self.tab.inspector.lines[field], value)
        cleaned = _normalised(value)
        limit = 200 if field == "name" else 300
        if cleaned == self.here[person][field] or len(cleaned) > limit \
                or (field == "name" and not cleaned):
            return  # unchanged or refused: nothing stored, nothing to undo
        self._committee_edit()
        self.here[person][field] = cleaned

    @precondition(lambda self: self.here)
    @rule(pick=PICK, field=st.sampled_from(["role", "attitude", "influence"]), data=st.data())
    def edit_person_choice(self, pick: int, field: str, data: st.DataObject) -> None:
        person = self._pick(pick)
        choices = {"role": list(Role), "attitude": [None, -2, -1, 0, 1, 2],
                   "influence": list(Influence)}[field]
        value = data.draw(st.sampled_from(choices), label="value")
        self.tab.scene.select_ids([person])
        assert self.tab.inspector.stakeholder_id == person
        _combo_choose(getattr(self.tab.inspector, field), value)
        if value == self.here[person][field]:
            return
        self._committee_edit()
        self.here[person][field] = value

    @precondition(lambda self: self.here)
    @rule(picks=st.lists(PICK, min_size=1, max_size=2), to=st.lists(POSITION, min_size=2, max_size=2))
    def move_cards(self, picks: list[int], to: list[tuple[float, float]]) -> None:
        """A drag of one or two cards; the first drag also pins every card where it is shown."""
        ids = sorted({self._pick(p) for p in picks})
        shown = self.tab.scene.positions()
        moved = {}
        for person, (x, y) in zip(ids, to, strict=False):
            if shown[person] != (x, y):
                self.tab.scene.cards[person].setPos(x, y)
                moved[person] = (shown[person], (x, y))
        if not moved:
            return  # no drag happened
        self.tab.scene.cards_moved.emit(moved)
        self._committee_edit()
        for person, row in self.here.items():
            if person in moved:
                row["x"], row["y"] = moved[person][1]
            elif row["x"] is None or row["y"] is None:
                row["x"], row["y"] = shown[person]

    @precondition(lambda self: len(self.here) >= 2)
    @rule(pick=PICK, other=PICK, kind=st.sampled_from(list(RelationKind)))
    def connect(self, pick: int, other: int, kind: RelationKind) -> None:
        """The card menu's "Reports to ▸ someone" / "Influences ▸ someone"."""
        ids = sorted(self.here)
        source = ids[pick % len(ids)]
        target = [i for i in ids if i != source][other % (len(ids) - 1)]
        self.tab.connect_people(source, target, kind)
        lines = self.lines[self.account]
        refused = (source, target, kind) in lines
        if kind is RelationKind.REPORTS_TO:
            refused = refused or any(s == source and k is kind for s, _t, k in lines) \
                or _would_loop(lines, source, target)
        assert self.tab.banner.isHidden() is not refused, self.tab.banner.text()
        if refused:
            return
        self._committee_edit()
        lines.add((source, target, kind))

    @precondition(lambda self: self.here)
    @rule(picks=st.lists(PICK, max_size=2), line_picks=st.lists(PICK, max_size=2))
    def delete(self, picks: list[int], line_picks: list[int]) -> None:
        """Select cards and/or lines, then Delete: cards go with every line touching them."""
        people = {self._pick(p) for p in picks}
        ordered = sorted(self.lines[self.account])
        chosen = {ordered[p % len(ordered)] for p in line_picks} if ordered else set()
        if not people and not chosen:
            return
        scene = self.tab.scene
        scene.clearSelection()
        for person in people:
            scene.cards[person].setSelected(True)
        for item in scene.lines.values():
            if (item.line.source_id, item.line.target_id, item.line.kind) in chosen:
                item.setSelected(True)
        self.tab.delete_action.trigger()
        self._committee_edit()
        for person in people:
            del self.here[person]
        self.lines[self.account] = {
            line for line in self.lines[self.account]
            if line not in chosen and line[0] not in people and line[1] not in people}

    # --- account edits through the Overview ---------------------------------------------------

    @rule(field=st.sampled_from(["name", "industry", "tier", "stage"]), data=st.data())
    def edit_account(self, field: str, data: st.DataObject) -> None:
        row = self.accounts[self.account]
        if field in ("tier", "stage"):
            value = data.draw(st.sampled_from(["A", "B", "C"] if field == "tier"
                                              else ["prepare", "prospect", "progress", "close"]),
                              label="value")
            _combo_choose(getattr(self.overview, field), value)
            new: str | None = value
        else:
            value = data.draw(ACCOUNT_NAME_INPUT if field == "name" else INDUSTRIES, label="value")
            new = _normalised(value) if field == "name" else value.strip()
            _type_line(getattr(self.overview, field), value)
            if field == "name" and not 0 < len(new) <= 200:
                new = None  # refused: the stored name comes back into the field
        if new is None or new == row[field]:
            return  # nothing changed, so nothing to undo
        self.overview_undo.append(dict(row))
        self.overview_redo.clear()
        row[field] = new

    @rule()
    def switch_account(self) -> None:
        """Choose the other account: each pane's undo history belongs to one account."""
        self.account = next(i for i in self.accounts if i != self.account)
        self.tab.set_account(self.account)
        self.overview.set_account(self.account)
        for stack in (self.committee_undo, self.committee_redo, self.overview_undo,
                      self.overview_redo):
            stack.clear()

    # --- undo and redo on each pane's stack -----------------------------------------------------

    @precondition(lambda self: self.committee_undo)
    @rule()
    def undo_committee(self) -> None:
        assert self.tab.undo_action.isEnabled()
        self.tab.undo_action.trigger()
        self.committee_redo.append(self._committee_snapshot())
        self.people[self.account], self.lines[self.account] = self.committee_undo.pop()

    @precondition(lambda self: self.committee_redo)
    @rule()
    def redo_committee(self) -> None:
        assert self.tab.redo_action.isEnabled()
        self.tab.redo_action.trigger()
        self.committee_undo.append(self._committee_snapshot())
        self.people[self.account], self.lines[self.account] = self.committee_redo.pop()

    @precondition(lambda self: self.overview_undo)
    @rule()
    def undo_overview(self) -> None:
        assert self.overview.undo_stack.canUndo()
        self.overview.undo_stack.undo()
        self.overview_redo.append(dict(self.accounts[self.account]))
        self.accounts[self.account] = self.overview_undo.pop()

    @precondition(lambda self: self.overview_redo)
    @rule()
    def redo_overview(self) -> None:
        assert self.overview.undo_stack.canRedo()
        self.overview.undo_stack.redo()
        self.overview_undo.append(dict(self.accounts[self.account]))
        self.accounts[self.account] = self.overview_redo.pop()

    # --- what is stored and shown must match the model ------------------------------------------

    @invariant()
    def database_matches_the_model(self) -> None:
        for account_id, fields in self.accounts.items():
            stored = accounts.get_account(self.db, account_id)
            assert {f: getattr(stored, f) for f in ACCOUNT_FIELDS} == fields
            committee = load_committee(self.db, account_id)
            people = {p.id: {k: v for k, v in asdict(p).items() if k != "id"}
                      for p in committee.people}
            assert people == self.people[account_id]
            assert {(line.source_id, line.target_id, line.kind)
                    for line in committee.lines} == self.lines[account_id]
            assert len(committee.lines) == len(self.lines[account_id])

    @invariant()
    def undo_histories_match_the_model(self) -> None:
        for stack, undo, redo in ((self.tab.undo_stack, self.committee_undo, self.committee_redo),
                                  (self.overview.undo_stack, self.overview_undo,
                                   self.overview_redo)):
            assert (stack.index(), stack.count() - stack.index()) == (len(undo), len(redo)), \
                [stack.text(i) for i in range(stack.count())]

    @invariant()
    def the_panes_show_what_is_stored(self) -> None:
        scene = self.tab.scene
        assert {i: card.person.name for i, card in scene.cards.items()} == \
            {i: row["name"] for i, row in self.here.items()}
        assert {(item.line.source_id, item.line.target_id, item.line.kind)
                for item in scene.lines.values()} == self.lines[self.account]
        row = self.accounts[self.account]
        # A field may still hold the spaces the rep typed around an unchanged value.
        assert (_normalised(self.overview.name.text()), self.overview.industry.text().strip(),
                self.overview.tier.currentData(), self.overview.stage.currentData()) == \
            (row["name"], row["industry"], row["tier"], row["stage"])


SETTINGS = settings(max_examples=25, stateful_step_count=20, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow  # about 20 s: a stateful model run of many edit sequences
def test_edits_undo_and_redo_match_the_model(qtbot: Any, migrated_template: Path,
                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    del qtbot  # a QApplication, and Qt warnings fail the test
    run_state_machine_as_test(
        lambda: EditsUndoRedo(tmp_path_factory.mktemp("edit-model"), migrated_template),
        settings=SETTINGS)


def test_retyping_an_account_name_with_extra_spaces_adds_no_undo_step(qtbot: Any,
                                                                    db: Database) -> None:
    from ui.overview_pane import OverviewPane

    account_id = accounts.create_account(db, "Acme Corp")
    pane = OverviewPane(db)
    qtbot.addWidget(pane)
    pane.set_account(account_id)
    _type_line(pane.name, "  Acme   Corp ")
    assert accounts.get_account(db, account_id).name == "Acme Corp"
    assert pane.undo_stack.count() == 0, [pane.undo_stack.text(i)
                                          for i in range(pane.undo_stack.count())]
