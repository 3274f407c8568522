"""The main window: the account list on the left, the selected account's workspace on the right."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import account_columns, settings
from ui.accounts_model import ID_ROLE, AccountsModel
from ui.accounts_view import account_list
from ui.campaigns.menu import add_campaign_actions
from ui.changes import ExternalChangeWatcher, bus_for
from ui.errors import show_error
from ui.first_paint import after_first_paint
from ui.jobs import JobRunner, Pool
from ui.new_account_dialog import NewAccountDialog
from ui.research_actions import ResearchActions
from ui.safety.actions import DatabaseActions
from ui.safety.read_only_banner import ReadOnlyBanner
from ui.territory.actions import TerritoryActions
from ui.workspace import Workspace
from workbench import APP_NAME, __version__, errors
from workbench.storage.database import Database
from workbench.urls import looks_like_url
from workbench.workbook import Changes, Workbook
from workbench.workbook.changes import ACCOUNT, ACCOUNTS


class MainWindow(QMainWindow):
    """Signals:
        open_database_requested(str): the rep chose another database file.
    """

    open_database_requested = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None,
                 pool: Pool | None = None) -> None:
        super().__init__(parent)
        self.db = db
        # The seam to the data: one workbook per open database, one change bus for it.
        # Every write's `Changes` goes out on the bus; another process's writes are
        # noticed by the watcher (about once a second) and go out on it too.
        self.book = Workbook.of(db)
        self.bus = bus_for(self.book)
        self.bus.changed.connect(self.on_changes)
        self.change_watcher = ExternalChangeWatcher(self.book.changes_elsewhere(), self.bus,
                                                    self)
        self.jobs = JobRunner(pool, self)
        self.setWindowTitle(self._title())
        self.setAcceptDrops(True)
        self.undo_group = QUndoGroup(self)

        self.model = AccountsModel(self)  # sorts and filters itself: no proxy per cell
        self.proxy = self.model  # the name it had while a proxy filtered it
        self.filter = QLineEdit(objectName="filter", placeholderText="Filter accounts (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.list = account_list(self.model)  # painted by its own delegate: see accounts_view
        self.empty_hint = QLabel(objectName="empty_hint", wordWrap=True)
        self.empty_hint.setText("No accounts yet. Create one with File ▸ New account, or paste "
                                "or drop a company's web address here.")

        left = QWidget(objectName="account_panel")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        self.read_only_banner = ReadOnlyBanner(self)
        self.read_only_banner.show_for(db)
        left_layout.addWidget(self.read_only_banner)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.empty_hint)
        account_columns.set_up(self.list, left)

        self.workspace = Workspace(db, self.undo_group, self, runner=self.jobs)
        self.workspace.status_message.connect(self.on_status_message)
        self.workspace.error.connect(lambda exc: show_error(self, exc))

        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="splitter")
        splitter.addWidget(left)
        splitter.addWidget(self.workspace)
        splitter.setStretchFactor(0, 0)  # a wider window widens the workspace
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([left.minimumWidth(), 1320 - left.minimumWidth()])
        self.splitter = splitter
        self.account_panel = left
        # Territory views (Today) share the central area with the accounts splitter.
        self.views = QStackedWidget(objectName="views")
        self.views.addWidget(splitter)
        self.setCentralWidget(self.views)
        self.territory = TerritoryActions(self)  # territory: search, signals, Today

        self._filtering = False
        self.filter.textChanged.connect(self.on_filter_changed)
        clear_filter = QAction(self.filter, shortcut=QKeySequence(Qt.Key.Key_Escape))
        clear_filter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear_filter.triggered.connect(self.filter.clear)
        self.filter.addAction(clear_filter)
        self.list.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.safety = DatabaseActions(db, self, self.jobs)
        self.safety.status_message.connect(self.on_status_message)
        self.safety.database_replaced.connect(self.on_database_replaced)
        self.safety.account_imported.connect(lambda account_id: self.reload_accounts(account_id))
        self.research = ResearchActions(db, self.jobs, self.statusBar(), self)
        self.research.status_message.connect(self.on_status_message)
        self.research.finished.connect(self.on_research_finished)
        self._build_menus()
        self.statusBar().showMessage(
            f"Database: {db.path.name if db.path else db.url}", 5000)
        self._restore_geometry()
        # The list is filled (and the chosen account's panes loaded) just after the window
        # first paints: at a territory's scale that costs more than the first paint.
        QTimer.singleShot(0, lambda: after_first_paint(self.list.viewport(), self.on_first_load))

    def on_first_load(self) -> None:
        if self.model.total() == 0:
            self.reload_accounts()
        if self.current_account_id() is None and self.model.rowCount() > 0:
            self.list.selectRow(0)
        elif self.workspace.account_id != self.current_account_id():
            # Chosen in the start-up window: its panes load now, after the first paint.
            self.on_selection_changed(QItemSelection(), QItemSelection())
        self.territory.on_first_load()  # territory: Today opens by default once there is data

    def show_workspace(self) -> None:
        """Show the account list and workspace (leaving Today or another territory view)."""
        self.views.setCurrentWidget(self.splitter)

    # -- menus ---------------------------------------------------------------------------------

    def _action(self, text: str, slot: object, shortcut: QKeySequence | str | None = None,
                name: str = "") -> QAction:
        action = QAction(text, self, objectName=name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = self._action("&New account…", self.on_new_account,
                                       QKeySequence.StandardKey.New, "new_account")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self._action("&Open database…", self.on_open_database,
                                         QKeySequence.StandardKey.Open, "open_database"))
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self.on_recent_menu)
        file_menu.addAction(self._action("Load &demo account", self.on_load_demo, None, "demo"))
        file_menu.addSeparator()
        file_menu.addActions(self.safety.actions)
        file_menu.addSeparator()
        self.file_menu = file_menu
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, "quit")
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        undo = self.undo_group.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("&Find account", self.on_find,
                                         QKeySequence.StandardKey.Find, "find"))
        paste = self._action("&Paste web address as account", self.on_paste_url, None, "paste_url")
        edit_menu.addAction(paste)
        edit_menu.addAction(self.territory.search_action)  # territory: search everywhere

        view_menu = bar.addMenu("&View")
        self.toggle_list_action = QAction("Account &list", self, objectName="toggle_list",
                                          checkable=True, checked=True)
        self.toggle_list_action.setShortcut(QKeySequence("F9"))
        self.toggle_list_action.setStatusTip("Hide the account list to give the workspace "
                                             "the whole window")
        self.toggle_list_action.toggled.connect(self.account_panel.setVisible)
        view_menu.addAction(self.toggle_list_action)
        add_campaign_actions(self, view_menu)
        view_menu.addActions(self.territory.view_actions)  # territory: Today, Signals

        account_menu = bar.addMenu("&Account")
        account_menu.addAction(self.research.research_action)
        account_menu.addAction(self.research.cancel_action)
        account_menu.addAction(self.research.settings_action)
        account_menu.addSeparator()
        account_menu.addActions(self.territory.refresh_actions)  # territory: scheduled refresh
        account_menu.addSeparator()
        self.delete_action = self._action("&Delete account…", self.on_delete_account,
                                          None, "delete_account")
        self.list.addAction(self.delete_action)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        account_menu.addAction(self.delete_action)
        self.account_menu = account_menu

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action(f"&About {APP_NAME}", self.on_about, None, "about"))

    # -- the list ------------------------------------------------------------------------------

    def _title(self) -> str:
        where = self.db.path.name if self.db.path else self.db.url
        return f"{APP_NAME} — {where}"

    def reload_accounts(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.current_account_id()
        self.model.set_rows(list(self.book.accounts.rows()))
        self.empty_hint.setVisible(self.model.total() == 0)
        if keep is not None:
            self.select_account(keep, show=False)
        else:
            self.workspace.set_account(None)
        self._update_actions()

    def current_account_id(self) -> int | None:
        rows = self.list.selectionModel().selectedRows()
        return int(rows[0].data(ID_ROLE)) if rows else None

    def select_account(self, account_id: int, *, show: bool = True) -> None:
        """Choose `account_id` in the list; `show` brings its workspace over Today (a
        list re-read after someone else's change keeps the view the rep is on)."""
        if show:
            self.show_workspace()
        if not self.model.holds(account_id):
            self.workspace.set_account(None)
            return
        if self.model.row_of(account_id) < 0:  # filtered away: clear the filter to show it
            self.filter.clear()
        index = self.model.index(self.model.row_of(account_id), 0)
        self.list.selectRow(index.row())
        self.list.scrollTo(index)

    def on_filter_changed(self, text: str) -> None:
        """Narrow the list; the account being worked on stays chosen (and is selected
        again once the filter shows it), so typing in the filter never loses it."""
        keep = self.workspace.account_id
        self._filtering = True
        try:
            self.model.set_needle(text)
        finally:
            self._filtering = False
        if keep is None or self.current_account_id() == keep:
            return
        index = self.model.index(self.model.row_of(keep), 0)
        if index.isValid():
            self.list.selectRow(index.row())
            self.list.scrollTo(index)
        else:
            # Hidden by the filter: nothing else is chosen in its place (Qt would move
            # the selection to a neighbour); the workspace keeps showing it.
            selection = self.list.selectionModel()
            selection.blockSignals(True)
            selection.clearSelection()
            selection.blockSignals(False)
            self.list.viewport().update()

    def on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._filtering:
            return  # on_filter_changed settles what stays chosen
        account_id = self.current_account_id()
        self.workspace.flush()
        try:
            self.workspace.set_account(account_id)
        except errors.KnownError as exc:
            # A pane could not read the account (the server went away): show none.
            self.workspace.set_account(None)
            show_error(self, exc)
        self.research.set_account(account_id)
        self.safety.set_account(account_id)
        self._update_actions()

    def on_database_replaced(self) -> None:
        """A backup was restored into this file: everything shown is re-read."""
        keep = self.current_account_id()
        self.list.clearSelection()
        self.reload_accounts(keep)

    def on_research_finished(self, account_id: int, result: object) -> None:
        if isinstance(result, BaseException):
            show_error(self, result, "Research")
        # Even a failed run may have stored pages; every pane hears it on the bus.
        self.bus.publish(self.book.research.finished(account_id), None)

    def on_changes(self, changes: Changes, _source: object) -> None:
        """The account list follows every change to accounts, from here or elsewhere."""
        if changes.external:
            self.on_external_change()
        elif ACCOUNTS in changes.areas or ACCOUNT in changes.areas:
            if changes.account_id is None or not self.model.holds(changes.account_id):
                self.reload_accounts()
            else:
                self.on_account_changed(changes.account_id)

    def on_external_change(self) -> None:
        """Another process wrote: update the list in place, or re-read it if accounts
        came or went (the workspace panes refresh themselves from the same broadcast)."""
        rows = list(self.book.accounts.rows())
        if {r.id for r in rows} == set(self.model.account_ids()):
            for row in rows:
                self.model.update_row(row)
        else:
            self.reload_accounts()

    def on_account_changed(self, account_id: int) -> None:
        for row in self.book.accounts.rows(account_id):
            self.model.update_row(row)

    def _update_actions(self) -> None:
        self.delete_action.setEnabled(self.current_account_id() is not None)

    # -- actions -------------------------------------------------------------------------------

    def create_account(self, name: str, website: str) -> int | None:
        try:
            changes = self.book.accounts.create(name, website)
        except errors.KnownError as exc:
            show_error(self, exc)
            return None
        account_id: int = changes.result
        self.reload_accounts(select_id=account_id)
        self.show_workspace()  # territory: the new account's workspace, not Today
        self.on_status_message("Account created.")
        return account_id

    def on_new_account(self, _checked: bool = False, website: str = "") -> None:
        dialog = NewAccountDialog(self, website)
        if dialog.exec():
            self.create_account(*dialog.values())

    def on_delete_account(self) -> None:
        account_id = self.current_account_id()
        if account_id is None:
            return
        name = self.model.index(self.model.row_of(account_id), 0).data()
        answer = QMessageBox.question(
            self, "Delete account",
            f"Delete “{name}” and everything stored about it — pages, news, committee "
            "and calls?\n\nThis cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.book.accounts.delete(account_id)
        except errors.KnownError as exc:
            show_error(self, exc)
        self.list.clearSelection()
        self.reload_accounts()
        self.on_status_message(f"Deleted “{name}”.")

    def on_find(self) -> None:
        self.show_workspace()  # territory: the list is behind Today when Today is shown
        self.toggle_list_action.setChecked(True)
        self.filter.setFocus()
        self.filter.selectAll()

    def on_paste_url(self) -> None:
        text = QGuiApplication.clipboard().text().strip()
        if looks_like_url(text):
            self.on_new_account(website=text)
        else:
            self.on_status_message("The clipboard does not hold a web address.")

    def on_load_demo(self) -> None:
        try:
            account_id = self.book.accounts.load_demo().result
        except errors.KnownError as exc:
            show_error(self, exc)
            return
        self.reload_accounts(select_id=account_id)

    def on_open_database(self) -> None:
        start = str(self.db.path.parent) if self.db.path else ""
        path, _ = QFileDialog.getOpenFileName(
            self, "Open database", start, "Workbench databases (*.sqlite3 *.sqlite *.db);;"
            "All files (*)")
        if path:
            self.open_database_requested.emit(path)

    def on_recent_menu(self) -> None:
        self.recent_menu.clear()
        current = self.db.target
        for target in settings.recent_databases():
            if target == current:
                continue
            action = self.recent_menu.addAction(target)
            action.triggered.connect(lambda _c=False, t=target: self.open_database_requested.emit(t))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No other databases yet").setEnabled(False)

    def on_about(self) -> None:
        QMessageBox.about(
            self, f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Know the account, have a reason to call, know every member of the buying "
            "committee, and walk in with an objective and the commitment to ask for.</p>"
            f"<p>Database: {self.db.url}</p>")

    def on_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 4000)

    # -- drag and drop of web addresses ----------------------------------------------------------

    @staticmethod
    def _dropped_url(event: QDragEnterEvent | QDropEvent) -> str:
        mime = event.mimeData()
        if mime.hasUrls():
            url = mime.urls()[0]
            return url.toString() if url.scheme() in ("http", "https") else ""
        text = mime.text().strip() if mime.hasText() else ""
        return text if looks_like_url(text) else ""

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_url(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        url = self._dropped_url(event)
        if url:
            event.acceptProposedAction()
            self.create_account("", url)

    # -- geometry ------------------------------------------------------------------------------

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

    def closeEvent(self, event: QCloseEvent) -> None:
        self.workspace.flush()
        self.change_watcher.stop()
        self.territory.on_close()  # territory: stop a background refresh (it resumes later)
        self.jobs.close()
        store = settings.settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/splitter", self.splitter.saveState())
        super().closeEvent(event)

