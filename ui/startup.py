"""The first window the rep sees: painted before SQLAlchemy and the main window are imported.

Importing SQLAlchemy, the models and the main window takes most of a cold start
(about 80 % of `import ui.app`), and reading 10,000 accounts through the ORM eight
times what sqlite3 takes. So, for a workbench SQLite file on the newest schema, the
program first shows this light window: the main window's frame, menus and account
list, with nothing but PySide6 and the standard library behind it. Once it has
painted, a worker thread reads the list with plain sqlite3 (and prepares its sort
keys), the list is filled in one reset, and the same thread imports the heavy
modules; then the real `MainWindow` is built, takes over the filled list, the
filter text, the selection and the geometry, and replaces this window.

Any other database (a server, an older or damaged file, a missing one) skips this
window and starts the usual way, through `open_database` and its dialogs.
"""

from __future__ import annotations

import gc
import importlib
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui import settings
from ui.accounts_model import AccountsModel, PreparedRows, prepare_rows
from ui.accounts_view import account_list
from workbench import APP_NAME
from workbench.storage import plain_read

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger("ui.startup")

# What the main window needs, imported by the worker once the first paint is on screen.
HEAVY_MODULES = ("sqlalchemy.orm", "workbench.storage.database", "workbench.accounts",
                 "ui.safety.damaged_dialog", "ui.main_window",
                 # Imported when the main window is built: here, off the GUI thread.
                 "ui.territory.background_refresh")
MENUS = ("&File", "&Edit", "&View", "&Account", "&Help")


class _Loader(QObject):
    """Carries the worker's results to the GUI thread (queued signals).

    Signals:
        rows_ready(object): the `PreparedRows` of the account list.
        modules_ready(): the heavy modules are imported.
        failed(object): the exception that stopped the worker.
    """

    rows_ready = Signal(object)
    modules_ready = Signal()
    failed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        # Set by the GUI thread once the full list is drawn: only then do the imports
        # start, so they do not compete with the fill for the interpreter.
        self.list_shown = threading.Event()

    def run(self, path: Path) -> None:
        try:
            conn = plain_read.open_current(path)
            if conn is not None:
                try:
                    rows = plain_read.list_account_rows(conn)
                finally:
                    conn.close()
                self.rows_ready.emit(prepare_rows(rows))
                self.list_shown.wait(timeout=2.0)
            for name in HEAVY_MODULES:
                importlib.import_module(name)
            # Mapper configuration would otherwise run on the GUI thread at the first query.
            from workbench.workbook.warm_up import configure_models

            configure_models()
        except Exception as exc:  # noqa: BLE001 - reported on the GUI thread
            self.failed.emit(exc)
            return
        self.modules_ready.emit()


class StartupWindow(QMainWindow):
    """The main window's frame and account list, shown while the program loads.

    Signals:
        painted(): its first paint is on screen (emitted once).
        list_filled(int): the account list holds every account (their number).
        ready(): the main window's modules are imported; build it and `hand_over`.
        failed(object): loading failed; start the usual way instead.
    """

    painted = Signal()
    list_filled = Signal(int)
    ready = Signal()
    failed = Signal(object)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.prepared: PreparedRows | None = None
        self.setWindowTitle(f"{APP_NAME} — {path.name}")
        for title in MENUS:
            self.menuBar().addMenu(title).setEnabled(False)
        self.model = AccountsModel(self)
        self.proxy = self.model  # the name it had while a proxy filtered it
        self.filter = QLineEdit(objectName="filter", placeholderText="Filter accounts (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.model.set_needle)
        # Set up as ui/main_window.py sets its list up, so the swap does not show.
        self.list = account_list(self.model)
        header = self.list.horizontalHeader()
        header.setMinimumSectionSize(44)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        em = self.fontMetrics().horizontalAdvance("M")
        for column, width in ((1, 11), (2, 3), (3, 6), (4, 8), (5, 8)):
            self.list.setColumnWidth(column, width * em)
        left = QWidget(objectName="account_panel")
        layout = QVBoxLayout(left)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(QWidget(objectName="workspace_placeholder"))
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([380, 1020])
        self.setCentralWidget(self.splitter)
        self.statusBar().showMessage(f"Opening {path.name}…")
        self._restore_geometry()
        self._painted = False
        self.list.viewport().installEventFilter(self)
        self._loader = _Loader()
        self._loader.rows_ready.connect(self.on_rows_ready)
        self._loader.modules_ready.connect(self.ready)
        self._loader.failed.connect(self.failed)

    @classmethod
    def for_target(cls, target: str | None) -> StartupWindow | None:
        """The window for `target` if it is a workbench SQLite file on the newest schema."""
        conn = plain_read.open_current(target)
        if conn is None:
            return None
        conn.close()
        path = plain_read.sqlite_file(target)
        return cls(path) if path is not None else None

    def _restore_geometry(self) -> None:
        store = settings.settings()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1320, 820)
        state = store.value("window/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            # Acted on after this paint has reached the screen, not before: a zero-delay
            # timer started here runs once the paint cycle is over.
            if not self._painted:
                self._painted = True
                QTimer.singleShot(0, self.on_first_paint)
            elif self.prepared is not None and not self._loader.list_shown.is_set():
                QTimer.singleShot(0, self._loader.list_shown.set)  # the full list is drawn
        return False

    def on_first_paint(self) -> None:
        self.painted.emit()
        # Until the main window has frozen its start-up objects (ui.app), no automatic
        # full collection: during the imports each would stall this window's list.
        gc.disable()
        threading.Thread(target=self._loader.run, args=(self.path,), name="startup-load",
                         daemon=True).start()

    def on_rows_ready(self, prepared: PreparedRows) -> None:
        self.prepared = prepared
        self.model.set_rows(prepared)
        if self.model.rowCount():
            self.list.selectRow(0)
        self.list_filled.emit(self.model.rowCount())
        self.list.viewport().update()  # its paint lets the worker go on (eventFilter)

    def current_account_id(self) -> int | None:
        from ui.accounts_model import ID_ROLE

        rows = self.list.selectionModel().selectedRows()
        return int(rows[0].data(ID_ROLE)) if rows else None

    def hand_over(self, window: MainWindow) -> None:
        """Give `window` the filled list, the filter, the selection and the geometry,
        show it in this window's place and close this one."""
        if self.prepared is not None:
            window.model.set_rows(self.prepared.copy())
            window.empty_hint.setVisible(window.model.total() == 0)
        window.restoreGeometry(self.saveGeometry())
        window.splitter.restoreState(self.splitter.saveState())
        window.filter.setText(self.filter.text())
        chosen = self.current_account_id()
        row = window.model.row_of(chosen) if chosen is not None else -1
        if row >= 0:
            # Chosen without loading its panes: the main window loads them once it has
            # painted (MainWindow.on_first_load), so the swap is not held up by them.
            selection = window.list.selectionModel()
            selection.blockSignals(True)
            window.list.selectRow(row)
            selection.blockSignals(False)
            window.list.scrollTo(window.model.index(row, 0))
        window.show()
        self.close()
        self.deleteLater()
