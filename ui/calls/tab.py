"""The Calls tab: an account's calls, the editor, a live preview of the sheet, print and PDF.

The sheet is composed on the window's job runner (`ui.calls.composer`): selecting a call
or editing it never freezes the window, the preview says "Composing the sheet…" until
the newest request's sheet is in, and Print, Print Preview and PDF wait for that one.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QShowEvent, QTextDocument, QUndoStack
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui import conflicts
from ui.calls.commands import DeleteCallCommand, EditCallCommand, NewCallCommand
from ui.calls.composer import Composition, FitSummary, SheetComposer, SheetRequest
from ui.calls.editor import CallEditor
from ui.calls.model import CallListModel
from ui.calls.sheet_document import (
    MAP_URL,
    FittedSheet,
    fit_sheet,
    locale_page_size,
    page_layout,
    write_sheet_pdf,
)
from ui.documents import documents_dir
from ui.jobs import JobRunner, run_and_wait
from ui.pane import PaneMixin
from ui.splitter_memory import remember
from workbench import errors
from workbench.prep import calls
from workbench.prep.context import load_sheet
from workbench.prep.render import DEFAULT_TEMPLATE, list_templates
from workbench.storage.database import Database
from workbench.workbook.changes import ACCOUNT, CALLS, COMMITTEE, NEWS

log = logging.getLogger("ui.calls")
PREVIEW_DELAY_MS = 250
COMPOSING = "Composing the sheet…"


class CallsTab(PaneMixin, QWidget):
    """The workspace tab for calls with the chosen account.

    Signals:
        status_message(str): something to show in the main window's status bar.
    """

    status_message = Signal(str)
    # The attendee list shows the committee; the sheet preview also the account and news.
    SHOWS = (CALLS, COMMITTEE, NEWS, ACCOUNT)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.init_pane(db, runner)
        self.account_id: int | None = None
        self.undo_stack: QUndoStack | None = QUndoStack(self)
        self._aliases: dict[int, int] = {}
        self.composer = SheetComposer(db, self.job_runner, self)
        self._shown_call: int | None = None  # whose sheet the preview shows
        self._sheet_dirty = False  # the call changed since its sheet was asked for
        self._preview_printer: QPrinter | None = None

        self.model = CallListModel(self)
        self.list_view = QTableView()
        self.list_view.setModel(self.model)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.verticalHeader().hide()
        # One line per call, the objective taking the width: when, kind and people are short.
        self.list_view.setWordWrap(False)
        em = self.fontMetrics().horizontalAdvance("M")
        header = self.list_view.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in ((0, 10.5), (1, 6), (3, 4.5), (4, 9)):
            self.list_view.setColumnWidth(column, int(width * em))
        header.setSectionResizeMode(2, header.ResizeMode.Stretch)
        self.list_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.new_button = QPushButton("New call")
        self.delete_button = QPushButton("Delete call")
        list_side = QWidget()
        list_layout = QVBoxLayout(list_side)
        list_layout.addWidget(self.list_view)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        list_layout.addLayout(buttons)

        self.editor = CallEditor(db)
        editor_scroll = QScrollArea()
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setWidget(self.editor)
        # The form wraps to the pane's width; a sideways scroll hides half of each field.
        editor_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.template_box = QComboBox()
        self.page_size_box = QComboBox()
        self.page_size_box.addItem(f"Page size from locale ({locale_page_size()})", None)
        self.page_size_box.addItem("A4", "A4")
        self.page_size_box.addItem("Letter", "Letter")
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.page_info = QLabel()
        self.print_preview_button = QPushButton("Print Preview…")
        self.print_button = QPushButton("Print…")
        self.pdf_button = QPushButton("Export PDF…")
        preview_side = QWidget()
        preview_layout = QVBoxLayout(preview_side)
        options = QHBoxLayout()
        options.addWidget(self.template_box)
        options.addWidget(self.page_size_box)
        preview_layout.addLayout(options)
        preview_layout.addWidget(self.preview, 1)
        preview_layout.addWidget(self.page_info)
        actions = QHBoxLayout()
        for button in (self.print_preview_button, self.print_button, self.pdf_button):
            actions.addWidget(button)
        preview_layout.addLayout(actions)

        # Two columns, not three: the call list sits above the editor, so the editor's
        # fields get the column's full width and the preview can take the rest.
        plan_side = QSplitter(Qt.Orientation.Vertical)
        plan_side.addWidget(list_side)
        plan_side.addWidget(editor_scroll)
        plan_side.setStretchFactor(1, 1)
        plan_side.setSizes([150, 650])
        plan_side.setChildrenCollapsible(False)
        splitter = QSplitter()
        splitter.addWidget(plan_side)
        splitter.addWidget(preview_side)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([500, 460])
        splitter.setChildrenCollapsible(False)
        remember(plan_side, "calls/plan")
        remember(splitter, "calls/main")
        self.splitter = splitter
        self.choose_label = QLabel("Choose an account to see and plan its calls.")
        self.choose_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.choose_label)
        self.stack.addWidget(splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._preview_stale = False
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)

        self.list_view.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self.new_button.clicked.connect(self.on_new_call)
        self.delete_button.clicked.connect(self.on_delete_call)
        self.editor.field_edited.connect(self.on_field_edited)
        self.template_box.currentIndexChanged.connect(self.schedule_preview)
        self.page_size_box.currentIndexChanged.connect(self.schedule_preview)
        self.print_preview_button.clicked.connect(self.on_print_preview)
        self.print_button.clicked.connect(self.on_print)
        self.pdf_button.clicked.connect(self.on_export_pdf)
        self.composer.composing.connect(self.on_sheet_composing)
        self.composer.composed.connect(self.on_sheet_composed)
        self.composer.failed.connect(self.on_sheet_failed)
        self._fill_templates()
        self.set_account(None)

    # --- what the main window calls -------------------------------------------------

    def set_account(self, account_id: int | None) -> None:
        self.flush()
        self.account_id = account_id
        self.stack.setCurrentIndex(0 if account_id is None else 1)
        if self.undo_stack is not None:
            self.undo_stack.clear()
        self._aliases.clear()
        if account_id is None:
            self.model.reload([])
            self.editor.load(None)
            self.refresh_preview()  # drops a sheet on its way
            return
        self.reload(select=calls.next_call_id(self.db, account_id))

    def flush(self) -> None:
        """Save what is typed in the editor but not yet saved (before switching or quitting)."""
        if self.editor.call_id is not None:
            self.editor.flush()

    def refresh(self) -> None:
        """Another pane or process changed calls, people or news: re-read what is shown.

        Typed text is saved first (with compare-and-set), so re-reading loses nothing.
        """
        self.flush()
        self.reload(select=self.current_call_id())
        self.editor.load(self.current_call_id())

    # --- the commands' host interface -----------------------------------------------

    def resolve(self, call_id: int) -> int:
        """The id a call has now, after undo brought deleted calls back under new ids."""
        seen = {call_id}
        while call_id in self._aliases:
            call_id = self._aliases[call_id]
            if call_id in seen:
                break
            seen.add(call_id)
        return call_id

    def remember_alias(self, old_id: int, new_id: int) -> None:
        # SQLite may hand a recreated call its old id back; a live id is never an alias.
        self._aliases.pop(new_id, None)
        for key, value in list(self._aliases.items()):
            if value == old_id:
                self._aliases[key] = new_id
        if old_id != new_id:
            self._aliases[old_id] = new_id

    def after_change(self, call_id: int | None) -> None:
        self.reload(select=call_id if call_id is not None else self.current_call_id())
        # An undo changes what the editor shows even when the same call stays selected.
        self.editor.load(self.current_call_id())

    def report_error(self, exc: errors.KnownError) -> None:
        self.editor.show_error(str(exc))
        self.status_message.emit(str(exc))

    # --- list and selection ---------------------------------------------------------

    def current_call_id(self) -> int | None:
        return self.model.call_id(self.list_view.currentIndex().row())

    def reload(self, select: int | None = None) -> None:
        """Reread the call list, select `select` (if still there) and show it."""
        if self.account_id is None:
            return
        self.model.reload(calls.list_calls(self.db, self.account_id))
        row = self.model.row_of(select)
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.list_view.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self.on_current_row_changed()

    def on_current_row_changed(self, *_args: Any) -> None:
        call_id = self.current_call_id()
        if call_id != self.editor.call_id or call_id is None:
            self.editor.load(call_id)
        self.delete_button.setEnabled(call_id is not None)
        for button in (self.print_preview_button, self.print_button, self.pdf_button):
            button.setEnabled(call_id is not None)
        self.schedule_preview()

    # --- edits ----------------------------------------------------------------------

    def on_new_call(self) -> None:
        if self.account_id is None:
            return
        changes = self.book.calls.create(self.account_id,
                                         scheduled_at=calls.next_working_hour())
        call_id = changes.result
        self._push(NewCallCommand(self, call_id))
        self.publish(changes)
        self.reload(select=call_id)
        self.status_message.emit("New call planned: fill in its objective and attendees.")

    def on_delete_call(self) -> None:
        call_id = self.current_call_id()
        if call_id is None:
            return
        command = DeleteCallCommand(self, call_id)
        try:
            self.publish(self.book.calls.delete(self.account_id or 0, call_id))
        except errors.KnownError as exc:
            self.report_error(exc)
            return
        self._push(command)
        self.editor.load(None)
        self.reload()
        self.status_message.emit("Call deleted (Undo brings it back).")

    def on_field_edited(self, name: str, old: Any, new: Any) -> None:
        call_id = self.editor.call_id
        if call_id is None:
            return
        try:
            changes = self._save(call_id, name, old, new)
        except errors.KnownError as exc:
            self.report_error(exc)
            self.editor.load(call_id)  # show what is really stored
            self.editor.show_error(str(exc))
            return
        if changes is None:  # the rep took the version saved elsewhere
            self.editor.load(call_id)
            return
        self.publish(changes)
        self._push(EditCallCommand(self, call_id, name, old, new))
        self.model.reload(calls.list_calls(self.db, self.account_id or 0))
        row = self.model.row_of(call_id)
        self.list_view.selectionModel().blockSignals(True)
        self.list_view.selectRow(row)
        self.list_view.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        self.list_view.selectionModel().blockSignals(False)
        self.schedule_preview()

    def _save(self, call_id: int, name: str, old: Any, new: Any) -> Any:
        """Save one field, compared with what the editor showed; a clash asks the rep.

        None: nothing saved (the rep took theirs).
        """
        account_id = self.account_id or 0
        try:
            return self.book.calls.update(account_id, call_id, expected={name: old},
                                          **{name: new})
        except errors.Conflict as clash:
            if conflicts.resolve(self, clash) == conflicts.TAKE_THEIRS:
                return None
            return self.book.calls.update(account_id, call_id,
                                          expected={name: clash.theirs.get(name)}, **{name: new})

    def _push(self, command: Any) -> None:
        if self.undo_stack is not None:
            self.undo_stack.push(command)

    # --- the sheet ------------------------------------------------------------------

    def _fill_templates(self) -> None:
        self.template_box.clear()
        names = list_templates()
        for name in names:
            self.template_box.addItem(name.replace("_", " ").capitalize(), name)
        self.template_box.setCurrentIndex(max(0, names.index(DEFAULT_TEMPLATE)
                                              if DEFAULT_TEMPLATE in names else 0))

    def template(self) -> str:
        return self.template_box.currentData() or DEFAULT_TEMPLATE

    def page_size(self) -> str:
        return self.page_size_box.currentData() or locale_page_size()

    def schedule_preview(self, *_args: Any) -> None:
        # Composing the sheet costs tens of milliseconds even off the GUI thread: a hidden
        # tab (the rep is browsing accounts on another tab) only notes that its preview
        # is stale. Either way the sheet shown is no longer the call as it is.
        self._sheet_dirty = True
        if not self.isVisible():
            self._preview_stale = True
            return
        self._preview_timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if self._preview_stale:
            self._preview_stale = False
            self._preview_timer.start()

    def job_runner(self) -> JobRunner | None:
        """The runner the sheet is composed on: the window's (the workspace hands it to
        every pane); None (compose at once) for a tab on its own."""
        return self.runner

    def refresh_preview(self) -> None:
        """Compose the current call's sheet, laid out exactly as the PDF would be, in the
        background; the preview says it is composing until the sheet is in."""
        self._preview_timer.stop()
        self._preview_stale = False
        self._sheet_dirty = False
        call_id = self.current_call_id()
        if call_id is None:
            self.composer.latest = None
            self._shown_call = None
            self.preview.clear()
            self.page_info.clear()
            return
        self.composer.request(call_id, self.template(), self.page_size())

    def on_sheet_composing(self, request: SheetRequest) -> None:
        self.page_info.setText(COMPOSING)
        if self._shown_call != request.call_id:
            # Another call's sheet must not pass for this one's while it is composed.
            self._shown_call = None
            self.preview.setPlainText(COMPOSING)

    def on_sheet_composed(self, composition: Composition) -> None:
        fit = composition.fit
        if composition.picture is not None:
            self.preview.document().addResource(
                QTextDocument.ResourceType.ImageResource, QUrl(MAP_URL), composition.picture)
        # The preview's own layout (about 20 ms for a one-page sheet) stays here: a
        # widget's document belongs to the GUI thread.
        self.preview.setHtml(fit.html)
        self._shown_call = composition.request.call_id
        pages = f"{fit.page_count} page{'s' if fit.page_count != 1 else ''}"
        note = "" if fit.fits else f" — more than {fit.max_pages}: shorten the notes"
        shortened = " (shortened to fit)" if fit.level else ""
        self.page_info.setText(f"{pages} on {composition.request.page_size}{shortened}{note}")

    def on_sheet_failed(self, _request: SheetRequest, message: str) -> None:
        self._shown_call = None
        self.preview.setPlainText(message)
        self.page_info.clear()
        self.status_message.emit(message)

    @property
    def last_composition(self) -> Composition | None:
        return self.composer.current

    def current_composition(self) -> Composition | None:
        """The sheet of the call as it is now: typed text saved first, a composition
        still on its way waited for, a stale one composed afresh. None (and the reason
        told) when there is no call or it cannot be composed."""
        self.flush()
        call_id = self.current_call_id()
        if call_id is None:
            return None
        latest = self.composer.latest
        if (self._sheet_dirty or self._preview_timer.isActive() or latest is None
                or (latest.call_id, latest.template, latest.page_size)
                != (call_id, self.template(), self.page_size())):
            self.refresh_preview()
        if not self.composer.wait():
            self.report_error(errors.KnownError("The sheet took too long to compose."))
            return None
        composition = self.composer.current
        if composition is None or composition.request != self.composer.latest:
            return None  # it failed: the preview and the status bar say why
        return composition

    def export_pdf(self, path: Path) -> FitSummary | None:
        """Write the current call's sheet, as it is now, to `path` (in the background)."""
        composition = self.current_composition()
        if composition is None:
            return None
        request = composition.request

        def write() -> FitSummary:
            fitted = write_sheet_pdf(composition.data, path, request.template,
                                     request.page_size, composition.picture)
            return FitSummary(fitted.html, fitted.level, fitted.page_count, fitted.max_pages)

        try:
            fit = run_and_wait(self.job_runner(), "writing the sheet's PDF", write)
        except errors.KnownError as exc:
            self.report_error(exc)
            return None
        self.status_message.emit(f"Saved the sheet to {path}.")
        return fit

    def suggested_pdf_name(self) -> str:
        """account-callkind-date.pdf, e.g. harbor-lane-logistics-demo-2026-12-06.pdf."""
        call_id = self.current_call_id()
        if call_id is None:
            return "call-prep.pdf"
        fields = calls.call_fields(self.db, call_id)
        composition = self.composer.current
        if composition is not None and composition.request.call_id == call_id:
            account = composition.data.account_name
        else:
            account = load_sheet(self.db, call_id).account_name
        when = fields["scheduled_at"]
        parts = [account, str(fields["kind"].value if hasattr(fields["kind"], "value")
                              else fields["kind"]),
                 when.astimezone().strftime("%Y-%m-%d") if when else "unscheduled"]
        slug = "-".join(re.sub(r"[^\w]+", "-", p.lower()).strip("-") for p in parts if p)
        return f"{slug}.pdf"

    def on_export_pdf(self) -> None:
        if self.current_composition() is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Export the sheet as PDF",
                                              str(documents_dir() / self.suggested_pdf_name()),
                                              "PDF files (*.pdf)")
        if name:
            self.export_pdf(Path(name))

    def printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(self.page_size()))
        return printer

    def paint_sheet(self, printer: QPrinter) -> FittedSheet | None:
        """Lay the sheet out for `printer` and print it there (used by Print and Preview):
        the call as it is now, waiting for a composition still on its way."""
        composition = self.current_composition()
        if composition is None:
            return None
        fitted = fit_sheet(composition.data, composition.request.template, printer,
                           composition.picture)
        fitted.document.print_(printer)
        return fitted

    def on_print_preview(self) -> None:
        if self.current_composition() is None:  # the sheet as it is now, before the dialog
            return
        # The dialog only borrows the printer: it must outlive the dialog, so the tab
        # holds it (a temporary was freed by Python while the dialog drew on it).
        self._preview_printer = self.printer()
        dialog = QPrintPreviewDialog(self._preview_printer, self)
        dialog.paintRequested.connect(self.paint_sheet)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def on_print(self) -> None:
        if self.current_composition() is None:  # the sheet as it is now, before the dialog
            return
        printer = self.printer()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            if self.paint_sheet(printer) is not None:
                self.status_message.emit("Sent the sheet to the printer.")
