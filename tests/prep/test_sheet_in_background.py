"""The Calls tab composes its sheet on a real thread pool: off the GUI thread, newest wins,
and print and PDF take the sheet as it is after the last edit."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QThreadPool
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from tests.prep.conftest import pdf_text
from tests.threads import record_main_thread
from ui.calls import composer as composer_module
from ui.calls import tab as tab_module
from ui.calls.composer import Composition
from ui.calls.tab import COMPOSING, CallsTab
from ui.jobs import JobRunner
from workbench.prep import calls
from workbench.storage.database import Database

WAIT_MS = 20_000


@pytest.fixture
def pool() -> Iterator[QThreadPool]:
    pool = QThreadPool()
    yield pool
    pool.waitForDone(WAIT_MS)


@pytest.fixture
def tab(qtbot, db: Database, pool: QThreadPool) -> CallsTab:
    widget = CallsTab(db)
    widget.runner = JobRunner(pool, widget)  # as the window's runner: a real thread pool
    qtbot.addWidget(widget)
    widget.resize(1320, 820)
    widget.show()
    return widget


def composed(tab: CallsTab) -> list[Composition]:
    seen: list[Composition] = []
    tab.composer.composed.connect(seen.append)
    return seen


def settle(qtbot, tab: CallsTab) -> None:
    qtbot.waitUntil(lambda: not tab.composer.pending and not tab._preview_timer.isActive(),
                    timeout=WAIT_MS)


def select_call(tab: CallsTab, call_id: int) -> None:
    tab.list_view.selectionModel().setCurrentIndex(
        tab.model.index(tab.model.row_of(call_id), 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)


def edit_objective(tab: CallsTab, text: str) -> None:
    line = tab.editor.lines["objective"]
    line.setText(text)
    line.editingFinished.emit()


def hold_first_read(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The first sheet read waits for the returned event: an answer still on its way."""
    release = threading.Event()
    real = composer_module.load_sheet
    first = [True]

    def load(db: Database, call_id: int, *args: Any) -> Any:
        if first[0]:
            first[0] = False
            assert release.wait(WAIT_MS)
        return real(db, call_id, *args)

    monkeypatch.setattr(composer_module, "load_sheet", load)
    return release


def test_the_sheet_is_read_and_fitted_off_the_gui_thread(qtbot, tab: CallsTab, demo: int,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    reads = record_main_thread(monkeypatch, composer_module, "load_sheet")
    fits = record_main_thread(monkeypatch, composer_module, "fit_on_pdf")
    tab.set_account(demo)
    tab.refresh_preview()
    # Asked for, not yet in: the preview says so instead of the window freezing.
    assert tab.composer.pending
    assert tab.page_info.text() == COMPOSING
    assert tab.preview.toPlainText() == COMPOSING
    settle(qtbot, tab)
    assert reads and fits and not any(reads) and not any(fits)
    assert "Harbor Lane Logistics" in tab.preview.toPlainText()
    assert tab.page_info.text().startswith("1 page on")


def test_an_answer_for_the_call_left_behind_is_dropped(qtbot, tab: CallsTab, db: Database,
                                                       demo: int,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    tab.set_account(demo)
    settle(qtbot, tab)
    first, second = [call.id for call in calls.list_calls(db, demo)][:2]
    select_call(tab, first)
    settle(qtbot, tab)
    release = hold_first_read(monkeypatch)
    seen = composed(tab)
    select_call(tab, second)
    tab.refresh_preview()  # the second call's sheet is asked for, and held in its read
    select_call(tab, first)
    tab.refresh_preview()  # the rep moved on before it came
    release.set()
    settle(qtbot, tab)
    QThreadPool.globalInstance().waitForDone(WAIT_MS)
    assert [c.request.call_id for c in seen] == [first]
    assert tab.composer.current is not None and tab.composer.current.request.call_id == first
    objective = calls.call_fields(db, first)["objective"]
    assert objective[:30] in tab.preview.toPlainText().replace("\n", " ")


def test_an_edit_drops_the_sheet_composed_before_it(qtbot, tab: CallsTab, db: Database,
                                                    demo: int,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    tab.set_account(demo)
    settle(qtbot, tab)
    release = hold_first_read(monkeypatch)
    seen = composed(tab)
    tab.refresh_preview()  # the old text's sheet, held in its read
    edit_objective(tab, "Agree the Columbus pilot scope and its owner")
    tab.refresh_preview()
    release.set()
    settle(qtbot, tab)
    assert len(seen) == 1
    assert seen[0].data.objective == "Agree the Columbus pilot scope and its owner"
    assert "Agree the Columbus pilot scope" in tab.preview.toPlainText()


def test_pdf_and_print_right_after_an_edit_have_the_edited_sheet(
        qtbot, tab: CallsTab, demo: int, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    tab.set_account(demo)
    settle(qtbot, tab)
    writes = record_main_thread(monkeypatch, tab_module, "write_sheet_pdf")
    # The edit's sheet is not even asked for yet (the preview waits 250 ms for more typing).
    edit_objective(tab, "Win the Columbus pilot before the board meets")
    assert tab._preview_timer.isActive()
    fit = tab.export_pdf(tmp_path / "sheet.pdf")
    assert fit is not None and fit.fits
    assert writes == [False]  # written in the worker too
    assert "Win the Columbus pilot before the board meets" in pdf_text(tmp_path / "sheet.pdf")

    # Printing while the next edit's sheet is on its way waits for it.
    release = hold_first_read(monkeypatch)
    edit_objective(tab, "Book the site visit in Columbus with the COO")
    tab.refresh_preview()
    assert tab.composer.pending
    threading.Timer(0.3, release.set).start()
    printer = tab.printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    fitted = tab.paint_sheet(printer)
    assert fitted is not None and fitted.fits
    del printer
    QApplication.processEvents()
    printed = pdf_text(tmp_path / "printed.pdf")
    assert "Book the site visit in Columbus with the COO" in printed
    assert "Win the Columbus pilot" not in printed


def test_in_the_window_the_sheet_is_composed_on_the_windows_runner(
        qtbot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.layout_checks import open_pane
    from ui.main_window import MainWindow
    from workbench.demo import load_demo

    load_demo(db)
    fits = record_main_thread(monkeypatch, composer_module, "fit_on_pdf")
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.current_account_id() is not None, timeout=WAIT_MS)
    pane = open_pane(window, "CallsTab")
    assert pane.job_runner() is window.jobs
    settle(qtbot, pane)
    assert "Harbor Lane Logistics" in pane.preview.toPlainText()
    assert fits and not any(fits)
    window.jobs.wait_for_all()


def test_a_sheet_that_cannot_be_composed_says_why_and_is_not_printed(
        qtbot, tab: CallsTab, demo: int, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench import errors

    tab.set_account(demo)
    settle(qtbot, tab)

    def gone(*_args: Any) -> Any:
        raise errors.NotFound("There is no call with id 99.")

    monkeypatch.setattr(composer_module, "load_sheet", gone)
    with qtbot.waitSignal(tab.status_message, timeout=WAIT_MS) as said:
        edit_objective(tab, "Anything")
        assert tab.export_pdf(tmp_path / "sheet.pdf") is None
    assert "no call with id 99" in said.args[0]
    assert not tab.composer.pending
    assert "no call with id 99" in tab.preview.toPlainText()
    assert not (tmp_path / "sheet.pdf").exists()
