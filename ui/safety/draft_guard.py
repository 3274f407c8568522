"""Keeps what the rep types into a notes field safe until the database has it.

A `DraftGuard` watches one text editor. A short pause in typing writes the text
to the `DraftStore`, and so does typing that goes on without a pause, at least
every `MAX_WAIT_MS` (so a crash loses at most that much typing); when the form saves
the text to the database, the tab calls `saved()` and the draft is dropped. When
the tab shows a record, `attach()` returns text a crash left behind, if any.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

from workbench.safety.drafts import DraftStore

TextEditor = QPlainTextEdit | QTextEdit | QLineEdit
PAUSE_MS = 400
# A draft is written at least this often while typing goes on: the pause timer restarts
# on every keystroke, and a rep typing steadily for a minute never pauses that long.
MAX_WAIT_MS = 1500


class DraftGuard(QObject):
    """The draft of one text field, written as the rep types.

    Signals:
        draft_saved(str): the draft of this key was written (the key).
    """

    draft_saved = Signal(str)

    def __init__(self, store: DraftStore, editor: TextEditor, parent: QObject | None = None,
                 pause_ms: int = PAUSE_MS, max_wait_ms: int = MAX_WAIT_MS) -> None:
        super().__init__(parent or editor)
        self.store = store
        self.editor = editor
        self.key: str | None = None
        self.base = ""
        self._loading = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(pause_ms)
        self.timer.timeout.connect(self.on_pause)
        # Started by the first keystroke after a write, not restarted by the next ones.
        self.deadline = QTimer(self)
        self.deadline.setSingleShot(True)
        self.deadline.setInterval(max_wait_ms)
        self.deadline.timeout.connect(self.on_pause)
        editor.textChanged.connect(self.on_text_changed)

    def text(self) -> str:
        if isinstance(self.editor, QLineEdit):
            return self.editor.text()
        return self.editor.toPlainText()

    def attach(self, key: str | None, saved_text: str) -> str | None:
        """Guard the field for the record `key` (None: no record shown).

        `saved_text` is what the database holds. Returns the text of a draft a
        crash left behind for this key, if it differs; the caller offers it.
        """
        self.flush()
        self.key, self.base = key, saved_text
        if key is None:
            return None
        draft = self.store.load(key)
        if draft is None or draft.text == saved_text:
            if draft is not None:
                self.store.discard(key)
            return None
        return draft.text

    def set_text_quietly(self, text: str) -> None:
        """Show `text` (a record being loaded) without treating it as typing."""
        self._loading = True
        try:
            if isinstance(self.editor, QLineEdit):
                self.editor.setText(text)
            else:
                self.editor.setPlainText(text)
        finally:
            self._loading = False

    def saved(self) -> None:
        """The form saved the field to the database: the draft is no longer needed."""
        self.timer.stop()
        self.deadline.stop()
        if self.key is not None:
            self.base = self.text()
            self.store.discard(self.key)

    def flush(self) -> None:
        """Write a pending draft now (before switching records or quitting)."""
        if self.timer.isActive() or self.deadline.isActive():
            self.on_pause()

    def on_text_changed(self) -> None:
        if self._loading or self.key is None:
            return
        self.timer.start()
        if not self.deadline.isActive():
            self.deadline.start()

    def on_pause(self) -> None:
        """Write the draft (after a pause, or when typing has gone on for the max wait)."""
        self.timer.stop()
        self.deadline.stop()
        if self.key is None:
            return
        text = self.text()
        if text == self.base:
            self.store.discard(self.key)
            return
        if self.store.save(self.key, text, self.base):
            self.draft_saved.emit(self.key)
