"""The News tab: an account's stories with their trigger events, for call prep.

The rep filters by event kind, period and unread, reads the selected story with the
sentence that shows each event highlighted, pins stories for the call-prep sheet, marks
them read or unread, opens the original in the system browser, and adds news-search
feeds. Everything is read from and saved to the database at once; nothing here touches
the network.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QDate, QItemSelection, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.errors import show_error
from ui.jobs import JobRunner
from ui.pane import PaneMixin
from ui.research.news_commands import SetNewsFlagCommand
from ui.research.news_detail import SafeTextBrowser, story_html
from ui.research.news_model import ANY_TRIGGER, ItemIdRole, NewsFilter, NewsTableModel
from workbench.errors import KnownError
from workbench.research import feeds
from workbench.research.triggers import KIND_LABELS
from workbench.storage.database import Database
from workbench.workbook.changes import NEWS

log = logging.getLogger("ui.research.news")

# (label, days): None days with "range" means the date pickers decide.
PERIODS: list[tuple[str, int | None | str]] = [
    ("Any time", None), ("Last 7 days", 7), ("Last 30 days", 30), ("Last 90 days", 90),
    ("Last 365 days", 365), ("Between dates…", "range")]
NO_ACCOUNT_TEXT = "Choose an account to see its news."
NO_NEWS_TEXT = ("No news for this account yet. Research or refresh the account, "
                "or add a news feed (for example a news search for the company).")


class NewsTab(PaneMixin, QWidget):
    """An account's news, filtered, with the selected story's text and events.

    Signals:
        status_message(str): a line for the main window's status bar.
    """

    status_message = Signal(str)
    SHOWS = (NEWS,)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.init_pane(db, runner)
        self._account_id: int | None = None
        # True while the tab itself selects a row (after loading or filtering): showing a
        # story the rep did not pick must not mark it read.
        self._auto_selecting = False
        self.undo_stack: QUndoStack | None = QUndoStack(self)
        self.model = NewsTableModel(db, self, runner)
        self.model.loaded.connect(self._on_loaded)
        self.model.load_failed.connect(self._on_load_failed)
        # The story to select once the rows being read are in (None: the first).
        self._keep: int | None = None
        self._build()
        self.set_account(None)

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.kind_box = QComboBox()
        self.kind_box.addItem("All events", None)
        self.kind_box.addItem("Any trigger event", ANY_TRIGGER)
        for kind, label in KIND_LABELS.items():
            self.kind_box.addItem(label, kind)
        self.period_box = QComboBox()
        for label, days in PERIODS:
            self.period_box.addItem(label, days)
        today = QDate.currentDate()
        self.start_edit = QDateEdit(today.addDays(-30))
        self.end_edit = QDateEdit(today)
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setVisible(False)
        self.unread_box = QCheckBox("Unread only")
        self.add_feed_button = QPushButton("Add news feed…")
        self.add_feed_button.setToolTip("Follow a feed for this account, e.g. a news search for "
                                        "the company. Use {name} to add it for every account.")

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Events:"))
        bar.addWidget(self.kind_box)
        bar.addWidget(QLabel("Period:"))
        bar.addWidget(self.period_box)
        bar.addWidget(self.start_edit)
        bar.addWidget(self.end_edit)
        bar.addWidget(self.unread_box)
        bar.addStretch(1)
        bar.addWidget(self.add_feed_button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NewsTableModel.PIN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(NewsTableModel.PIN, 28)
        header.setSectionResizeMode(NewsTableModel.DATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NewsTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        # The headline gets the room; events and source take what they need, within reason.
        header.setSectionResizeMode(NewsTableModel.EVENTS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NewsTableModel.SOURCE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(NewsTableModel.SOURCE, 110)
        header.setMaximumSectionSize(260)
        header.setMinimumSectionSize(28)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: palette(mid);")

        self.pin_button = QPushButton("Pin for call prep")
        self.pin_button.setCheckable(True)
        self.read_button = QPushButton("Mark unread")
        self.open_button = QPushButton("Open original")
        self.browser = SafeTextBrowser()
        actions = QHBoxLayout()
        for button in (self.pin_button, self.read_button, self.open_button):
            actions.addWidget(button)
        actions.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table)
        left_layout.addWidget(self.count_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.browser)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
        splitter.setChildrenCollapsible(False)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(bar)
        content_layout.addWidget(splitter, 1)
        self.placeholder = QLabel(NO_ACCOUNT_TEXT)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        self.kind_box.currentIndexChanged.connect(self.on_filter_changed)
        self.period_box.currentIndexChanged.connect(self.on_filter_changed)
        self.start_edit.dateChanged.connect(self.on_filter_changed)
        self.end_edit.dateChanged.connect(self.on_filter_changed)
        self.unread_box.toggled.connect(self.on_filter_changed)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.model.dataChanged.connect(self.on_story_changed)
        self.pin_button.clicked.connect(self.on_pin_clicked)
        self.read_button.clicked.connect(self.on_read_clicked)
        self.open_button.clicked.connect(self.on_open_original_clicked)
        self.browser.anchorClicked.connect(self.on_anchor_clicked)
        self.add_feed_button.clicked.connect(self.on_add_feed_clicked)

    # -- the tab contract ------------------------------------------------------------------------
    def set_account(self, account_id: int | None) -> None:
        """Show the account's news (None: ask the rep to choose an account)."""
        self._account_id = account_id
        if self.undo_stack is not None:
            self.undo_stack.clear()  # undo steps belong to the account they were made in
        self.stack.setCurrentIndex(0 if account_id is None else 1)
        self._load(keep=None)

    def reload(self) -> None:
        """Read the stories again (after a research run), keeping filter and selection."""
        self._load(keep=self.selected_id())

    def _load(self, keep: int | None) -> None:
        self._keep = keep
        self.model.load(self._account_id, self.current_filter())
        if self.model.loading:  # a large account: its rows come from the job runner
            self.count_label.setText(f"Reading {self.model.total_for_account():,} stories…")
            self.browser.clear()
            self._update_actions()

    @Slot()
    def _on_loaded(self) -> None:
        keep, self._keep = self._keep, None
        self._after_reload(keep=keep)

    @Slot(object)
    def _on_load_failed(self, exc: BaseException) -> None:
        self.count_label.setText("The stories could not be read.")
        show_error(self, exc, "Reading the news")

    refresh = reload

    def current_filter(self) -> NewsFilter:
        kind = self.kind_box.currentData()
        period = self.period_box.currentData()
        if period == "range":
            start = self.start_edit.date().toPython()
            end = self.end_edit.date().toPython()
            return NewsFilter(kind=kind, start=min(start, end), end=max(start, end),
                              unread_only=self.unread_box.isChecked())
        return NewsFilter(kind=kind, days=period if isinstance(period, int) else None,
                          unread_only=self.unread_box.isChecked())

    # -- slots -------------------------------------------------------------------------------------
    @Slot()
    def on_filter_changed(self) -> None:
        self.start_edit.setVisible(self.period_box.currentData() == "range")
        self.end_edit.setVisible(self.period_box.currentData() == "range")
        self._load(keep=self.selected_id())

    @Slot(QItemSelection, QItemSelection)
    def on_selection_changed(self, *_: Any) -> None:
        item_id = self.selected_id()
        if item_id is not None and not self._auto_selecting:
            row = self.model.story(self.model.row_of(item_id))
            if row is not None and not row.read:
                # Reading a story marks it read (saved at once); "Mark unread" undoes it.
                self.publish(self.model.set_flag(item_id, "read", True))
        self._show_selected()

    @Slot()
    def on_story_changed(self) -> None:
        self._update_actions()

    @Slot()
    def on_pin_clicked(self) -> None:
        self._toggle("pinned")

    @Slot()
    def on_read_clicked(self) -> None:
        self._toggle("read")

    @Slot()
    def on_open_original_clicked(self) -> None:
        row = self._selected_row()
        if row is not None:
            self._open_in_browser(row.url)

    @Slot(QUrl)
    def on_anchor_clicked(self, url: QUrl) -> None:
        self._open_in_browser(url.toString())

    @Slot()
    def on_add_feed_clicked(self) -> None:
        text, ok = QInputDialog.getText(
            self, "Add a news feed",
            "Address of an RSS, Atom or JSON feed for this account, e.g. a news search.\n"
            "Write {name} where the company name goes to follow it for every account.",
            QLineEdit.EchoMode.Normal, "")
        if ok and text.strip():
            self.add_feed(text)

    # -- actions (also called by tests) -------------------------------------------------------------
    def add_feed(self, address: str) -> bool:
        """Follow a feed for this account, or a template for every account; True if saved."""
        if self._account_id is None:
            return False
        try:
            if "{" in address:
                template = feeds.check_search_template(address)
                templates = feeds.load_search_templates()
                if template not in templates:
                    feeds.save_search_templates([*templates, template])
                message = "News search added for every account; it is read on the next research."
            else:
                self.publish(self.book.news.add_feed(self._account_id, address))
                message = "Feed added; it is read on the next research or refresh."
        except KnownError as exc:
            self.status_message.emit(str(exc))
            return False
        except OSError as exc:
            self.status_message.emit(f"The news-search list could not be saved: {exc.strerror}.")
            return False
        self.status_message.emit(message)
        return True

    def selected_id(self) -> int | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        value = self.model.data(indexes[0], ItemIdRole)
        return int(value) if value is not None else None

    def select_story(self, item_id: int) -> bool:
        if self.model.loading:
            self._keep = item_id  # selected as soon as the rows are in
            return True
        row = self.model.row_of(item_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        return True

    # -- helpers -------------------------------------------------------------------------------------
    def _selected_row(self) -> Any:
        item_id = self.selected_id()
        return None if item_id is None else self.model.story(self.model.row_of(item_id))

    def _toggle(self, flag: str) -> None:
        row = self._selected_row()
        if row is None:
            return
        before = bool(getattr(row, flag))
        command = SetNewsFlagCommand(self.model, row.id, row.title, flag, not before, before,
                                     pane=self)
        if self.undo_stack is not None:
            self.undo_stack.push(command)
        else:
            command.redo()
        verb = {"pinned": ("Pinned", "Unpinned"), "read": ("Marked read", "Marked unread")}[flag]
        self.status_message.emit(f"{verb[0] if not before else verb[1]}: {row.title}")

    def _open_in_browser(self, address: str) -> None:
        if urlsplit(address).scheme.lower() not in ("http", "https"):
            self.status_message.emit("Only web addresses (http, https) are opened.")
            return
        if not QDesktopServices.openUrl(QUrl(address)):
            self.status_message.emit(f"The system browser could not open {address}.")

    def _after_reload(self, keep: int | None = None) -> None:
        shown = self.model.rowCount()
        total = self.model.total_for_account()
        self.count_label.setText(f"{shown} of {total} stories" if shown != total
                                 else f"{total} stories")
        self._auto_selecting = True
        try:
            if keep is not None and self.select_story(keep):
                return
            if shown:
                self.table.selectRow(0)
            else:
                self._show_selected()
        finally:
            self._auto_selecting = False

    def _show_selected(self) -> None:
        row = self._selected_row()
        if row is None:
            if self._account_id is not None and self.model.total_for_account() == 0:
                self.browser.setPlainText(NO_NEWS_TEXT)
            elif self._account_id is not None:
                self.browser.setPlainText("No story matches the filter.")
            else:
                self.browser.clear()
            self._update_actions()
            return
        story = self.book.news.story(row.id)
        if story is None:
            return
        document = story_html(
            title=story.title, url=story.url, when=story.when,
            source=(urlsplit(story.url).hostname or "").removeprefix("www."),
            triggers=story.triggers, text=story.text, summary=story.summary)
        self.browser.setHtml(document)
        self._update_actions()

    def _update_actions(self) -> None:
        row = self._selected_row()
        for button in (self.pin_button, self.read_button, self.open_button):
            button.setEnabled(row is not None)
        if row is None:
            self.pin_button.setChecked(False)
            return
        self.pin_button.setChecked(row.pinned)
        self.pin_button.setText("Pinned for call prep" if row.pinned else "Pin for call prep")
        self.read_button.setText("Mark unread" if row.read else "Mark read")
        self.open_button.setEnabled(row.url.startswith(("http://", "https://")))
