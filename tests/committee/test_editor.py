"""The Committee tab driven as a rep would: add, move, connect, edit, delete, undo, reopen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.committee.mouse import click, drag
from workbench.committee import coverage
from workbench.committee.records import load_committee
from workbench.storage.database import open_database
from workbench.storage.models import RelationKind, Role

# The offscreen platform says this whenever a top-level widget is shown; it is not ours.


def by_name(tab, name: str) -> int:
    return next(p.id for p in tab.committee.people if p.name == name)


def center(tab, stakeholder_id: int) -> QPointF:
    return tab.scene.cards[stakeholder_id].sceneBoundingRect().center()


def near(a: QPointF, b: QPointF, tolerance: float = 3.0) -> bool:
    """Mouse positions are whole pixels on a zoomed view: allow a few scene units."""
    return abs(a.x() - b.x()) <= tolerance and abs(a.y() - b.y()) <= tolerance


def stored(db, account_id):
    return load_committee(db, account_id)


def test_no_account_shows_a_prompt(qtbot, db) -> None:
    from ui.committee_map.tab import CommitteeTab

    widget = CommitteeTab(db)
    qtbot.addWidget(widget)
    assert widget.pages.currentWidget() is widget.empty_label
    assert "Choose an account" in widget.empty_label.text()
    assert widget.undo_stack is not None


def test_the_demo_map_shows_every_card_and_both_kinds_of_line(tab) -> None:
    assert len(tab.scene.cards) == 14
    kinds = {item.line.kind for item in tab.scene.lines.values()}
    assert kinds == {RelationKind.REPORTS_TO, RelationKind.INFLUENCES}
    dana, marcus = by_name(tab, "Dana Whitfield"), by_name(tab, "Marcus Oyelaran")
    # The org chart: the CEO above the COO who reports to her.
    assert tab.scene.cards[dana].pos().y() < tab.scene.cards[marcus].pos().y()
    assert tab.coverage_panel.bar.value() == 100


def test_add_then_name_in_the_inspector_then_undo_and_redo(qtbot, tab, db) -> None:
    tab.add_action.trigger()
    assert len(tab.scene.cards) == 15
    new_id = tab.scene.selected_ids()[0]
    name_edit = tab.inspector.lines["name"]
    assert name_edit.text() == "New person"
    name_edit.selectAll()
    qtbot.keyClicks(name_edit, "Nadia Chen")
    qtbot.keyClick(name_edit, Qt.Key.Key_Return)
    assert tab.scene.cards[new_id].person.name == "Nadia Chen"
    assert any(p.name == "Nadia Chen" for p in stored(db, tab.account_id).people)

    tab.undo_stack.undo()
    assert tab.scene.cards[new_id].person.name == "New person"
    tab.undo_stack.undo()
    assert new_id not in tab.scene.cards and len(stored(db, tab.account_id).people) == 14
    tab.undo_stack.redo()
    tab.undo_stack.redo()
    assert tab.scene.cards[new_id].person.name == "Nadia Chen"


def test_a_drag_is_one_undo_step_and_lines_follow(tab, db) -> None:
    elena = by_name(tab, "Elena Brandt")
    card = tab.scene.cards[elena]
    start = card.pos()
    touching = list(card.lines)
    paths_before = [line.path().boundingRect() for line in touching]
    depth = tab.undo_stack.count()
    drag(tab.view, center(tab, elena), center(tab, elena) + QPointF(150, 90))
    dropped = card.pos()
    assert near(dropped, start + QPointF(150, 90))
    assert tab.undo_stack.count() == depth + 1
    assert tab.undo_stack.undoText() == "Move 1 card"  # one card dragged, however many pinned
    assert [line.path().boundingRect() for line in touching] != paths_before
    moved = stored(db, tab.account_id).by_id[elena]
    assert (moved.x, moved.y) == (dropped.x(), dropped.y())
    # Other cards stay where the layout showed them (pinned, not re-flowed).
    dana = by_name(tab, "Dana Whitfield")
    assert stored(db, tab.account_id).by_id[dana].x == tab.scene.cards[dana].pos().x()

    tab.undo_stack.undo()
    assert card.pos() == start
    tab.undo_stack.redo()
    assert card.pos() == dropped


def test_connect_by_dragging_from_the_handle(tab, db) -> None:
    linda, sam = by_name(tab, "Linda Okafor"), by_name(tab, "Sam Reyes")
    tab.line_kind.setCurrentIndex(tab.line_kind.findData(RelationKind.INFLUENCES))
    tab.scene.select_ids([linda])  # the + handle shows on the selected card
    handle = tab.scene.cards[linda].mapToScene(tab.scene.cards[linda].handle_center())
    before = len(tab.scene.lines)
    drag(tab.view, handle, center(tab, sam))
    assert len(tab.scene.lines) == before + 1
    assert any(line.source_id == linda and line.target_id == sam
               and line.kind is RelationKind.INFLUENCES for line in stored(db, tab.account_id).lines)
    tab.undo_stack.undo()
    assert len(tab.scene.lines) == before


def test_a_reporting_loop_is_refused_with_a_message(tab, db) -> None:
    dana, jae = by_name(tab, "Dana Whitfield"), by_name(tab, "Jae-won Park")
    dana_manager = [line for line in stored(db, tab.account_id).lines
                    if line.source_id == dana and line.kind is RelationKind.REPORTS_TO]
    assert dana_manager == []
    depth = tab.undo_stack.count()
    tab.connect_people(dana, jae, RelationKind.REPORTS_TO)  # the menu's "Reports to ▸ Jae-won"
    assert tab.undo_stack.count() == depth
    assert tab.banner.isVisible() and "cannot report to" in tab.banner.text()


def test_connect_from_the_card_menu(tab, db) -> None:
    linda, tomasz = by_name(tab, "Linda Okafor"), by_name(tab, "Tomasz Kowal")
    menu = tab.context_menu(linda)
    influences = next(a.menu() for a in menu.actions() if a.text() == "Influences")
    next(a for a in influences.actions() if a.text() == "Tomasz Kowal").trigger()
    assert any(line.source_id == linda and line.target_id == tomasz
               for line in stored(db, tab.account_id).lines)
    menu.deleteLater()


def test_edit_role_attitude_and_contact_in_the_inspector(tab, db) -> None:
    priya = by_name(tab, "Priya Raman")
    tab.scene.select_ids([priya])
    role = tab.inspector.role
    index = role.findData(Role.INFLUENCER)
    role.setCurrentIndex(index)
    role.activated.emit(index)
    attitude = tab.inspector.attitude
    attitude.setCurrentIndex(attitude.findData(1))
    attitude.activated.emit(attitude.currentIndex())
    tab.inspector.today_button.click()
    person = stored(db, tab.account_id).by_id[priya]
    assert (person.role, person.attitude, person.last_contact) == (Role.INFLUENCER, 1, date.today())
    assert tab.scene.cards[priya].person.role is Role.INFLUENCER
    tab.undo_stack.undo()
    tab.undo_stack.undo()
    tab.undo_stack.undo()
    person = stored(db, tab.account_id).by_id[priya]
    assert (person.role, person.attitude, person.last_contact) == (Role.BLOCKER, -1, None)
    assert role.currentData() == Role.BLOCKER  # the inspector follows undo


def test_notes_commit_when_leaving_the_field(qtbot, tab, db) -> None:
    priya = by_name(tab, "Priya Raman")
    tab.scene.select_ids([priya])
    plan = tab.inspector.texts["plan"]
    plan.setFocus()
    qtbot.keyClicks(plan, "Ask Marcus to walk her through the payback model.")
    tab.inspector.lines["name"].setFocus()
    QApplication.processEvents()
    assert stored(db, tab.account_id).by_id[priya].plan.startswith("Ask Marcus")
    assert coverage.UNPLANNED_OPPONENT not in tab.coverage_panel.flag_codes()


def test_delete_key_removes_cards_with_their_lines_and_undo_restores(qtbot, tab, db) -> None:
    marcus = by_name(tab, "Marcus Oyelaran")
    before = stored(db, tab.account_id)
    click(tab.view, center(tab, marcus))
    assert tab.scene.selected_ids() == [marcus]
    tab.view.setFocus()
    qtbot.keyClick(tab.view.viewport(), Qt.Key.Key_Delete)
    after = stored(db, tab.account_id)
    assert marcus not in after.by_id
    assert all(marcus not in (line.source_id, line.target_id) for line in after.lines)
    assert len(tab.scene.cards) == 13
    tab.undo_stack.undo()
    assert stored(db, tab.account_id) == before
    assert len(tab.scene.lines) == len(before.lines)


def test_multi_select_and_move_together(tab) -> None:
    sam, jae = by_name(tab, "Sam Reyes"), by_name(tab, "Jae-won Park")
    click(tab.view, center(tab, sam))
    click(tab.view, center(tab, jae), Qt.KeyboardModifier.ControlModifier)
    assert tab.scene.selected_ids() == sorted([sam, jae])
    assert "2 people selected" in tab.inspector.placeholder.text()
    start = {i: tab.scene.cards[i].pos() for i in (sam, jae)}
    drag(tab.view, center(tab, jae), center(tab, jae) + QPointF(0, 120))
    assert all(near(tab.scene.cards[i].pos(), start[i] + QPointF(0, 120)) for i in (sam, jae))
    tab.undo_stack.undo()  # one step for both
    assert all(tab.scene.cards[i].pos() == start[i] for i in (sam, jae))


def test_keyboard_moves_between_cards(qtbot, tab) -> None:
    dana, marcus = by_name(tab, "Dana Whitfield"), by_name(tab, "Marcus Oyelaran")
    tab.scene.select_ids([dana])
    tab.view.setFocus()
    qtbot.keyClick(tab.view.viewport(), Qt.Key.Key_Down)
    below = tab.scene.selected_ids()
    assert len(below) == 1 and tab.scene.cards[below[0]].pos().y() > tab.scene.cards[dana].pos().y()
    tab.scene.select_ids([marcus])
    qtbot.keyClick(tab.view.viewport(), Qt.Key.Key_Right)
    assert tab.scene.selected_ids() == [by_name(tab, "Priya Raman")]


def test_ctrl_wheel_zooms_and_fit_shows_everything(tab) -> None:
    tab.view.fit_all()
    fitted = tab.view.zoom
    viewport = tab.view.viewport()
    event = QWheelEvent(QPointF(200, 200), QPointF(viewport.mapToGlobal(QPoint(200, 200))),
                        QPoint(0, 0), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)
    assert tab.view.zoom > fitted * 1.2
    tab.fit_action.trigger()
    assert abs(tab.view.zoom - fitted) < 1e-6
    visible = tab.view.mapToScene(tab.view.viewport().rect()).boundingRect()
    assert visible.contains(tab.scene.itemsBoundingRect())


def test_clicking_a_flag_selects_its_people(qtbot, tab) -> None:
    panel = tab.coverage_panel
    row = panel.flag_codes().index(coverage.NEVER_CONTACTED)
    index = panel.model.index(row, 0)
    rect = panel.flags.visualRect(index)
    qtbot.mouseClick(panel.flags.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    names = {tab.scene.cards[i].person.name for i in tab.scene.selected_ids()}
    never = {p.name for p in tab.committee.people if p.last_contact is None}
    assert "Linda Okafor" in never and names == never


def test_required_roles_change_coverage_and_undo(tab, db) -> None:
    panel = tab.coverage_panel
    panel.role_actions[Role.GATEKEEPER].trigger()  # also require a gatekeeper: filled (Linda)
    panel.role_actions[Role.USER].trigger()
    assert stored(db, tab.account_id).required_roles_text  # no longer the defaults
    assert Role.GATEKEEPER in panel.coverage.required_roles
    assert Role.USER not in panel.coverage.required_roles
    tab.undo_stack.undo()
    tab.undo_stack.undo()
    assert stored(db, tab.account_id).required_roles_text == ""


def test_auto_layout_is_one_step_and_keeps_positions_until_asked(tab, db) -> None:
    elena = by_name(tab, "Elena Brandt")
    drag(tab.view, center(tab, elena), center(tab, elena) + QPointF(400, 0))
    moved = tab.scene.cards[elena].pos()
    tab.add_action.trigger()  # a new card does not disturb the rep's positions
    assert tab.scene.cards[elena].pos() == moved
    tab.layout_action.trigger()
    assert tab.scene.cards[elena].pos() != moved
    tab.undo_stack.undo()
    assert tab.scene.cards[elena].pos() == moved


def test_reopening_the_database_finds_everything_where_it_was(qtbot, tab, db, db_target) -> None:
    from ui.committee_map.tab import CommitteeTab

    elena, linda = by_name(tab, "Elena Brandt"), by_name(tab, "Linda Okafor")
    drag(tab.view, center(tab, elena), center(tab, elena) + QPointF(-60, 200))
    tab.connect_people(linda, elena, RelationKind.INFLUENCES)
    tab.scene.select_ids([linda])
    tab.inspector.lines["title"].setText("Head of Procurement")
    tab.inspector.lines["title"].editingFinished.emit()
    positions = tab.scene.positions()
    lines = {(i.line.source_id, i.line.target_id, i.line.kind) for i in tab.scene.lines.values()}
    account_id = tab.account_id

    again = open_database(db_target)
    try:
        reopened = CommitteeTab(again, today=tab.today)
        qtbot.addWidget(reopened)
        reopened.set_account(account_id)
        assert reopened.scene.positions() == positions
        assert {(i.line.source_id, i.line.target_id, i.line.kind)
                for i in reopened.scene.lines.values()} == lines
        assert reopened.scene.cards[linda].person.title == "Head of Procurement"
        reopened.scene.dispose()
    finally:
        again.dispose()


def test_add_from_research_keeps_where_they_were_found(tab, db) -> None:
    from workbench.committee import stakeholders as service
    from workbench.storage.models import FoundPerson

    # The demo's found people are all on the map already, so the menu offers none of them.
    assert service.found_people(db, tab.account_id) == []
    with db.session() as session:
        session.add(FoundPerson(account_id=tab.account_id, name="Nora Vance",
                                title="Head of Customer Success",
                                source_url="https://harborlane.example/team"))
    [(found_id, name, _title, page)] = service.found_people(db, tab.account_id)
    tab.research_menu.aboutToShow.emit()
    action = next(a for a in tab.research_menu.actions() if a.text().startswith(name))
    action.trigger()
    new_id = tab.scene.selected_ids()[0]
    assert tab.scene.cards[new_id].person.origin == page
    tab.undo_stack.undo()
    assert new_id not in tab.scene.cards
    assert found_id in [f[0] for f in service.found_people(db, tab.account_id)]


def test_import_preview_then_one_undoable_step(qtbot, tab, db, tmp_path) -> None:
    from ui.committee_map.import_dialog import ImportDialog, import_preview
    from workbench.committee import importing

    path = tmp_path / "contacts.csv"
    path.write_text("Name,Title,Email\nNora Vance,Head of CS,nora@harborlane.example\n"
                    "Elena Brandt,Director,elena.brandt@harborlane.example\n,No name,\n",
                    encoding="utf-8")
    preview = importing.preview_file(db, tab.account_id, path)
    dialog = ImportDialog(preview, tab)
    qtbot.addWidget(dialog)
    outcomes = [dialog.model.index(r, 5).data() for r in range(dialog.model.rowCount())]
    assert outcomes[0] == "added"
    assert outcomes[1].startswith("skipped: same email as Elena Brandt")
    assert outcomes[2].startswith("skipped:") and "name" in outcomes[2]
    from PySide6.QtWidgets import QDialogButtonBox

    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Import 1 person"
    dialog.duplicates.setChecked(True)
    assert ok.text() == "Import 2 people"
    dialog.duplicates.setChecked(False)
    count = len(tab.scene.cards)
    assert import_preview(tab, preview, dialog.include_duplicates)
    assert len(tab.scene.cards) == count + 1
    tab.undo_stack.undo()
    assert len(tab.scene.cards) == count
    tab.undo_stack.redo()
    assert any(p.name == "Nora Vance" and p.origin == "import: contacts.csv"
               for p in stored(db, tab.account_id).people)


def test_click_a_line_and_delete_it_then_undo(qtbot, tab, db) -> None:
    sam, tomasz = by_name(tab, "Sam Reyes"), by_name(tab, "Tomasz Kowal")
    item = next(i for i in tab.scene.lines.values() if i.line.source_id == sam
                and i.line.target_id == tomasz and i.line.kind is RelationKind.REPORTS_TO)
    path = item.path()
    on_line = path.pointAtPercent(0.25)
    click(tab.view, on_line)
    assert tab.scene.selected_line_ids() == [item.line_id]
    tab.view.setFocus()
    qtbot.keyClick(tab.view.viewport(), Qt.Key.Key_Delete)
    assert item.line_id not in {line.id for line in stored(db, tab.account_id).lines}
    assert sam in tab.scene.cards and tomasz in tab.scene.cards  # only the line went
    tab.undo_stack.undo()
    assert item.line_id in {line.id for line in stored(db, tab.account_id).lines}


def test_a_map_opens_at_a_zoom_where_cards_can_be_read(tab) -> None:
    from ui.committee_map.view import READABLE_ZOOM

    assert tab.view.zoom >= READABLE_ZOOM - 1e-6
    # The top of the hierarchy (the CEO's card) is on screen.
    dana = tab.scene.cards[by_name(tab, "Dana Whitfield")]
    visible = tab.view.mapToScene(tab.view.viewport().rect()).boundingRect()
    assert visible.intersects(dana.sceneBoundingRect())
