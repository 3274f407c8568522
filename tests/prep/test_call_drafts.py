"""Call fields keep a draft while the rep types: text typed before a crash (never saved,
focus never left the field) is back in the field on the next start, and saved."""

from __future__ import annotations

import pytest
from PySide6.QtTest import QTest

from ui.calls.editor import CallEditor
from workbench.prep import calls
from workbench.safety.drafts import DraftStore
from workbench.storage.database import Database


@pytest.mark.sqlite_only("drafts are kept in a folder beside the SQLite file")
def test_typing_in_a_call_field_survives_a_crash(db: Database, demo: int, qtbot) -> None:
    call_id = calls.next_call_id(db, demo)
    editor = CallEditor(db)
    qtbot.addWidget(editor)
    editor.load(call_id)
    field = editor.texts["notes"]
    field.moveCursor(field.textCursor().MoveOperation.End)
    typed = field.toPlainText() + " CFO wants a pilot first"
    with qtbot.waitSignal(editor.drafts["notes"].draft_saved, timeout=3000):
        QTest.keyClicks(field, " CFO wants a pilot first")
    assert calls.call_fields(db, call_id)["notes"] != typed  # not saved: focus never left
    # The crash: the editor is gone without saving; a new one opens the same call.
    store = DraftStore.for_database(db.path)
    assert [d.text for d in store.pending()] == [typed]
    again = CallEditor(db)
    qtbot.addWidget(again)
    edits: list[tuple[str, object]] = []
    again.field_edited.connect(lambda name, _old, new: edits.append((name, new)))
    again.load(call_id)
    assert again.texts["notes"].toPlainText() == typed
    assert ("notes", typed) in edits  # handed to the tab to save
