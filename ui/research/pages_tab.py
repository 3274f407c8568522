"""The Pages tab: an account's captured pages by kind, a reader view of each capture,
what changed since the previous capture, the facts found with their source, and the
people found, each addable to the buying committee with one click.

Everything is read from the database; nothing here touches the network (research runs
in the main window's job runner, which calls ``reload()`` when it is done).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, QPoint, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.jobs import JobRunner
from ui.links import LinkColumnProxy, open_link
from ui.pane import PaneMixin
from ui.research.pages_commands import AddToCommitteeCommand
from ui.research.pages_models import (
    CapturesModel,
    FactsModel,
    IdRole,
    PagesTableModel,
    PeopleModel,
    UrlRole,
    when,
)
from ui.research.pages_reader import SafeBrowser, diff_html, reader_html
from workbench.errors import KnownError
from workbench.research.snapshots import diff_text
from workbench.storage.database import Database
from workbench.workbook.changes import COMMITTEE, PAGES, RESEARCH

NO_ACCOUNT_TEXT = "Choose an account to see its pages."
NO_PAGES_TEXT = ("No pages captured yet. Research the account to capture its website: "
                 "about, leadership, products, customers, press, careers and contact pages.")


def _table(model: object) -> QTableView:
    view = QTableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    # Compact rows: a rep scans a dozen pages and people at a glance.
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view


class SourceLinkProxy(LinkColumnProxy):
    """The facts with their Source column in link style, pointing at the page each came from."""

    SOURCE_COLUMN = 2

    def __init__(self, facts: FactsModel, parent: Any = None) -> None:
        super().__init__(self.SOURCE_COLUMN, lambda index: index.data(UrlRole) or None, parent)
        self.setSourceModel(facts)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and self.link(index) is not None:
            return f"Click to see the page this came from: {self.link(index)}"
        return super().data(index, role)


MAX_COLUMN_WIDTH = 170


class PagesTab(PaneMixin, QWidget):
    """Captured pages, reader view, changes, facts and people found for one account.

    Signals:
        status_message(str): a line for the main window's status bar.
        committee_changed(int): a found person was added to (or, by undo, removed from)
            the committee of this account id. (The other panes hear it on the change
            bus; this signal is for a caller that watches this tab alone.)
    """

    status_message = Signal(str)
    committee_changed = Signal(int)
    SHOWS = (PAGES, RESEARCH, COMMITTEE)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.init_pane(db, runner)
        self._account_id: int | None = None
        self.undo_stack: QUndoStack | None = QUndoStack(self)
        self.pages_model = PagesTableModel(db, self)
        self.captures_model = CapturesModel(db, self)
        self.people_model = PeopleModel(db, self)
        self.facts_model = FactsModel(db, self)
        self._build()
        self.set_account(None)

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.placeholder = QLabel(NO_ACCOUNT_TEXT)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.pages_view = _table(self.pages_model)
        self.pages_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pages_view.selectionModel().selectionChanged.connect(self.on_page_selected)

        self.history_box = QComboBox()
        self.history_box.setModel(self.captures_model)
        self.history_box.setToolTip("Captures of this page, newest first")
        self.history_box.currentIndexChanged.connect(self.on_capture_chosen)
        self.open_page_button = QPushButton("Open in browser")
        self.open_page_button.setToolTip("Open the live page in your web browser")
        self.open_page_button.clicked.connect(self.on_open_page_clicked)
        history_row = QHBoxLayout()
        history_row.addWidget(QLabel("Capture:"))
        history_row.addWidget(self.history_box, 1)
        history_row.addWidget(self.open_page_button)

        self.reader = SafeBrowser()
        self.changes = SafeBrowser()
        self.page_tabs = QTabWidget()
        self.page_tabs.addTab(self.reader, "Reader")
        self.page_tabs.addTab(self.changes, "Changes")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(history_row)
        right_layout.addWidget(self.page_tabs)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.pages_view)
        top.addWidget(right)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 1)
        top.setSizes([700, 500])  # the list of five columns gets the larger share
        self.top_split = top

        self.people_view = _table(self.people_model)
        self.people_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.people_view.selectionModel().selectionChanged.connect(self.on_people_selected)
        self.people_view.doubleClicked.connect(self.on_person_double_clicked)
        self.add_button = QPushButton("Add to committee")
        self.add_button.setToolTip("Add the selected people to the buying committee, "
                                   "noting the page they were found on")
        self.add_button.clicked.connect(self.on_add_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Double-click a person to see the page they were found on."))
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        people = QWidget()
        people_layout = QVBoxLayout(people)
        people_layout.setContentsMargins(0, 4, 0, 0)
        people_layout.addWidget(self.people_view)
        people_layout.addLayout(buttons)

        # Each fact's source is a link to the page it came from: a click shows that page's
        # capture above (offline); right-click also opens the original or copies.
        self.facts_links = SourceLinkProxy(self.facts_model, self)
        self.facts_view = _table(self.facts_links)
        self.facts_view.setObjectName("facts_view")
        self.facts_view.clicked.connect(self.on_fact_clicked)
        self.facts_view.doubleClicked.connect(self.on_fact_double_clicked)
        self.facts_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.facts_view.customContextMenuRequested.connect(self.on_facts_menu)
        self.lower_tabs = QTabWidget()
        self.lower_tabs.addTab(people, "People found")
        self.lower_tabs.addTab(self.facts_view, "Facts")

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.lower_tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.header)
        content_layout.addWidget(split, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

    def refresh(self) -> None:
        self.reload()

    # -- public ------------------------------------------------------------------------------
    def set_account(self, account_id: int | None) -> None:
        """Show an account's pages (None: ask the rep to choose an account)."""
        if account_id != self._account_id and self.undo_stack is not None:
            self.undo_stack.clear()  # undo belongs to the account it was done in
        self._account_id = account_id
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Read everything again (after a research run or an edit elsewhere)."""
        account_id = self._account_id
        selected_url = self._selected_page_url()
        self.pages_model.load(account_id)
        self.people_model.load(account_id)
        self.facts_model.load(account_id)
        if account_id is None:
            self.placeholder.setText(NO_ACCOUNT_TEXT)
            self.stack.setCurrentWidget(self.placeholder)
            return
        if not self.pages_model.rows:
            self.placeholder.setText(NO_PAGES_TEXT)
            self.stack.setCurrentWidget(self.placeholder)
            return
        self.stack.setCurrentIndex(1)
        self._update_header()
        self.lower_tabs.setTabText(0, f"People found ({len(self.people_model.rows)})")
        self.lower_tabs.setTabText(1, f"Facts ({len(self.facts_model.rows)})")
        # Pages: the page's title gives way (the list is narrow at the default window
        # size, and its last columns must stay in view); people: the title; facts: the value.
        for view, stretch in ((self.pages_view, 1), (self.people_view, 1), (self.facts_view, 1)):
            view.resizeColumnsToContents()
            header = view.horizontalHeader()
            header.setStretchLastSection(False)
            for column in range(header.count()):
                mode = (QHeaderView.ResizeMode.Stretch if column == stretch
                        else QHeaderView.ResizeMode.Interactive)
                header.setSectionResizeMode(column, mode)
                if column != stretch and header.sectionSize(column) > MAX_COLUMN_WIDTH:
                    header.resizeSection(column, MAX_COLUMN_WIDTH)
        row = next((i for i, r in enumerate(self.pages_model.rows) if r.url == selected_url), 0)
        self.select_page(row)
        self._update_buttons()

    def select_page(self, row: int) -> None:
        if 0 <= row < self.pages_model.rowCount():
            self.pages_view.selectRow(row)
            self._show_page(self.pages_model.index(row, 0))

    def add_selected_people(self) -> int:
        """Add the selected people not yet on the committee; returns how many."""
        people = [self.people_model.row_at(i) for i in self.people_view.selectionModel().selectedRows()]
        todo = [p for p in people if p is not None and not p.stakeholder_id]
        if not todo or self.undo_stack is None or self._account_id is None:
            return 0
        account_id = self._account_id
        changed = self._after_committee_change
        try:
            if len(todo) > 1:
                self.undo_stack.beginMacro(f"Add {len(todo)} people to the committee")
            for person in todo:
                self.undo_stack.push(AddToCommitteeCommand(
                    self.book, account_id, person.id, person.name, changed, pane=self))
        except KnownError as exc:
            self.status_message.emit(str(exc))
            return 0
        finally:
            if len(todo) > 1:
                self.undo_stack.endMacro()
        names = ", ".join(p.name for p in todo)
        self.status_message.emit(f"Added {names} to the buying committee")
        if account_id is not None:
            self.committee_changed.emit(account_id)
        return len(todo)

    # -- internals -----------------------------------------------------------------------------
    def _after_committee_change(self) -> None:
        selected = {self.people_model.row_at(i).id
                    for i in self.people_view.selectionModel().selectedRows()
                    if self.people_model.row_at(i) is not None}
        self.people_model.load(self._account_id)
        for row, person in enumerate(self.people_model.rows):
            if person.id in selected:
                self.people_view.selectionModel().select(
                    self.people_model.index(row, 0),
                    self.people_view.selectionModel().SelectionFlag.Select
                    | self.people_view.selectionModel().SelectionFlag.Rows)
        self._update_buttons()

    def _update_header(self) -> None:
        rows = self.pages_model.rows
        captured = sum(1 for r in rows if r.versions)
        failed = [r for r in rows if r.last_error]
        # A page known only by its capture (the demo, an imported account) was checked then.
        latest = max((r.last_fetched_at or r.captured_at for r in rows
                      if r.last_fetched_at or r.captured_at), default=None)
        text = f"<b>{captured} page(s) captured</b>, last checked {when(latest)}"
        if failed:
            text += (f" · <span style='color:#aa1e1e'>{len(failed)} could not be read "
                     "(hover a page for why)</span>")
        self.header.setText(text)

    def _selected_page_url(self) -> str | None:
        rows = self.pages_view.selectionModel().selectedRows()
        return self.pages_model.data(rows[0], UrlRole) if rows else None

    def _show_page(self, index: QModelIndex) -> None:
        source_id = self.pages_model.data(index, IdRole)
        # Quietly: resetting the chooser would render the capture once more by signal.
        self.history_box.blockSignals(True)
        try:
            self.captures_model.load(source_id)
            self.history_box.setEnabled(self.captures_model.rowCount() > 1)
            if self.captures_model.rowCount():
                self.history_box.setCurrentIndex(0)
        finally:
            self.history_box.blockSignals(False)
        self.on_capture_chosen(0)

    def _update_buttons(self) -> None:
        people = [self.people_model.row_at(i) for i in self.people_view.selectionModel().selectedRows()]
        self.add_button.setEnabled(any(p is not None and not p.stakeholder_id for p in people))

    # -- slots -------------------------------------------------------------------------------------
    @Slot(QItemSelection, QItemSelection)
    def on_page_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.pages_view.selectionModel().selectedRows()
        if rows:
            self._show_page(rows[0])

    @Slot(int)
    def on_capture_chosen(self, row: int) -> None:
        rows = self.pages_view.selectionModel().selectedRows()
        page = self.pages_model.row_at(rows[0]) if rows else None
        if page is None:
            self.reader.clear()
            self.changes.clear()
            return
        newer = self.captures_model.capture(max(row, 0))
        older = self.captures_model.capture(max(row, 0) + 1)
        self.reader.setHtml(reader_html(newer, page.url, page.last_error))
        lines = diff_text(older.text, newer.text) if older and newer else []
        self.changes.setHtml(diff_html(lines, older, newer))
        self.page_tabs.setTabText(1, "Changes" + (" •" if lines else ""))

    @Slot()
    def on_open_page_clicked(self) -> None:
        url = self._selected_page_url()
        if url and url.startswith(("http://", "https://")):
            QDesktopServices.openUrl(QUrl(url))

    @Slot(QItemSelection, QItemSelection)
    def on_people_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    @Slot()
    def on_add_clicked(self) -> None:
        self.add_selected_people()

    @Slot(QModelIndex)
    def on_person_double_clicked(self, index: QModelIndex) -> None:
        self._select_page_by_url(self.people_model.data(index, UrlRole))

    @Slot(QModelIndex)
    def on_fact_clicked(self, index: QModelIndex) -> None:
        url = self.facts_links.link(index)
        if url is not None:
            self.show_fact_source(url)

    @Slot(QModelIndex)
    def on_fact_double_clicked(self, index: QModelIndex) -> None:
        self.show_fact_source(index.data(UrlRole))

    def show_fact_source(self, url: str | None) -> None:
        """Show the captured page a fact came from (its reader view, above the facts)."""
        self._select_page_by_url(url)

    def facts_menu(self, index: QModelIndex) -> QMenu:
        """The right-click menu of one fact (built apart so tests can read it)."""
        menu = QMenu(self.facts_view)
        url = index.data(UrlRole)
        text = str(index.data() or "")
        if url:
            menu.addAction("Show the page it came from", lambda: self.show_fact_source(url))
            if str(url).startswith(("http://", "https://")):
                menu.addAction("Open the original in the browser", lambda: open_link(url))
        menu.addAction("Copy", lambda: QGuiApplication.clipboard().setText(text))
        return menu

    @Slot(QPoint)
    def on_facts_menu(self, pos: QPoint) -> None:
        index = self.facts_view.indexAt(pos)
        if index.isValid():
            menu = self.facts_menu(index)
            menu.exec(self.facts_view.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def _select_page_by_url(self, url: str | None) -> None:
        for row, page in enumerate(self.pages_model.rows):
            if page.url == url:
                self.select_page(row)
                self.page_tabs.setCurrentIndex(0)
                return
