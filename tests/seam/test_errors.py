"""One way for an error of the environment (the window's banner), one for a bug (a dialog)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox, QToolButton

from ui.errors import ErrorBanner, show_error
from workbench import errors


def test_an_environment_error_goes_to_the_banner_without_stopping_work(qtbot) -> None:
    window = QMainWindow()
    window.statusBar()  # as the program's window has one from the start
    qtbot.addWidget(window)
    window.show()
    show_error(window, errors.DiskFull("The disk is full.", hint="Free some space."), "Back up")
    banner = ErrorBanner.of(window)
    assert banner.isVisible()
    assert banner.label.text() == "Back up failed: The disk is full. Free some space."
    show_error(window, errors.DatabaseLocked("The file is busy."))
    assert banner.label.text() == "The file is busy." and len(
        window.findChildren(ErrorBanner)) == 1
    banner.findChild(QToolButton, "dismiss_error").click()
    assert not banner.isVisible()


def test_a_bug_is_a_dialog_naming_the_log(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    show_error(window, ZeroDivisionError("boom"))
    assert len(shown) == 1 and "log file" in shown[0].informativeText()
    assert not ErrorBanner.of(window).isVisible()


def test_the_job_runner_runs_reads_and_writes_through_an_injectable_pool(qtbot, db) -> None:
    from ui.changes import bus_for
    from ui.jobs import ImmediatePool, JobRunner
    from workbench.workbook import Workbook

    book = Workbook.of(db)
    runner = JobRunner(ImmediatePool())
    heard: list[object] = []
    bus_for(book).changed.connect(lambda changes, _source: heard.append(changes))
    failures: list[BaseException] = []
    runner.submit("Create", lambda: book.accounts.create("Acme", "acme.example"),
                  lambda changes: bus_for(book).publish(changes), failures.append)
    assert [c.result for c in heard] == [1]
    runner.submit("Read", lambda: book.accounts.overview(99), failures.append,
                  failures.append)
    assert isinstance(failures[0], errors.NotFound)
    assert runner.running == []
