"""The Calls tab as the rep uses it: pick an account, plan and edit calls, undo, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.prep.conftest import pdf_pages, pdf_text
from ui.calls.model import CallListModel
from ui.calls.tab import CallsTab
from workbench.prep import calls
from workbench.storage.database import Database


@pytest.fixture
def tab(qtbot, db: Database) -> CallsTab:
    widget = CallsTab(db)
    qtbot.addWidget(widget)
    widget.show()  # the preview follows edits while the tab is on screen
    return widget


def test_without_an_account_the_tab_asks_for_one(tab: CallsTab) -> None:
    assert tab.stack.currentWidget() is tab.choose_label
    assert "Choose an account" in tab.choose_label.text()
    assert tab.model.rowCount() == 0


def test_the_call_list_model_is_sound(qtmodeltester, db: Database, demo: int) -> None:
    model = CallListModel()
    model.reload(calls.list_calls(db, demo))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(0, 1).data() == "Demo"
    assert "pilot" in model.index(1, 4).data()


def test_the_next_call_is_shown_with_a_live_preview(tab: CallsTab, demo: int) -> None:
    tab.set_account(demo)
    assert tab.editor.lines["objective"].text().startswith("Show that one platform")
    tab.refresh_preview()
    text = tab.preview.toPlainText()
    assert "Harbor Lane Logistics" in text and "Likely objections" in text
    assert tab.page_info.text().startswith("1 page on")


def test_an_edit_is_saved_at_once_and_undone(tab: CallsTab, db: Database, demo: int,
                                             qtbot) -> None:
    tab.set_account(demo)
    call_id = tab.current_call_id()
    line = tab.editor.lines["objective"]
    line.setText("Agree the Columbus pilot <today>")
    line.editingFinished.emit()
    assert calls.call_fields(db, call_id)["objective"] == "Agree the Columbus pilot <today>"
    with qtbot.waitSignal(tab._preview_timer.timeout, timeout=2000):
        pass
    assert "Agree the Columbus pilot <today>" in tab.preview.toPlainText()
    tab.undo_stack.undo()
    assert calls.call_fields(db, call_id)["objective"].startswith("Show that one platform")
    assert tab.editor.lines["objective"].text().startswith("Show that one platform")
    tab.undo_stack.redo()
    assert calls.call_fields(db, call_id)["objective"] == "Agree the Columbus pilot <today>"


def test_attendees_are_ticked_from_the_committee(tab: CallsTab, db: Database,
                                                 demo: int) -> None:
    tab.set_account(demo)
    call_id = tab.current_call_id()
    people = tab.editor.people
    assert people.rowCount() == 14
    unticked = next(people.item(r) for r in range(people.rowCount())
                    if people.item(r).checkState() == Qt.CheckState.Unchecked)
    unticked.setCheckState(Qt.CheckState.Checked)
    assert len(calls.call_fields(db, call_id)["attendee_ids"]) == 7


def test_bad_input_is_refused_with_a_message_and_nothing_lost(tab: CallsTab, db: Database,
                                                              demo: int, qtbot) -> None:
    tab.set_account(demo)
    call_id = tab.current_call_id()
    notes = tab.editor.texts["notes"]
    notes.setPlainText("x" * 20_001)
    with qtbot.waitSignal(tab.status_message) as blocker:
        notes.editing_finished.emit()
    assert "too long" in blocker.args[0]
    assert "too long" in tab.editor.error.text()
    assert calls.call_fields(db, call_id)["notes"].startswith("Bring the payback model")
    assert notes.toPlainText().startswith("Bring the payback model")


def test_plan_delete_and_undo_the_delete(tab: CallsTab, db: Database, demo: int) -> None:
    tab.set_account(demo)
    tab.new_button.click()
    assert tab.model.rowCount() == 3
    new_id = tab.current_call_id()
    tab.editor.lines["objective"].setText("Meet the CFO")
    tab.editor.lines["objective"].editingFinished.emit()
    tab.delete_button.click()
    assert tab.model.rowCount() == 2
    tab.undo_stack.undo()  # the delete
    assert tab.model.rowCount() == 3
    restored = tab.resolve(new_id)
    assert calls.call_fields(db, restored)["objective"] == "Meet the CFO"
    tab.undo_stack.undo()  # the objective, on the call that came back
    assert calls.call_fields(db, restored)["objective"] == ""
    tab.undo_stack.undo()  # the new call
    assert tab.model.rowCount() == 2


def test_a_question_from_the_bank_is_added_to_the_call(tab: CallsTab, db: Database,
                                                       demo: int) -> None:
    tab.set_account(demo)
    call_id = tab.current_call_id()
    tab.editor.on_bank_menu_shown()
    actions = tab.editor.bank_menu.actions()
    assert actions
    actions[0].trigger()
    questions = calls.call_fields(db, call_id)["questions"]
    assert len(questions) == 6 and questions[-1] in actions[0].text()


def test_export_pdf_and_print_to_a_pdf_printer(tab: CallsTab, demo: int,
                                               tmp_path: Path) -> None:
    tab.set_account(demo)
    tab.page_size_box.setCurrentIndex(tab.page_size_box.findData("Letter"))
    out = tab.export_pdf(tmp_path / "sheet.pdf")
    assert out is not None and pdf_pages(tmp_path / "sheet.pdf") == 1
    printer = tab.printer()
    from PySide6.QtPrintSupport import QPrinter

    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    fitted = tab.paint_sheet(printer)
    assert fitted is not None and fitted.fits
    del printer
    QApplication.processEvents()
    assert "Likely objections" in pdf_text(tmp_path / "printed.pdf")


def test_the_bank_model_edits_adds_and_deletes(qtmodeltester, db: Database) -> None:
    from ui.calls.bank_dialog import BankModel
    from workbench.prep.question_bank import bank_questions
    from workbench.storage.models import CallKind

    model = BankModel(db)
    model.set_kind(CallKind.NEGOTIATION)
    qtmodeltester.check(model)
    count = model.rowCount()
    assert model.setData(model.index(0), "Which term matters most?")
    assert bank_questions(db, "negotiation")[0].text == "Which term matters most?"
    errors_seen = []
    model.error.connect(errors_seen.append)
    assert not model.setData(model.index(0), "   ")
    assert errors_seen and "empty" in errors_seen[0]
    row = model.add("What would make you walk away?")
    assert model.rowCount() == count + 1 and "walk away" in model.index(row).data()
    model.remove(0)
    texts = [q.text for q in bank_questions(db, "negotiation")]
    assert "Which term matters most?" not in texts and len(texts) == count


def test_switching_account_saves_what_was_being_typed(tab: CallsTab, db: Database,
                                                      demo: int) -> None:
    tab.set_account(demo)
    call_id = tab.current_call_id()
    tab.editor.texts["outcome"].setPlainText("They agreed to the pilot")  # no focus change
    tab.set_account(None)
    assert calls.call_fields(db, call_id)["outcome"] == "They agreed to the pilot"
