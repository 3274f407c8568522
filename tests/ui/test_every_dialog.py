"""Every dialog and window the menus and tab buttons reach: opened, drawn, closed.

Each is opened through the real action or button, with the demo loaded, then drawn
(`grab()`) and closed from a timer while it runs modally, as a rep would open and
close it. Print Preview runs the real QPrintPreviewDialog on a real QPrinter: it
once crashed the program because its printer was a Python temporary.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QWidget

from ui.main_window import MainWindow
from workbench.demo import load_demo
from workbench.storage.database import Database


class ModalCloser:
    """While an action runs, draws and closes each modal dialog it opens."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, int, int]] = []
        self._timer = QTimer()
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._close_top)

    def _close_top(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        gc.collect()  # a Qt object held only by a Python temporary is freed here
        QApplication.processEvents()
        picture = dialog.grab()
        self.seen.append((type(dialog).__name__, dialog.windowTitle(),
                          picture.width(), picture.height()))
        if isinstance(dialog, QDialog):
            dialog.reject()
        else:
            dialog.close()

    def run(self, trigger: Callable[[], object]) -> list[tuple[str, str, int, int]]:
        start = len(self.seen)
        self._timer.start()
        try:
            trigger()
            QApplication.processEvents()
        finally:
            self._timer.stop()
        return self.seen[start:]


@pytest.fixture
def window(qtbot, db: Database) -> Iterator[MainWindow]:
    load_demo(db)
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.current_account_id() is not None)
    yield win


def _menu_actions(menu: QMenu) -> Iterator[QAction]:
    for action in menu.actions():
        if action.menu() is not None:
            yield from _menu_actions(action.menu())
        elif not action.isSeparator():
            yield action


# Actions that open no window, or do work that is tested elsewhere (research goes to
# the network, quit ends the program, load demo adds a second account).
NO_DIALOG = {"&Quit", "&Research", "&Cancel research", "Load &demo account", "Back up now",
             "&Undo", "&Redo", "&Find account", "Account &list"}


def test_every_menu_action_opens_a_window_that_draws_and_closes(window: MainWindow) -> None:
    closer = ModalCloser()
    opened: dict[str, list[str]] = {}
    for top in window.menuBar().actions():
        for action in _menu_actions(top.menu()):
            if action.text() in NO_DIALOG or not action.isEnabled():
                continue
            seen = closer.run(action.trigger)
            opened[action.text()] = [name for name, *_ in seen]
            for name, title, width, height in seen:
                assert width > 50 and height > 50, f"{name} ({title}) drew nothing"
    # What the menus open, by what a rep clicks:
    assert opened["&New account…"] == ["NewAccountDialog"]
    assert opened["&Open database…"] == ["QFileDialog"]
    if window.db.path is not None:  # a server's backups are the server's tools' (README)
        assert opened["Restore backup…"] == ["RestoreDialog"]
    else:
        assert "Restore backup…" not in opened
    assert opened["Export account…"] == ["QFileDialog"]
    assert opened["Import account…"] == ["QFileDialog"]
    assert opened["&Delete account…"] == ["QMessageBox"]
    assert opened["Research &settings…"] == ["ResearchSettingsDialog"]
    assert opened[next(k for k in opened if k.startswith("&About"))] == ["QMessageBox"]
    assert window.current_account_id() is not None, "closing the delete question kept it"


def _tab(window: MainWindow, cls: str) -> QWidget:
    pane = window.workspace.pane(cls)
    window.workspace.setCurrentIndex(window.workspace.indexOf(pane.parentWidget()))
    return pane


def test_calls_tab_print_preview_print_and_pdf_dialogs(window: MainWindow) -> None:
    calls = _tab(window, "CallsTab")
    closer = ModalCloser()
    seen = closer.run(calls.print_preview_button.click)
    assert [name for name, *_ in seen] == ["QPrintPreviewDialog"]
    gc.collect()
    # The tab is still alive and can preview again (the printer was not freed under it).
    seen = closer.run(calls.print_preview_button.click)
    assert [name for name, *_ in seen] == ["QPrintPreviewDialog"]
    seen = closer.run(calls.print_button.click)
    assert [name for name, *_ in seen] == ["QPrintDialog"]
    seen = closer.run(calls.pdf_button.click)
    assert [name for name, *_ in seen] == ["QFileDialog"]
    seen = closer.run(calls.editor.on_edit_bank)
    assert [name for name, *_ in seen] == ["BankDialog"]


def test_committee_tab_import_and_export_dialogs(window: MainWindow) -> None:
    committee = _tab(window, "CommitteeTab")
    closer = ModalCloser()
    seen = closer.run(committee.import_action.trigger)
    assert [name for name, *_ in seen] == ["QFileDialog"]
    for action in committee.export_button.menu().actions():
        seen = closer.run(action.trigger)
        assert [name for name, *_ in seen] == ["QFileDialog"], action.text()


def test_news_tab_add_feed_dialog(window: MainWindow) -> None:
    news = _tab(window, "NewsTab")
    closer = ModalCloser()
    seen = closer.run(news.on_add_feed_clicked)
    assert [name for name, *_ in seen] == ["QInputDialog"]


def test_the_import_merge_question_draws_and_cancels(window: MainWindow, db: Database,
                                                     tmp_path) -> None:
    from workbench import transfer_merge
    from workbench.dossier import build_dossier

    data = build_dossier(db, window.current_account_id())
    preview = transfer_merge.preview_merge(db, data)
    closer = ModalCloser()
    answers: list[str] = []
    seen = closer.run(lambda: answers.append(window.safety._choose_merge(preview)))
    assert [name for name, *_ in seen] == ["QMessageBox"]
    assert answers == [""]  # closed: neither merge nor copy
