"""Starting the desktop program: the application object, the database, the main window."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from ui import settings
from ui.errors import install_excepthook, show_error
from ui.main_window import MainWindow
from ui.safety.damaged_dialog import open_or_recover
from workbench import APP_NAME, __version__, accounts, errors, logs, paths
from workbench.storage.database import Database, resolve_url
from workbench.storage.server_url import without_password

log = logging.getLogger("ui.app")


def _application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Sales Prep Workbench")
    style = paths.resources_dir() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def open_with_dialogs(target: str | None) -> Database | None:
    """Open `target`; on a clear error, say so and let the rep pick another file or quit."""
    while True:
        try:
            db = open_or_recover(target)
            if db is None:
                return None
        except errors.KnownError as exc:
            show_error(None, exc)
            answer = QMessageBox.question(
                None, APP_NAME, "Open another database file?",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close)
            if answer != QMessageBox.StandardButton.Open:
                return None
            target, _ = QFileDialog.getOpenFileName(
                None, "Open database", str(paths.data_dir()),
                "Workbench databases (*.sqlite3 *.sqlite *.db);;All files (*)")
            if not target:
                return None
            continue
        settings.remember_database(db.target)
        return db


def _freeze_startup_objects() -> None:
    """Move what start-up created out of the garbage collector's sight.

    The modules, models and widgets made at start live as long as the program; left
    in view, every full collection walks them all (some 120,000 objects) while the
    window waits, which showed as 85-100 ms stalls during background work.
    """
    gc.collect()
    gc.freeze()


class Controller:
    """Owns the open database and its window; switches both when the rep opens another file."""

    def __init__(self) -> None:
        self.window: MainWindow | None = None

    def show(self, db: Database, offer_demo: bool) -> None:
        old = self.window
        window = MainWindow(db)
        window.open_database_requested.connect(self.on_open_database_requested)
        window.show()
        QTimer.singleShot(0, lambda: window.safety.run_daily_backup(window.jobs))
        QTimer.singleShot(0, _freeze_startup_objects)
        self.window = window
        if old is not None:
            old.close()
            old.db.dispose()
            old.deleteLater()
        if offer_demo:
            QTimer.singleShot(0, lambda: self.offer_demo(window))

    def offer_demo(self, window: MainWindow) -> None:
        if accounts.has_accounts(window.db):
            return
        answer = QMessageBox.question(
            window, "Welcome",
            "This database is empty. Load a demo account (a fictional company with pages, "
            "news, a buying committee and a planned call) to see what the workbench does?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            window.on_load_demo()

    def on_open_database_requested(self, target: str) -> None:
        try:
            db = open_or_recover(target, self.window)
        except errors.KnownError as exc:
            show_error(self.window, exc)
            return
        if db is None:
            return
        settings.remember_database(db.target)
        self.show(db, offer_demo=True)


SMOKE_TEST_ENV = "WORKBENCH_SMOKE_TEST"


def run(db_target: str | None = None) -> int:
    """Start the program on `db_target` (a path, a URL, or None for the default file).

    With WORKBENCH_SMOKE_TEST=1 the program quits as soon as its window has been shown
    (used by CI to start the built bundle, and by the start-up benchmark).
    """
    logs.configure()
    app = _application()
    install_excepthook()
    log.info("starting %s %s on %s", APP_NAME, __version__,
             without_password(resolve_url(db_target)[0]))
    db = open_with_dialogs(db_target)
    if db is None:
        return 1
    smoke_test = os.environ.get(SMOKE_TEST_ENV) == "1"
    controller = Controller()
    controller.show(db, offer_demo=not smoke_test)
    if smoke_test:
        QTimer.singleShot(0, lambda: print(f"started: {controller.window.windowTitle()}",
                                           flush=True))
        QTimer.singleShot(0, app.quit)
    try:
        code = app.exec()
    finally:
        sys.excepthook = sys.__excepthook__
    if controller.window is not None:
        controller.window.db.dispose()
    return int(code)


def main(argv: Sequence[str] | None = None) -> int:
    """The `workbench-gui` script: the program without a console."""
    parser = argparse.ArgumentParser(prog="workbench-gui")
    parser.add_argument("--db", metavar="PATH")
    args = parser.parse_args(argv)
    return run(args.db)


if __name__ == "__main__":
    sys.exit(main())
