"""The Committee tab: the map, the inspector and the coverage panel, wired to undo.

Every user action becomes one command on `undo_stack` (see `commands.py`);
each command writes through the core and then `refresh()` re-reads the
committee, so what is shown is always what is stored.

Signals:
    status_message(str): a line for the main window's status bar.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import conflicts
from ui.committee_map import commands, export
from ui.committee_map.coverage_panel import CoveragePanel
from ui.committee_map.inspector import Inspector
from ui.committee_map.scene import CommitteeScene
from ui.committee_map.view import MapView
from ui.documents import documents_dir
from ui.jobs import JobRunner
from ui.pane import PaneMixin
from ui.splitter_memory import remember
from workbench import errors
from workbench.committee import coverage, layout
from workbench.committee import stakeholders as service
from workbench.committee.records import Committee, load_committee
from workbench.safety.drafts import DraftStore
from workbench.storage.database import Database
from workbench.vocabulary import RelationKind
from workbench.workbook.changes import COMMITTEE

EXPORTS = {"png": ("PNG image", export.export_png), "svg": ("SVG drawing", export.export_svg),
           "pdf": ("PDF document", export.export_pdf)}


class CommitteeTab(PaneMixin, QWidget):
    """The buying-committee map editor for one account (signals in the module docstring)."""

    status_message = Signal(str)
    SHOWS = (COMMITTEE,)

    def __init__(self, db: Database, parent: QWidget | None = None,
                 today: date | None = None, *, runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.init_pane(db, runner)
        self.account_id: int | None = None
        self.today = today or date.today()
        self.committee: Committee | None = None
        self.undo_stack: QUndoStack | None = QUndoStack(self)
        self.scene = CommitteeScene(today=self.today, parent=self)
        self.view = MapView(self.scene, self)
        self.inspector = Inspector(self)
        if db.path is not None:
            self.inspector.use_drafts(DraftStore.for_database(db.path))
        self.coverage_panel = CoveragePanel(self)
        self._build()
        self._connect()
        self.set_account(None)

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.toolbar = QToolBar(self)
        self.add_action = self._action("Add person", self.on_add_clicked, "Ctrl+Shift+N")
        self.research_button = QToolButton(self)
        self.research_button.setText("Add from research")
        self.research_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.research_menu = QMenu(self.research_button)
        self.research_menu.aboutToShow.connect(self.on_research_menu_shown)
        self.research_button.setMenu(self.research_menu)
        self.import_action = self._action("Import…", self.on_import_clicked)
        self.delete_action = self._action("Delete", self.on_delete_requested)
        self.layout_action = self._action("Auto layout", self.on_layout_clicked)
        self.fit_action = self._action("Fit", self.view.fit_all, "Ctrl+0")
        self.zoom_in_action = self._action("Zoom in", self.view.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self.zoom_out_action = self._action("Zoom out", self.view.zoom_out,
                                            QKeySequence.StandardKey.ZoomOut)
        self.line_kind = QComboBox(self)
        self.line_kind.setToolTip("The kind of line drawn by dragging from a card's + handle")
        self.line_kind.addItem("New line: reports to", RelationKind.REPORTS_TO)
        self.line_kind.addItem("New line: influences", RelationKind.INFLUENCES)
        self.export_button = QToolButton(self)
        self.export_button.setText("Export")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        for fmt, (label, _) in EXPORTS.items():
            export_menu.addAction(f"{label}…", lambda f=fmt: self.on_export_clicked(f))
        self.export_button.setMenu(export_menu)
        assert self.undo_stack is not None
        # Toolbar buttons only: Ctrl+Z / Ctrl+Shift+Z belong to the main window's Edit
        # menu, which undoes on the active tab's stack (two owners would be ambiguous).
        self.undo_action = self.undo_stack.createUndoAction(self, "Undo")
        self.redo_action = self.undo_stack.createRedoAction(self, "Redo")
        tb = self.toolbar
        tb.addAction(self.add_action)
        tb.addWidget(self.research_button)
        tb.addAction(self.import_action)
        tb.addAction(self.delete_action)
        tb.addSeparator()
        tb.addWidget(self.line_kind)
        tb.addSeparator()
        tb.addAction(self.layout_action)
        tb.addAction(self.fit_action)
        tb.addAction(self.zoom_in_action)
        tb.addAction(self.zoom_out_action)
        tb.addSeparator()
        tb.addAction(self.undo_action)
        tb.addAction(self.redo_action)
        tb.addWidget(self.export_button)

        side = QSplitter(Qt.Orientation.Vertical, self)
        side.addWidget(self.inspector)
        side.addWidget(self.coverage_panel)
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 2)
        side.setSizes([520, 380])
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 340])
        remember(side, "committee/side")
        remember(self.splitter, "committee/main")

        self.empty_label = QLabel("Choose an account to see its buying committee.", self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty_label)
        editor = QWidget(self)
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.toolbar)
        # Refused edits say why here, without a modal dialog in the middle of a drag.
        self.banner = QLabel(self)
        self.banner.setObjectName("committee_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fdecea; color: #8a1c12; padding: 4px")
        self.banner.hide()
        editor_layout.addWidget(self.banner)
        editor_layout.addWidget(self.splitter, 1)
        self.pages.addWidget(editor)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

    def _action(self, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        return action

    def _connect(self) -> None:
        self.scene.selectionChanged.connect(self.on_selection_changed)
        self.scene.cards_moved.connect(self.on_cards_moved)
        self.scene.connect_requested.connect(self.on_connect_requested)
        self.scene.context_requested.connect(self.on_context_requested)
        self.view.delete_requested.connect(self.on_delete_requested)
        self.view.activate_requested.connect(lambda _id: self.inspector.focus_name())
        self.view.zoom_changed.connect(
            lambda z: self.status_message.emit(f"Zoom {round(z * 100)}%"))
        self.inspector.edit_requested.connect(self.on_edit_requested)
        self.inspector.log_touch_requested.connect(self.on_log_touch_requested)
        self.coverage_panel.flag_activated.connect(self.on_flag_activated)
        self.coverage_panel.required_roles_changed.connect(self.on_required_roles_changed)

    # -- the account -----------------------------------------------------------------------
    def set_account(self, account_id: int | None) -> None:
        """Show this account's committee, or "choose an account" for None."""
        assert self.undo_stack is not None
        if account_id != self.account_id:
            self.undo_stack.clear()  # undo history belongs to one account's map
        self.account_id = account_id
        if account_id is None:
            self.committee = None
            self.scene.sync(Committee(account_id=0, account_name=""))
            self.pages.setCurrentIndex(0)
            self.coverage_panel.show_coverage(None)
            return
        self.pages.setCurrentIndex(1)
        self.refresh()
        self.view.open_map()

    def refresh(self) -> None:
        """Re-read the committee and bring the map, inspector and coverage in step."""
        if self.account_id is None:
            return
        try:
            self.committee = load_committee(self.db, self.account_id)
        except errors.KnownError as exc:
            self.report(str(exc))
            return
        self.scene.sync(self.committee)
        self.coverage_panel.show_coverage(coverage.assess(
            self.committee.people, self.committee.lines,
            coverage.parse_required_roles(self.committee.required_roles_text), self.today))
        self.on_selection_changed()

    def report(self, message: str) -> None:
        self.status_message.emit(message)

    def flush(self) -> None:
        """Save a field the rep is still typing in (before an outside change is shown)."""
        self.inspector.flush()

    def _run(self, command: commands.MapCommand) -> bool:
        """Run and stack one command; a refused edit shows its message and changes nothing."""
        assert self.undo_stack is not None
        try:
            commands.push(self.undo_stack, command)
        except errors.Conflict as clash:
            return self._resolve(command, clash)
        except errors.KnownError as exc:
            self.report(str(exc))
            self.banner.setText(f"Not changed: {exc}")
            self.banner.show()
            self.refresh()
            self._reload_inspector(force=True)
            return False
        self.banner.hide()
        self.status_message.emit(f"{command.text()}: saved.")
        return True

    # -- slots -----------------------------------------------------------------------------
    def on_selection_changed(self) -> None:
        self._reload_inspector()
        ids = self.scene.selected_ids()
        self.delete_action.setEnabled(bool(ids or self.scene.selected_line_ids()))

    def _reload_inspector(self, force: bool = False) -> None:
        ids = self.scene.selected_ids()
        if len(ids) != 1:
            note = f"{len(ids)} people selected." if ids else ""
            self.inspector.show_person(None, note=note)
            return
        try:
            values = service.get_values(self.db, ids[0])
        except errors.KnownError:
            self.inspector.show_person(None)
            return
        self.inspector.show_person(values, ids[0], force=force)

    def on_log_touch_requested(self, stakeholder_id: int) -> None:
        """A logged touch moves the person's last contact: the card and coverage follow."""
        from ui.campaigns.log_action import ask_and_log

        name = next((p.name for p in self.committee.people if p.id == stakeholder_id), "") \
            if self.committee is not None else ""
        try:
            changes = ask_and_log(self, self.book, stakeholder_id, name, runner=self.runner)
        except errors.KnownError as exc:
            self.report(str(exc))
            return
        if changes is not None:
            self.publish(changes)  # the Campaigns tab and Today's touches hear of it
            self.refresh()
            self._reload_inspector(force=True)
            self.status_message.emit(f"Touch with {name} logged.")

    def on_add_clicked(self) -> None:
        if self.account_id is None:
            return
        command = commands.AddPerson(self, "New person")
        if self._run(command) and command.stakeholder_id is not None:
            self.scene.select_ids([command.stakeholder_id])
            self.view.ensureVisible(self.scene.cards[command.stakeholder_id])
            self.inspector.focus_name()

    def add_found(self, found_person_id: int, name: str) -> None:
        command = commands.AddPerson(self, name, found_person_id=found_person_id)
        if self._run(command) and command.stakeholder_id is not None:
            self.scene.select_ids([command.stakeholder_id])

    def on_research_menu_shown(self) -> None:
        self.research_menu.clear()
        people = service.found_people(self.db, self.account_id) if self.account_id else []
        if not people:
            self.research_menu.addAction("No people from research left to add").setEnabled(False)
        for found_id, name, title, page in people:
            action = self.research_menu.addAction(f"{name} — {title}" if title else name)
            action.setToolTip(page)
            action.triggered.connect(lambda _c=False, i=found_id, n=name: self.add_found(i, n))

    def on_import_clicked(self) -> None:
        if self.account_id is None:
            return
        from ui.committee_map.import_dialog import choose_and_import

        choose_and_import(self)

    def on_delete_requested(self) -> None:
        ids, line_ids = self.scene.selected_ids(), self.scene.selected_line_ids()
        if ids or line_ids:
            self._run(commands.Delete(self, ids, line_ids))

    def on_cards_moved(self, moved: dict[int, Any]) -> None:
        before = {i: old for i, (old, _new) in moved.items()}
        after = {i: new for i, (_old, new) in moved.items()}
        # The first drag on a computed layout pins every card where it is shown, so the
        # others do not jump to the rows for unplaced people.
        if self.committee is not None:
            for person in self.committee.people:
                if person.id not in after and (person.x is None or person.y is None):
                    card = self.scene.cards.get(person.id)
                    if card is not None:
                        before[person.id] = (None, None)
                        after[person.id] = (card.pos().x(), card.pos().y())
            for person in self.committee.people:
                if person.id in moved and (person.x is None or person.y is None):
                    before[person.id] = (None, None)
        self._run(commands.MovePeople(self, before, after, dragged=len(moved)))

    def on_connect_requested(self, source_id: int, target_id: int) -> None:
        self.connect_people(source_id, target_id, self.line_kind.currentData())

    def connect_people(self, source_id: int, target_id: int, kind: RelationKind) -> None:
        self._run(commands.Connect(self, source_id, target_id, RelationKind(kind)))

    def on_context_requested(self, stakeholder_id: int, where: QPoint) -> None:
        self.context_menu(stakeholder_id).exec(where)

    def context_menu(self, stakeholder_id: int) -> QMenu:
        """The card's menu: edit, connect to someone (reports to / influences), delete."""
        menu = QMenu(self)
        menu.addAction("Edit", self.inspector.focus_name)
        others = [p for p in (self.committee.people if self.committee else ())
                  if p.id != stakeholder_id]
        for kind, label in ((RelationKind.REPORTS_TO, "Reports to"),
                            (RelationKind.INFLUENCES, "Influences")):
            sub = menu.addMenu(label)
            sub.setEnabled(bool(others))
            for other in sorted(others, key=lambda p: p.name.casefold()):
                sub.addAction(other.name, lambda o=other.id, k=kind:
                              self.connect_people(stakeholder_id, o, k))
        menu.addSeparator()
        menu.addAction("Delete", self.on_delete_requested)
        return menu

    def on_edit_requested(self, stakeholder_id: int, field: str, value: Any) -> None:
        # An edit typed into the inspector is compared with what the inspector showed;
        # one asked for otherwise (a script, a benchmark) has nothing shown to compare.
        request = self.inspector.last_request
        shown = request is not None and request[:2] == (stakeholder_id, field)
        self._run(commands.EditField(self, stakeholder_id, field, value,
                                     expected=request[2] if request and shown else None,
                                     check=shown))

    def _resolve(self, command: commands.MapCommand, clash: errors.Conflict) -> bool:
        """Someone else changed this person's field since it was shown: ask which stays."""
        if (isinstance(command, commands.EditField)
                and conflicts.resolve(self, clash) == conflicts.KEEP_MINE):
            theirs = clash.theirs.get(command.field)
            return self._run(commands.EditField(self, command.stakeholder_id, command.field,
                                                command.value, expected=theirs, check=True))
        self.refresh()
        self._reload_inspector(force=True)
        self.status_message.emit("Kept the version saved elsewhere.")
        return False

    def on_layout_clicked(self) -> None:
        if not self.committee or not self.committee.people:
            return
        new = layout.org_chart(self.committee.people, self.committee.lines)
        before = {p.id: (p.x, p.y) for p in self.committee.people}
        self._run(commands.MovePeople(self, before, dict(new), text="Auto layout"))
        self.view.fit_all()

    def on_flag_activated(self, ids: list[int]) -> None:
        self.scene.select_ids(ids)
        if ids and ids[0] in self.scene.cards:
            self.view.ensureVisible(self.scene.cards[ids[0]], 40, 40)

    def on_required_roles_changed(self, text: str) -> None:
        if self.account_id is not None:
            self._run(commands.SetRequiredRoles(self, text))

    def on_export_clicked(self, fmt: str) -> None:
        if self.account_id is None or self.committee is None:
            return
        label = EXPORTS[fmt][0]
        name = f"{self.committee.account_name or 'committee'} committee.{fmt}"
        path, _ = QFileDialog.getSaveFileName(self, f"Export the map as {label}",
                                              str(documents_dir() / name),
                                              f"{label} (*.{fmt})")
        if path:
            self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: str) -> bool:
        """Write the map to `path` as png, svg or pdf; reports the outcome."""
        if self.account_id is None:
            return False
        try:
            EXPORTS[fmt][1](self.db, self.account_id, path)
        except errors.KnownError as exc:
            self.report(str(exc))
            return False
        self.status_message.emit(f"Map exported to {path}.")
        return True
