"""Starting the desktop program: the application object, the database, the main window.

For a workbench SQLite file on the newest schema the first thing on screen is
`ui.startup.StartupWindow`, painted before SQLAlchemy and the main window are even
imported; the main window replaces it once they are (see that module). This module
therefore imports the storage layer and the main window inside the functions that
need them, never at the top.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from ui import settings
from ui.errors import install_excepthook, show_error
from ui.startup import StartupWindow
from workbench import APP_NAME, __version__, errors, logs, paths

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from workbench.storage.database import Database

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
    from ui.safety.damaged_dialog import open_or_recover

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


def freeze_startup_objects() -> None:
    """Move what start-up created out of the garbage collector's sight.

    The modules, models and widgets made at start live as long as the program; left
    in view, every full collection walks them all (some 120,000 objects) while the
    window waits, which showed as 85-100 ms stalls during background work. No full
    collection first: walking them all once costs the same stall (50-130 ms) just
    after the window appears, to reclaim the few cycles start-up leaves. The start-up
    window turns the collector off while the main window's modules load (each
    automatic full collection then would stall its list); it is turned on here.

    After the freeze the collector counts almost nothing as long-lived, so its own rule
    (a full collection once the objects waiting for one reach a quarter of the
    long-lived) would hold at every tenth middle collection: 55-65 ms stalls while a
    background read builds rows. A full collection waits for a hundred middle ones
    instead; the youngest two generations still collect as often as ever.
    """
    gc.freeze()
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, 100)
    gc.enable()


class Controller:
    """Owns the open database and its window; switches both when the rep opens another file."""

    def __init__(self) -> None:
        self.window: MainWindow | None = None

    def show(self, db: Database, offer_demo: bool,
             startup: StartupWindow | None = None) -> None:
        from ui.main_window import MainWindow

        old = self.window
        window = MainWindow(db)
        window.open_database_requested.connect(self.on_open_database_requested)
        if startup is not None:
            startup.hand_over(window)  # its filled list, filter and place; then it closes
        else:
            window.show()
        QTimer.singleShot(0, lambda: window.safety.run_daily_backup())
        QTimer.singleShot(0, freeze_startup_objects)
        self.window = window
        if old is not None:
            old.close()
            old.db.dispose()
            old.deleteLater()
        if offer_demo:
            QTimer.singleShot(0, lambda: self.offer_demo(window))

    def offer_demo(self, window: MainWindow) -> None:
        from workbench import accounts

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
        from ui.safety.damaged_dialog import open_or_recover

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
# With the smoke test: a PNG of the whole screen once the window shows (CI looks at it).
SMOKE_SCREENSHOT_ENV = "WORKBENCH_SMOKE_SCREENSHOT"


def _printable(db_target: str | None) -> str:
    """The database for the log: a server URL without its password."""
    if not db_target:
        return "the default database"
    if "://" not in db_target:
        return db_target
    from workbench.storage.server_url import without_password  # SQLAlchemy: servers only

    return without_password(db_target)


def run(db_target: str | None = None) -> int:
    """Start the program on `db_target` (a path, a URL, or None for the default file).

    With WORKBENCH_SMOKE_TEST=1 the program quits as soon as its main window has been
    shown (used by CI to start the built bundle).
    """
    logs.configure()
    app = _application()
    install_excepthook()
    log.info("starting %s %s on %s", APP_NAME, __version__,
             _printable(db_target))
    smoke_test = os.environ.get(SMOKE_TEST_ENV) == "1"
    controller = Controller()

    def show(db: Database, startup: StartupWindow | None) -> None:
        controller.show(db, offer_demo=not smoke_test, startup=startup)
        if smoke_test:
            QTimer.singleShot(0, lambda: print(f"started: {controller.window.windowTitle()}",
                                               flush=True))
            screenshot = os.environ.get(SMOKE_SCREENSHOT_ENV)
            if screenshot:
                # What the display server shows (not what Qt would draw): proof the platform
                # works. One callback saves, then quits, so a busy machine cannot reorder them.
                QTimer.singleShot(1500, lambda: app.exit(0 if _save_screen(screenshot) else 1))
            else:
                QTimer.singleShot(0, app.quit)

    def open_and_show(startup: StartupWindow | None) -> bool:
        db = open_with_dialogs(db_target)
        if db is None:
            return False
        if startup is None:
            show(db, None)
        else:
            # Opening the database and building the main window are two separate stalls
            # of the start-up window (its list stays usable between them), not one.
            QTimer.singleShot(0, lambda: show(db, startup))
        return True

    # A current SQLite file: paint its list first, build the main window after.
    startup = StartupWindow.for_target(db_target)
    if startup is None:
        if not open_and_show(None):
            return 1
    else:
        def on_ready() -> None:
            if not open_and_show(startup):
                startup.close()
                app.exit(1)

        def on_failed(exc: object) -> None:
            log.warning("the start-up window could not load (%s); starting the usual way", exc)
            on_ready()

        startup.ready.connect(on_ready)
        startup.failed.connect(on_failed)
        startup.show()
    try:
        code = app.exec()
    finally:
        sys.excepthook = sys.__excepthook__
        if "workbench.research.reader_pool" in sys.modules:
            # A research still reading a page must not keep the closed program alive.
            sys.modules["workbench.research.reader_pool"].shutdown()
    if controller.window is not None:
        controller.window.db.dispose()
    return int(code)


def _save_screen(path: str) -> bool:
    """Save the whole screen as a PNG at `path`; say on stdout whether it worked."""
    try:
        screen = QApplication.primaryScreen()
        saved = screen is not None and screen.grabWindow(0).save(path, "PNG")
    except Exception as exc:  # the smoke test's own report, not the error dialog
        print(f"screenshot failed: {path}: {exc!r}", flush=True)
        return False
    print(f"screenshot: {path}" if saved else f"screenshot failed: {path}", flush=True)
    return bool(saved)


def main(argv: Sequence[str] | None = None) -> int:
    """The `workbench-gui` script: the program without a console."""
    parser = argparse.ArgumentParser(prog="workbench-gui")
    parser.add_argument("--db", metavar="PATH")
    args = parser.parse_args(argv)
    return run(args.db)


if __name__ == "__main__":
    sys.exit(main())
