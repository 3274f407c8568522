"""The inspector beside the map: every field of the selected person, edited in place.

The inspector never writes: each finished edit becomes `edit_requested`, which
the tab turns into one undoable command. Text lines commit on Enter or leaving
the field; notes commit when the field loses focus.

Signals:
    edit_requested(int, str, object): stakeholder id, field name, new value.
    log_touch_requested(int): the rep wants to log a call or other touch with this person.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.committee_map import style
from ui.links import add_open_action
from ui.safety.draft_guard import DraftGuard
from workbench.contact_links import email_link, phone_link, web_link
from workbench.safety.drafts import DraftStore
from workbench.vocabulary import ATTITUDE_LABELS, Influence, Role

NEVER = QDate(1900, 1, 1)  # QDateEdit's minimum shows as "never"
LINE_FIELDS = (("name", "Name"), ("title", "Title"), ("email", "Email"), ("phone", "Phone"),
               ("profile_url", "Profile link"))
TEXT_FIELDS = (("needs", "Needs"), ("dissatisfaction", "Dissatisfaction (why buy)"),
               ("personal_win", "Personal win"), ("plan", "Plan (for an opponent)"),
               ("notes", "Notes"))


class NotesEdit(QPlainTextEdit):
    """A multi-line field that reports when the rep leaves it.

    Signals:
        editing_finished(): focus left the field.
    """

    editing_finished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt name
        super().focusOutEvent(event)
        self.editing_finished.emit()


class Inspector(QWidget):
    """The selected person's details (signals in the module docstring)."""

    edit_requested = Signal(int, str, object)
    log_touch_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stakeholder_id: int | None = None
        self._values: dict[str, Any] = {}
        # (stakeholder id, field, value shown) of the newest edit this inspector asked for.
        self.last_request: tuple[int, str, Any] | None = None
        self._loading = False
        self.drafts: dict[str, DraftGuard] = {}
        self.stack = QStackedWidget(self)
        self.placeholder = QLabel("Select a card to see and edit the person.", self)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self._build_form())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.show_person(None)

    def _build_form(self) -> QWidget:
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        self.lines: dict[str, QLineEdit] = {}
        for field, label in LINE_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"inspector_{field}")
            edit.editingFinished.connect(lambda f=field: self.on_line_finished(f))
            self.lines[field] = edit
            form.addRow(label, edit)
        # Contact details open where they lead (mail, phone, browser); right-click copies.
        add_open_action(self.lines["email"], email_link, "Write an email")
        add_open_action(self.lines["phone"], phone_link, "Call")
        add_open_action(self.lines["profile_url"], web_link, "Open in browser")
        self.role = QComboBox()
        self.role.setObjectName("inspector_role")
        for role in Role:
            self.role.addItem(f"{style.ROLE_MARK[role]}  {role.label}", role)
        self.role.activated.connect(lambda _i: self.on_choice("role", self.role.currentData()))
        form.addRow("Role", self.role)
        self.attitude = QComboBox()
        self.attitude.setObjectName("inspector_attitude")
        self.attitude.addItem("?  Not known", None)
        for value, label in ATTITUDE_LABELS.items():
            self.attitude.addItem(f"{style.ATTITUDE_MARK[value]}  {label}", value)
        self.attitude.activated.connect(
            lambda _i: self.on_choice("attitude", self.attitude.currentData()))
        form.addRow("Attitude", self.attitude)
        self.influence = QComboBox()
        self.influence.setObjectName("inspector_influence")
        for level in Influence:
            self.influence.addItem(level.label, level)
        self.influence.activated.connect(
            lambda _i: self.on_choice("influence", self.influence.currentData()))
        form.addRow("Influence", self.influence)

        contact_row = QHBoxLayout()
        self.last_contact = QDateEdit()
        self.last_contact.setObjectName("inspector_last_contact")
        self.last_contact.setCalendarPopup(True)
        self.last_contact.setMinimumDate(NEVER)
        self.last_contact.setSpecialValueText("never")
        self.last_contact.setDisplayFormat("yyyy-MM-dd")
        self.last_contact.editingFinished.connect(self.on_contact_finished)
        self.today_button = QPushButton("Today")
        self.today_button.clicked.connect(self.on_today_clicked)
        contact_row.addWidget(self.last_contact, 1)
        contact_row.addWidget(self.today_button)
        self.log_touch_button = QPushButton("Log a touch…")
        self.log_touch_button.setToolTip("Log a call, email, letter… and its outcome")
        self.log_touch_button.clicked.connect(
            lambda: self.stakeholder_id is not None
            and self.log_touch_requested.emit(self.stakeholder_id))
        contact_row.addWidget(self.log_touch_button)
        form.addRow("Last contact", contact_row)

        self.texts: dict[str, NotesEdit] = {}
        for field, label in TEXT_FIELDS:
            edit = NotesEdit()
            edit.setObjectName(f"inspector_{field}")
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(56)
            edit.editing_finished.connect(lambda f=field: self.on_text_finished(f))
            self.texts[field] = edit
            form.addRow(label, edit)
        self.origin = QLabel()
        self.origin.setWordWrap(True)
        self.origin.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Found", self.origin)
        # Narrow side panel: labels go above their fields rather than squeezing the
        # values, combo boxes do not insist on their longest item, and nothing scrolls
        # sideways (a sideways scroll hides half of every value).
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for combo in (self.role, self.attitude, self.influence):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form_widget)
        return scroll

    def use_drafts(self, store: DraftStore) -> None:
        """Keep a draft of each free-text field while the rep types (needs, plan, ...):
        a crash loses at most the last moment of typing."""
        self.drafts = {field: DraftGuard(store, edit) for field, edit in self.texts.items()}

    # -- showing ---------------------------------------------------------------------------
    def show_person(self, values: dict[str, Any] | None, stakeholder_id: int | None = None,
                    note: str = "", force: bool = False) -> None:
        """Show one person's values, or the placeholder (`note` says why).

        Only fields whose stored value changed are rewritten, so a refresh caused
        by another edit never clobbers what the rep is typing; `force` rewrites all
        (after a refused edit).
        """
        if values is None or stakeholder_id is None:
            for guard in self.drafts.values():
                guard.attach(None, "")
            self.stakeholder_id = None
            self._values = {}
            self.placeholder.setText(note or "Select a card to see and edit the person.")
            self.stack.setCurrentIndex(0)
            return
        self._loading = True
        try:
            previous = {} if force or stakeholder_id != self.stakeholder_id else self._values
            self.stakeholder_id = stakeholder_id
            self._values = dict(values)
            for field, edit in self.lines.items():
                if field not in previous or previous[field] != values.get(field):
                    edit.setText(values.get(field) or "")
            self.role.setCurrentIndex(self.role.findData(Role(values["role"])))
            self.attitude.setCurrentIndex(self.attitude.findData(values["attitude"]))
            self.influence.setCurrentIndex(self.influence.findData(Influence(values["influence"])))
            contact = values.get("last_contact")
            self.last_contact.setDate(QDate(contact.year, contact.month, contact.day)
                                      if contact else NEVER)
            recovered: dict[str, str] = {}
            for field, text_edit in self.texts.items():
                if field not in previous or previous[field] != values.get(field):
                    stored = values.get(field) or ""
                    guard = self.drafts.get(field)
                    if guard is None:
                        text_edit.setPlainText(stored)
                        continue
                    draft = guard.attach(f"stakeholder/{stakeholder_id}/{field}", stored)
                    guard.set_text_quietly(stored)
                    if draft is not None:
                        recovered[field] = draft
            self.origin.setText(values.get("origin") or "typed")
            self.stack.setCurrentIndex(1)
        finally:
            self._loading = False
        for field, text in recovered.items():  # typed before a crash: back, and saved
            self.texts[field].setPlainText(text)
            self.on_text_finished(field)

    def focus_name(self) -> None:
        self.lines["name"].setFocus()
        self.lines["name"].selectAll()

    # -- edits -----------------------------------------------------------------------------
    def _request(self, field: str, value: Any) -> None:
        if self._loading or self.stakeholder_id is None:
            return
        if self._values.get(field) == value:
            return
        # What was shown before this edit: the write compares it with what is stored.
        self.last_request = (self.stakeholder_id, field, self._values.get(field))
        self._values[field] = value
        guard = self.drafts.get(field)
        if guard is not None:
            guard.saved()  # the tab saves it now, or shows what is stored and says why
        self.edit_requested.emit(self.stakeholder_id, field, value)

    def flush(self) -> None:
        """Turn text typed but not yet finished (no Enter, no focus change) into edits."""
        if self._loading or self.stakeholder_id is None:
            return
        for field, edit in self.lines.items():
            if " ".join(edit.text().split()) != (self._values.get(field) or ""):
                self.on_line_finished(field)
        for field, text_edit in self.texts.items():
            if text_edit.toPlainText() != (self._values.get(field) or ""):
                self.on_text_finished(field)

    def on_line_finished(self, field: str) -> None:
        self._request(field, " ".join(self.lines[field].text().split()))

    def on_text_finished(self, field: str) -> None:
        self._request(field, self.texts[field].toPlainText())

    def on_choice(self, field: str, value: Any) -> None:
        self._request(field, value)

    def on_contact_finished(self) -> None:
        qdate = self.last_contact.date()
        self._request("last_contact",
                      None if qdate == NEVER else date(qdate.year(), qdate.month(), qdate.day()))

    def on_today_clicked(self) -> None:
        today = date.today()
        self.last_contact.setDate(QDate(today.year, today.month, today.day))
        self._request("last_contact", today)
