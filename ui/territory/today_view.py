"""The Today view: the rep's day at a glance, every row a jump to where the rep acts.

It reads `workbench.today.build_today` (a handful of queries) and shows calls today and
this week (with the gaps their sheets still have), new signals ranked, touches due
when campaigns exist (the head of the queue, with how many more and the way to them all),
and people on tier A/B accounts gone quiet.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.background_read import BackgroundReader
from ui.changes import bus_for
from ui.jobs import JobRunner
from ui.territory.signals_model import SignalIdRole, SignalsModel
from ui.territory.today_models import CallsModel, QuietModel, RowsModel, TouchesModel
from workbench.storage.database import Database
from workbench.territory.search_service import Target
from workbench.today import TodayData
from workbench.workbook import Changes, Workbook
from workbench.workbook.changes import ACCOUNT, ACCOUNTS, CALLS, CAMPAIGNS, COMMITTEE, SIGNALS

# Column widths in ems; the stretching column takes the rest.
# Wide enough for "Wed 02 Dec 10:30", "01 Jun 2026" in bold and a dozen letters of an
# account's name at the default window size (1320 × 820).
CALL_WIDTHS = {0: 12, 1: 13, 2: 8, 4: 9}
SIGNAL_WIDTHS = {0: 3, 1: 12, 2: 8, 4: 10, 5: 5}
QUIET_WIDTHS = {0: 11, 2: 13, 3: 6, 4: 7}
TOUCH_WIDTHS = {0: 6, 1: 16, 2: 18}


def _table(name: str, model: RowsModel | SignalsModel, stretch: int) -> QTableView:
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class TodayView(QWidget):
    """Signals:
        open_requested(object): open a `Target` (a call, a person, an account).
        signal_requested(int): show this signal in the Signals view.
        accounts_requested(): back to the account list and workspace.
        touches_requested(): open the whole queue of touches due (Today's touches).
        status_message(str): a note for the status bar.

    While shown, the day re-reads on the signal, campaign, call, committee and account
    changes published on the change bus, and on another process's writes; Reload and
    coming back to Today read it again too. With a job runner every reading runs in a
    worker and the window shows the day when it is read, the newest reading only (the
    window must not freeze for a territory's queries); without one (a bare view) at once.
    """

    SHOWS = (SIGNALS, CAMPAIGNS, CALLS, COMMITTEE, ACCOUNTS, ACCOUNT)
    open_requested = Signal(object)
    signal_requested = Signal(int)
    accounts_requested = Signal()
    touches_requested = Signal()
    status_message = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None,
                 runner: JobRunner | None = None) -> None:
        super().__init__(parent, objectName="today_view")
        self.db = db
        self.book = Workbook.of(db)
        bus_for(self.book).changed.connect(self.on_changes)
        self.data: TodayData | None = None
        self.reader = BackgroundReader(runner, "reading Today",
                                       lambda: self.book.signals.today(None),
                                       lambda data: self.show_day(data), self)
        self.title = QLabel(objectName="today_title")
        self.summary = QLabel(objectName="today_summary")
        self.accounts_button = QPushButton("&Accounts", objectName="today_accounts")
        self.pdf_button = QPushButton("Brief as &PDF…", objectName="today_pdf")
        self.print_button = QPushButton("&Print brief…", objectName="today_print")
        self.refresh_button = QPushButton("&Reload", objectName="today_reload")

        self.calls_model = CallsModel(self)
        self.week_model = CallsModel(self)
        self.signals_model = SignalsModel(self)
        self.quiet_model = QuietModel(self)
        self.touches_model = TouchesModel(self)
        self.calls_view = _table("today_calls", self.calls_model, 3)
        self.week_view = _table("today_week", self.week_model, 3)
        self.signals_view = _table("today_signals", self.signals_model, 3)
        self.quiet_view = _table("today_quiet", self.quiet_model, 1)
        self.touches_view = _table("today_touches", self.touches_model, 3)
        self.headings: dict[str, QLabel] = {}
        # "1,953 more due: open Today's touches": the section shows the queue's head only.
        self.touches_more = QLabel(objectName="today_touches_more")
        self.touches_more.setTextFormat(Qt.TextFormat.RichText)
        self.touches_more.linkActivated.connect(lambda _link: self.touches_requested.emit())
        em = self.fontMetrics().horizontalAdvance("M")
        for view, widths in ((self.calls_view, CALL_WIDTHS), (self.week_view, CALL_WIDTHS),
                             (self.signals_view, SIGNAL_WIDTHS), (self.quiet_view, QUIET_WIDTHS),
                             (self.touches_view, TOUCH_WIDTHS)):
            header = view.horizontalHeader()
            for column, width in widths.items():  # never narrower than the heading
                view.setColumnWidth(column, max(width * em, header.sectionSizeHint(column)))

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.summary)
        header.addLayout(titles, 1)
        for button in (self.refresh_button, self.print_button, self.pdf_button,
                       self.accounts_button):
            header.addWidget(button)
        grid = QGridLayout()
        sections = (("calls", "Calls today", self.calls_view, 0, 0),
                    ("week", "Later this week", self.week_view, 2, 0),
                    ("touches", "Touches due today", self.touches_view, 4, 0),
                    ("signals", "New signals", self.signals_view, 0, 1),
                    ("quiet", "Gone quiet", self.quiet_view, 2, 1))
        for key, text, view, row, column in sections:
            label = QLabel(f"<b>{text}</b>", objectName=f"today_heading_{key}")
            self.headings[key] = label
            # Touches, the last section, take the whole width: a step's text is long.
            span = 2 if key == "touches" else 1
            grid.addWidget(label, row, column, 1, span)
            grid.addWidget(view, row + 1, column, 1, span)
        grid.addWidget(self.touches_more, 6, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(grid, 1)

        self.accounts_button.clicked.connect(self.accounts_requested)
        self.refresh_button.clicked.connect(lambda: self.reload())
        self.pdf_button.clicked.connect(self.on_pdf_clicked)
        self.print_button.clicked.connect(self.on_print_clicked)
        self.calls_view.activated.connect(lambda i: self.on_call_activated(self.calls_model, i))
        self.week_view.activated.connect(lambda i: self.on_call_activated(self.week_model, i))
        self.signals_view.activated.connect(self.on_signal_activated)
        self.quiet_view.activated.connect(self.on_quiet_activated)
        self.touches_view.activated.connect(self.on_touch_activated)

    def on_changes(self, changes: Changes, source: object) -> None:
        """Something Today shows changed: read the day again if it is shown."""
        if source is self or not self.isVisible():
            return  # shown again, the day is re-read (`TerritoryActions.show_today`)
        if changes.external or changes.areas.intersection(self.SHOWS):
            self.reader.read()

    def reload(self, now: datetime | None = None) -> None:
        """Read the day again (coming back to Today, the Reload button): in the worker,
        an older reading still on its way is then not shown."""
        when = now if isinstance(now, datetime) else None
        if self.data is None:
            self.summary.setText("Reading the day…")
        self.reader.read(lambda: self.book.signals.today(when))

    def read_now(self) -> TodayData:
        """The day read on this thread (the brief is asked for now, and is small)."""
        if self.data is None:
            self.reader.read_now()
        assert self.data is not None
        return self.data

    def show_day(self, data: TodayData) -> None:
        """Show a day as read."""
        self.data = data
        self.title.setText(f"<h2>Today, {data.day:%A %d %B}</h2>")
        self.calls_model.set_rows(data.calls_today)
        self.week_model.set_rows(data.calls_week)
        self.signals_model.set_rows(data.signals)
        self.quiet_model.set_rows(data.quiet)
        self.touches_model.set_rows(data.touches)
        self.headings["calls"].setText(f"<b>Calls today ({len(data.calls_today)})</b>")
        self.headings["week"].setText(f"<b>Later this week ({len(data.calls_week)})</b>")
        more = (f", top {len(data.signals)} of {data.signals_total}"
                if data.signals_total > len(data.signals) else "")
        self.headings["signals"].setText(f"<b>New signals ({data.signals_total}{more})</b>")
        self.headings["quiet"].setText(
            f"<b>Gone quiet: tier A/B, no contact in 30 days ({data.quiet_total})</b>")
        # The campaigns section shows only when there are touches (campaigns exist).
        has_touches = bool(data.touches)
        self.headings["touches"].setVisible(has_touches)
        self.touches_view.setVisible(has_touches)
        proposed = sum(1 for t in data.touches if t.proposed_by_signal is not None)
        shown = len(data.touches) - proposed
        self.headings["touches"].setText(
            f"<b>Touches due today ({data.touches_total:,}"
            + (f", the first {shown:,} shown" if data.touches_more else "")
            + (f"; {proposed} proposed by new signals" if proposed else "") + ")</b>")
        self.touches_more.setVisible(data.touches_more > 0)
        self.touches_more.setText(
            f'{data.touches_more:,} more due: <a href="touches">open Today\'s touches</a>'
            " (Ctrl+Shift+T) to see and work the whole queue")
        gaps = sum(1 for c in data.calls_today + data.calls_week if c.gaps)
        self.summary.setText(
            f"{len(data.calls_today)} calls today, {len(data.calls_week)} more this week"
            + (f" ({gaps} sheet{'s' if gaps != 1 else ''} with gaps)" if gaps else "")
            + f" · {data.signals_total} new signals · {data.quiet_total} people gone quiet")

    # -- jumps ---------------------------------------------------------------------------------
    def on_call_activated(self, model: CallsModel, index: QModelIndex) -> None:
        call = model.row_at(index.row())
        if call is not None:
            self.open_requested.emit(Target(call.account_id, "calls", "call", call.call_id))

    def on_signal_activated(self, index: QModelIndex) -> None:
        signal_id = index.data(SignalIdRole)
        if signal_id is not None:
            self.signal_requested.emit(int(signal_id))

    def on_quiet_activated(self, index: QModelIndex) -> None:
        person = self.quiet_model.row_at(index.row())
        if person is not None:
            self.open_requested.emit(Target(person.account_id, "committee", "stakeholder",
                                            person.stakeholder_id))

    def on_touch_activated(self, index: QModelIndex) -> None:
        touch = self.touches_model.row_at(index.row())
        if touch is None:
            return
        if touch.stakeholder_id is not None:
            self.open_requested.emit(Target(touch.account_id, "committee", "stakeholder",
                                            int(touch.stakeholder_id)))
        else:
            self.open_requested.emit(Target(touch.account_id, "overview", "account",
                                            touch.account_id))

    # -- the brief -----------------------------------------------------------------------------
    def on_pdf_clicked(self) -> None:
        self.read_now()
        assert self.data is not None
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the daily brief", f"brief-{self.data.day.isoformat()}.pdf",
            "PDF files (*.pdf)")
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> None:
        from ui.territory.brief_pdf import write_brief_pdf

        assert self.data is not None
        write_brief_pdf(self.data, path)
        self.status_message.emit(f"Daily brief saved as {path.name}.")

    def on_print_clicked(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from ui.territory.brief_pdf import brief_document

        self.read_now()
        assert self.data is not None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec():
            brief_document(self.data, printer).print_(printer)
