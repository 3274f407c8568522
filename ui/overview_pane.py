"""The Overview tab: the account's own fields, edited in place and saved as typed, and its facts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import conflicts
from ui.fact_pick_menu import show_fact_menu
from ui.links import LinkColumnProxy, add_open_action, make_view_links
from ui.pane import PaneMixin
from ui.records_model import RecordsModel
from ui.safety.draft_guard import DraftGuard
from ui.undo import WriteCommand
from workbench import errors
from workbench.contact_links import link_for, web_link
from workbench.overview import AccountOverview, FactView
from workbench.safety.drafts import DraftStore
from workbench.storage.database import Database
from workbench.vocabulary import Stage, Tier
from workbench.workbook import Changes
from workbench.workbook.changes import ACCOUNT, NOTES, RESEARCH

NOTES_SAVE_DELAY_MS = 600
# Steady typing is saved at least this often: the pause timer alone restarts with every
# keystroke and would wait for the rep to stop.
NOTES_MAX_WAIT_MS = 3000


class SetFieldCommand(WriteCommand):
    """One edit of one account field; undo writes the old value back."""

    def __init__(self, pane: OverviewPane, account_id: int, field: str, old: Any, new: Any):
        # The edit was saved before the command was pushed.
        super().__init__(f"Change {field}", pane, done=True)
        self.account_id, self.field = account_id, field
        self.old, self.new = old, new

    def redo_write(self) -> Changes:
        return self.pane.write_field(self.account_id, self.field, self.new)

    def undo_write(self) -> Changes:
        return self.pane.write_field(self.account_id, self.field, self.old)


def _fact_value(fact: FactView) -> str:
    others = len(fact.alternatives)
    mark = " ✓" if fact.picked else ""
    return fact.value + mark + (f"  (+{others} other{'s' if others > 1 else ''})" if others else "")


def _fact_tooltip(fact: FactView) -> str:
    lines = [f"{fact.value}: from {fact.reason or 'research'} ({fact.source_url})"]
    lines += [f"also: {value} ({url})" for value, url in fact.alternatives[:8]]
    if fact.alternatives:
        lines.append("Right-click to use another value.")
    return "\n".join(lines)


class OverviewPane(PaneMixin, QWidget):
    """Name, website, industry, tier, stage and notes of one account, plus found facts.

    Signals:
        account_changed(int): an account's listed fields changed (the list refreshes it).
        status_message(str): a short note for the status bar.
        error(object): an exception the window should report.
    """

    account_changed = Signal(int)
    status_message = Signal(str)
    error = Signal(object)
    SHOWS = (ACCOUNT, NOTES, RESEARCH)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.init_pane(db)
        self.account_id: int | None = None
        self.undo_stack = QUndoStack(self)
        self._shown: dict[str, Any] = {}
        self._loading = False

        self.name = QLineEdit(objectName="name")
        self.website = QLineEdit(objectName="website", placeholderText="example.com")
        self.domain = QLabel(objectName="domain")
        self.domain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.industry = QLineEdit(objectName="industry")
        self.tier = QComboBox(objectName="tier")
        for tier in Tier:
            self.tier.addItem(f"Tier {tier.value}", tier.value)
        self.stage = QComboBox(objectName="stage")
        for stage in Stage:
            self.stage.addItem(stage.value.capitalize(), stage.value)
        self.notes = QPlainTextEdit(objectName="notes")
        self.notes.setPlaceholderText("What you know about this account: situation, pains, "
                                      "history, next steps. Saved as you type.")
        self.summary = QLabel(objectName="summary", wordWrap=True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Website", self.website)
        add_open_action(self.website, web_link, "Open the website in the browser")
        form.addRow("Domain", self.domain)
        form.addRow("&Industry", self.industry)
        form.addRow("&Tier", self.tier)
        form.addRow("&Stage", self.stage)
        form.addRow("N&otes", self.notes)

        self.facts_model: RecordsModel[Any] = RecordsModel(
            [("Fact", lambda f: f.kind.replace("_", " ").capitalize()),
             ("Value", _fact_value), ("Source", lambda f: f.source_url)],
            self, tooltip=_fact_tooltip)
        self.facts = QTableView(objectName="facts")
        # Email, phone and web facts are links: a click opens them, right-click copies.
        self.facts_links = LinkColumnProxy(
            1, lambda index: link_for(self.facts_model.record(index.row()).kind,
                                      self.facts_model.record(index.row()).value), self)
        self.facts_links.setSourceModel(self.facts_model)
        self.facts.setModel(self.facts_links)
        make_view_links(self.facts, self.facts_links)
        self.facts.verticalHeader().hide()
        self.facts.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.facts.setWordWrap(False)
        self.facts.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.facts.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        # Right-click a fact to use another value research found (kept across refreshes).
        self.facts.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.facts.customContextMenuRequested.connect(self.on_facts_menu)
        self._facts: list[Any] = []
        facts_box = QGroupBox("Facts found by research")
        facts_layout = QVBoxLayout(facts_box)
        facts_layout.addWidget(self.facts)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form, 3)
        layout.addWidget(facts_box, 2)

        # Notes are saved to the database after a pause in typing; the draft guard also
        # keeps them in a side file, so text typed while the database could not be
        # written (locked, disk full) or just before a crash is offered again.
        self.drafts = (DraftGuard(DraftStore.for_database(db.path), self.notes)
                       if db.path is not None else None)
        self._notes_timer = QTimer(self, singleShot=True, interval=NOTES_SAVE_DELAY_MS)
        self._notes_timer.timeout.connect(self.on_notes_idle)
        self._notes_deadline = QTimer(self, singleShot=True, interval=NOTES_MAX_WAIT_MS)
        self._notes_deadline.timeout.connect(self.on_notes_idle)
        for field, edit in (("name", self.name), ("website", self.website),
                            ("industry", self.industry)):
            edit.editingFinished.connect(lambda f=field, e=edit: self.on_text_edited(f, e.text()))
        self.tier.activated.connect(lambda _i: self.on_choice("tier", self.tier.currentData()))
        self.stage.activated.connect(lambda _i: self.on_choice("stage", self.stage.currentData()))
        self.notes.textChanged.connect(self.on_notes_changed)
        if db.read_only:  # the banner says why; fields that cannot save do not invite typing
            for edit in (self.name, self.website, self.industry):
                edit.setReadOnly(True)
            self.notes.setReadOnly(True)
            self.tier.setEnabled(False)
            self.stage.setEnabled(False)
        self.set_account(None)

    # -- loading -----------------------------------------------------------------------------

    def set_account(self, account_id: int | None) -> None:
        self.flush_notes()
        if account_id != self.account_id:
            self.undo_stack.clear()
        view = None
        if account_id is not None:
            try:
                view = self.book.accounts.overview(account_id)
            except errors.KnownError as exc:
                # The server is unreachable, say: show no account rather than leave the
                # previous one's notes on screen under this one's name, to be typed over.
                account_id = None
                self.error.emit(exc)
        self.account_id = account_id
        self.setEnabled(account_id is not None)
        self._show(view)

    def reload(self) -> None:
        if self.account_id is None:
            return
        try:
            view = self.book.accounts.overview(self.account_id)
        except errors.NotFound:  # deleted by another window or the CLI
            self.set_account(None)
            return
        self._show(view)

    refresh = reload

    def _show(self, view: AccountOverview | None) -> None:
        self._loading = True
        recovered: str | None = None
        try:
            if view is None:
                if self.drafts is not None:
                    self.drafts.attach(None, "")
                for edit in (self.name, self.website, self.industry):
                    edit.clear()
                self.notes.clear()
                self.domain.clear()
                self.summary.setText("Choose an account on the left, or create one "
                                     "with File ▸ New account (Ctrl+N).")
                self.facts_model.set_records([])
                self._shown = {}
                return
            self._shown = {"name": view.name, "website": view.website,
                           "industry": view.industry, "tier": view.tier, "stage": view.stage,
                           "notes": view.notes}
            self.name.setText(view.name)
            self.website.setText(view.website)
            self.domain.setText(view.domain or "—")
            self.industry.setText(view.industry)
            self.tier.setCurrentIndex(self.tier.findData(view.tier))
            self.stage.setCurrentIndex(self.stage.findData(view.stage))
            recovered = (self.drafts.attach(f"account/{view.id}/notes", view.notes)
                         if self.drafts is not None else None)
            notes = view.notes if recovered is None else recovered
            if self.notes.toPlainText() != notes:
                self.notes.setPlainText(notes)
            self.summary.setText(view.summary_line())
            self._facts = list(view.facts)
            self.facts_model.set_records(view.facts)
            self.facts.resizeColumnToContents(0)
        finally:
            self._loading = False
        if view is not None and recovered is not None:
            self.status_message.emit("Recovered notes you typed before the program stopped; "
                                     "saving them now.")
            self._notes_timer.start()

    # -- editing -----------------------------------------------------------------------------

    def on_facts_menu(self, pos: Any) -> None:
        if not self.db.read_only:
            show_fact_menu(self.facts, pos, self._facts, self.on_fact_picked)

    def on_fact_picked(self, kind: str, value: str | None) -> None:
        if self.account_id is None:
            return
        # Imported here: the research libraries are not needed to draw the first window.
        from workbench.research.fact_choice import pick_fact

        try:
            pick_fact(self.db, self.account_id, kind, value)
        except errors.KnownError as exc:
            self.error.emit(exc)
            return
        self.reload()
        self.status_message.emit("Fact chosen." if value is not None else "Research decides again.")

    def write_field(self, account_id: int, field: str, value: Any,
                    expected: dict[str, Any] | None = None) -> Changes:
        """Save one field now; used by edits and by undo/redo."""
        changes = self.book.accounts.update(account_id, expected=expected, **{field: value})
        self.account_changed.emit(account_id)
        if account_id == self.account_id:
            self.reload()
        return changes

    def _save(self, field: str, value: Any) -> Changes | None:
        """Save an edit with compare-and-set against what was shown; a clash asks the user.

        None: nothing was saved (the user took theirs, or an error was reported).
        """
        assert self.account_id is not None
        shown = self._shown.get(field)
        try:
            return self.write_field(self.account_id, field, value, expected={field: shown})
        except errors.Conflict as clash:
            if conflicts.resolve(self, clash) == conflicts.TAKE_THEIRS:
                if field == "notes" and self.drafts is not None:
                    self.drafts.saved()
                self._shown[field] = None  # whatever is stored now is shown next
                self.reload()
                return None
            theirs = clash.theirs.get(field, shown)
            return self.write_field(self.account_id, field, value, expected={field: theirs})

    def _edit(self, field: str, new: Any) -> None:
        if self._loading or self.account_id is None:
            return
        old = self._shown.get(field)
        if new == old:
            return
        try:
            changes = self._save(field, new)
        except errors.KnownError as exc:
            self.reload()  # put the stored value back in the field
            self.error.emit(exc)
            return
        if changes is None:
            return
        self.publish(changes)
        self.undo_stack.push(SetFieldCommand(self, self.account_id, field, old, new))
        self.status_message.emit("Saved.")

    def on_text_edited(self, field: str, text: str) -> None:
        # Compare as the core will store it (a name's inner spaces collapse), so
        # retyping the same value adds no empty undo step.
        value = _as_stored(field, text)
        if value == self._shown.get(field):
            if text != value:
                self.reload()  # show the stored spelling
            return
        self._edit(field, value)

    def on_choice(self, field: str, value: str) -> None:
        self._edit(field, value)

    def on_notes_changed(self) -> None:
        if not self._loading:
            self._notes_timer.start()
            if not self._notes_deadline.isActive():
                self._notes_deadline.start()

    def on_notes_idle(self) -> None:
        self.flush_notes()

    def flush(self) -> None:
        """Save the notes and any field typed into but not yet finished."""
        if not self._loading and self.account_id is not None:
            for field, edit in (("name", self.name), ("website", self.website),
                                ("industry", self.industry)):
                if _as_stored(field, edit.text()) != (self._shown.get(field) or ""):
                    self.on_text_edited(field, edit.text())
        self.flush_notes()

    def flush_notes(self) -> None:
        """Save the notes now if they changed (also before switching accounts or quitting)."""
        self._notes_timer.stop()
        self._notes_deadline.stop()
        if self.account_id is None or self._loading:
            return
        text = self.notes.toPlainText()
        if text == self._shown.get("notes"):
            return
        try:
            changes = self._save("notes", text)
        except errors.KnownError as exc:
            self.error.emit(exc)
            return
        if changes is None:
            return
        self.publish(changes)
        self._shown["notes"] = text
        if self.drafts is not None:
            self.drafts.saved()
        self.status_message.emit("Notes saved.")


def _as_stored(field: str, text: str) -> str:
    # As the core will store it: a name's inner spaces collapse, other fields are stripped.
    return " ".join(text.split()) if field == "name" else text.strip()
