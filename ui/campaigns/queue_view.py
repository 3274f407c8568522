"""The queue of touches to do: by channel, the script beside it, logged in a keystroke.

Keys on a touch: Enter opens the log dialog; V voicemail, N no answer, C connected,
S sent, R replied, M meeting booked log at once; E opens the email; K skips the step.
Used by the Campaigns tab (one account) and the territory's "Today's touches" window.

With a job runner, a log or a skip is written in the worker (its commit waits for the
disk, which the rep should not): the selection moves on at once, the touch shows
"logging…", and its person's rows are re-read in the same job and put in their places
when the write lands; a write that fails says so and leaves the touch as it was. The
writes go one after another, in the order the rep made them.

With a job runner the territory's queue also opens in two steps: the head the screen
shows (`HEAD_ROWS`, read by the database in the queue's order, with the whole queue's
counts) at once, and the whole queue from the worker when it is read, put in the same
places; a write that lands meanwhile has the whole queue read again, so an answer read
before the write is never shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.background_read import BackgroundReader
from ui.campaigns.log_dialog import LogTouchDialog
from ui.campaigns.proposals_view import ProposalsPanel
from ui.campaigns.queue_delegate import QueueDelegate
from ui.campaigns.queue_model import QueueModel
from ui.jobs import JobRunner
from workbench import errors
from workbench.campaigns.ics import write_calendar
from workbench.campaigns.letters import labels_html, letters_html
from workbench.campaigns.outbound import mailto_for
from workbench.campaigns.queue import DueTouch, due_window, merge_into_queue
from workbench.campaigns.touches import LoggedTouch
from workbench.storage.database import Database
from workbench.vocabulary import Channel, Outcome
from workbench.workbook import Changes, Workbook

if TYPE_CHECKING:
    from workbench.signals.proposals import SignalProposal

log = logging.getLogger("ui.campaigns")

_ACCOUNT_COLUMN, _DUE_COLUMN = 1, 3
# Rows read first when the territory's queue opens: more than a maximised window shows.
HEAD_ROWS = 80
QUICK_OUTCOMES = {Qt.Key.Key_V: Outcome.VOICEMAIL, Qt.Key.Key_N: Outcome.NO_ANSWER,
                  Qt.Key.Key_C: Outcome.CONNECTED, Qt.Key.Key_S: Outcome.SENT,
                  Qt.Key.Key_R: Outcome.REPLIED, Qt.Key.Key_M: Outcome.MEETING_BOOKED}


class _QueueTable(QTableView):
    """The queue's table, passing its one-letter keys to its owner."""

    key_pressed = Signal(object)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in QUICK_OUTCOMES or key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_E,
                                            Qt.Key.Key_K):
            if not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                        | Qt.KeyboardModifier.AltModifier):
                self.key_pressed.emit(key)
                return
        super().keyPressEvent(event)


class QueueWidget(QWidget):
    """Touches due (for one account, or the whole territory when `account_id` is None).

    Signals:
        status_message(str): what was done, for the status bar.
        wrote(object): the `Changes` of a touch logged or skipped, after the queue has
            refreshed itself; the owner publishes it on the change bus.
    """

    status_message = Signal(str)
    wrote = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 territory: bool = False, runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        # Writes waiting for the one before them: (write, on landing, on failure).
        self._writes: list[tuple[Callable[[], Any], Callable[[Any], None],
                                 Callable[[BaseException], None]]] = []
        self._writing = False
        # The whole territory's queue, read in the worker after its head is shown.
        self.reader = BackgroundReader(runner, "reading the touches due",
                                       lambda: [], self._show_whole, self,
                                       failed=self._whole_failed)
        self._partial: tuple[int, int] | None = None  # (shown, in all) while the head shows
        self.book = Workbook.of(db)
        self.territory = territory
        self.account_id: int | None = None
        self.today = date.today()
        self.touches: list[DueTouch] = []
        # Touches with their script and the account's latest signal, read when first shown.
        self._signed: dict[int, DueTouch] = {}
        self._has_letters = self._has_physical = False
        self.model = QueueModel(self)
        self.tree = _QueueTable()
        self.tree.setModel(self.model)
        self.tree.setItemDelegate(QueueDelegate(self.model, self.tree))
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setShowGrid(False)
        self.tree.verticalHeader().hide()
        self.tree.verticalHeader().setDefaultSectionSize(
            self.tree.fontMetrics().height() + 6)
        # Columns share the table's width (nothing measured: thousands of rows would cost
        # more than the query), the due date a fixed width that holds "365 d overdue"; the
        # account column only across the territory (one account's tab names it already).
        header = self.tree.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_DUE_COLUMN, QHeaderView.ResizeMode.Fixed)
        metrics = self.tree.fontMetrics()
        self.tree.setColumnWidth(_DUE_COLUMN, max(metrics.horizontalAdvance(text) for text in
                                                  ("Wed 30 Sep", "365 d overdue", "Due")) + 16)
        self.tree.setColumnHidden(_ACCOUNT_COLUMN, not territory)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.key_pressed.connect(self.on_key)
        self.tree.doubleClicked.connect(lambda _i: self.on_log())
        self.tree.selectionModel().currentChanged.connect(self.on_current_changed)
        self.due = QComboBox()
        self.due.addItem("Due today and overdue", "today")
        self.due.addItem("Due this week", "week")
        self.due.currentIndexChanged.connect(lambda _i: self.reload())
        self.summary = QLabel()
        self.proposals = ProposalsPanel(self.book, self, runner)
        self.proposals.loaded.connect(self.on_proposals_loaded)
        self.proposals.chosen.connect(self.on_proposal_chosen)
        self.proposals.status_message.connect(self.status_message)
        self.proposals.wrote.connect(self.on_proposal_wrote)
        self.script = QTextBrowser()
        self.script.setOpenLinks(False)
        self.log_button = QPushButton("&Log outcome…")
        self.email_button = QPushButton("Open &email")
        self.skip_button = QPushButton("S&kip step")
        self.letters_button = QPushButton("Print &letters…")
        self.labels_button = QPushButton("La&bels…")
        self.ics_button = QPushButton("Export .&ics…")
        self.log_button.clicked.connect(self.on_log)
        self.email_button.clicked.connect(self.on_email)
        self.skip_button.clicked.connect(self.on_skip)
        self.letters_button.clicked.connect(lambda: self.on_print_letters(labels=False))
        self.labels_button.clicked.connect(lambda: self.on_print_letters(labels=True))
        self.ics_button.clicked.connect(self.on_export_ics)

        top = QHBoxLayout()
        top.addWidget(self.due)
        top.addWidget(self.summary, 1)
        top.addWidget(self.letters_button)
        top.addWidget(self.labels_button)
        top.addWidget(self.ics_button)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.script, 1)
        buttons = QHBoxLayout()
        for b in (self.log_button, self.email_button, self.skip_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        detail_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.proposals)
        layout.addWidget(splitter, 1)
        self._update_buttons()

    # -- data ---------------------------------------------------------------------------
    @property
    def until(self) -> date:
        return due_window(self.today, self.due.currentData())

    def set_account(self, account_id: int | None) -> None:
        self.account_id = account_id
        self.reload()

    def reload(self, today: date | None = None) -> None:
        self.today = today or date.today()
        self._signed.clear()
        self._partial = None
        channel_totals = None
        if not self.territory and self.account_id is None:
            self.touches = []
        elif self.territory and self.runner is not None:
            head = self.book.campaigns.head(self.today, HEAD_ROWS, until=self.until)
            self.touches = head.touches
            if head.more:
                self._partial, channel_totals = (len(head.touches), head.total), head.channels
                self.reader.read(self._whole_reading())
            else:
                self.reader.supersede()  # an older whole queue on its way is not shown
        else:
            self.touches = self.book.campaigns.due(
                self.today, until=self.until,
                account_id=None if self.territory else self.account_id, scripts=False)
        self._show(None, channel_totals=channel_totals)
        if self.territory or self.account_id is not None:
            self.proposals.reload(None if self.territory else self.account_id)
        else:
            self.proposals.reader.supersede()
            self.proposals.setVisible(False)

    def on_proposals_loaded(self) -> None:
        proposed = self.proposals.current()
        if not self.touches and proposed is not None:
            self.on_proposal_chosen(proposed)  # nothing else to read: what it proposes

    def _whole_reading(self) -> Callable[[], list[DueTouch]]:
        book, today, until = self.book, self.today, self.until
        return lambda: book.campaigns.due(today, until=until, scripts=False)

    def _show_whole(self, touches: list[DueTouch]) -> None:
        """The whole queue is read: it takes the head's place, the same touch chosen."""
        current = self.model.touch(self.tree.currentIndex())
        self._partial = None
        self.touches = touches
        self._show(current.planned_touch_id if current is not None else None)

    def _whole_failed(self, error: BaseException) -> None:
        log.warning("reading the whole queue failed: %s", error)
        self.status_message.emit(f"Only the first {len(self.touches)} touches are shown: "
                                 f"reading the rest failed ({error}). Press F5 to try again.")

    def _show(self, keep: int | None, *, in_place: bool = False,
              channel_totals: dict[Channel, int] | None = None) -> None:
        """Put `self.touches` on screen; `in_place` moves only the rows that changed (after a
        log or skip) instead of resetting the model, and selects `keep`."""
        if in_place:
            self.model.update_touches(self.touches)
        else:
            self.model.set_touches(self.touches, self.today, channel_totals)
        self.tree.clearSpans()
        for row in self.model.heading_rows:
            self.tree.setSpan(row, 0, 1, self.model.columnCount())
        today = self.today
        late = sum(1 for t in self.touches if t.due_date < today)
        if self._partial is not None:
            shown, total = self._partial
            self.summary.setText(f"{total:,} touches (the first {shown} shown; reading "
                                 "the rest…)")
        else:
            self.summary.setText(
                f"{len(self.touches):,} touch{'es' if len(self.touches) != 1 else ''}"
                + (f", {late} overdue" if late else ""))
        channels = set(self.model.channel_totals or ()) | {t.channel for t in self.touches}
        self._has_letters = Channel.LETTER in channels
        self._has_physical = any(c.physical for c in channels)
        index = self.model.index_of(keep) if keep is not None else QModelIndex()
        if not index.isValid():
            index = self.model.first_touch()
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.tree.scrollTo(index)
        else:
            self.on_current_changed()

    def current(self) -> DueTouch | None:
        """The chosen touch, its script filled with the account's latest signal."""
        touch = self.model.touch(self.tree.currentIndex())
        return None if touch is None else self.filled(touch)

    def filled(self, touch: DueTouch) -> DueTouch:
        if touch.planned_touch_id not in self._signed:
            self._signed[touch.planned_touch_id] = self.book.campaigns.complete(touch)
        return self._signed[touch.planned_touch_id]

    def _next_after(self, touch: DueTouch) -> int | None:
        ids = [t.planned_touch_id for t in self.model.rows if isinstance(t, DueTouch)]
        if touch.planned_touch_id in ids:
            at = ids.index(touch.planned_touch_id)
            rest = ids[at + 1:] + ids[:at]
            return rest[0] if rest else None
        return None

    @staticmethod
    def _people_after(touch: DueTouch, result: object) -> list[int] | None:
        """Whose rows a write can have changed: the person's, or (a reply that stopped
        the account's campaigns) all of the account's (None)."""
        account_wide = isinstance(result, LoggedTouch) and len(result.stopped_enrolments) > 1
        return None if account_wide else [touch.stakeholder_id]

    def _fresh(self, account_id: int, people: list[int] | None) -> list[DueTouch]:
        """The rows of `people` of `account_id` (all its people when None), read again."""
        return self.book.campaigns.due(self.today, until=self.until, account_id=account_id,
                                       stakeholder_ids=people, scripts=False)

    def _reread(self, account_id: int, people: list[int] | None, *,
                keep: int | None) -> None:
        """Re-read the rows of `people` of `account_id` (all its people when None) and
        put them in their places, the other rows untouched; then select `keep`."""
        self._merge(account_id, people, self._fresh(account_id, people), keep=keep)

    def _merge(self, account_id: int, people: list[int] | None, fresh: list[DueTouch], *,
               keep: int | None) -> None:
        def affected(t: DueTouch) -> bool:
            return t.account_id == account_id and (people is None
                                                   or t.stakeholder_id in people)
        for t in self.touches:
            if affected(t):
                self._signed.pop(t.planned_touch_id, None)
        self.touches = merge_into_queue([t for t in self.touches if not affected(t)], fresh,
                                        self.today)
        self._show(keep, in_place=True)

    # -- actions ------------------------------------------------------------------------
    def on_current_changed(self, *_args: Any) -> None:
        touch = self.current()
        self._update_buttons()
        if touch is None:
            self.script.setPlainText("" if self.touches else
                                     "Nothing due. Enrol people from the committee below, "
                                     "or look at the week ahead.")
            return
        lines = [f"{touch.channel.label} · {touch.title} · {touch.cadence_name}",
                 f"{touch.person_name}, {touch.person_title} — {touch.account_name}"]
        contact = " · ".join(x for x in (touch.phone, touch.email) if x)
        if contact:
            lines.append(contact)
        if touch.item:
            lines.append(f"Send: {touch.item} (cost {touch.cost:.2f}, order {touch.lead_days} "
                         "working days ahead)")
        self.script.setPlainText("\n".join(lines) + "\n\n" + touch.script)

    def on_proposal_chosen(self, found: SignalProposal) -> None:
        """Show what an accepted proposal would have the rep say."""
        p = found.proposal
        lines = [f"Proposed · {p.channel.label} · {found.account_name}",
                 f"{p.summary} (signal score {found.score:.0f})",
                 f"Due {p.due_date:%a %d %b}", "", "A accepts it, D declines it.", "",
                 p.script]
        self.script.setPlainText("\n".join(lines))

    def on_proposal_wrote(self, changes: Changes, found: SignalProposal) -> None:
        """An accepted proposal's touches join the queue where they belong."""
        if changes.result:
            current = self.model.touch(self.tree.currentIndex())
            self._reread(found.proposal.account_id, list(found.proposal.stakeholder_ids),
                         keep=current.planned_touch_id if current is not None else None)
        self.wrote.emit(changes)

    def _update_buttons(self) -> None:
        touch = self.current()
        self.log_button.setEnabled(touch is not None)
        self.skip_button.setEnabled(touch is not None)
        self.email_button.setEnabled(touch is not None and bool(touch.email)
                                     and touch.channel in (Channel.EMAIL, Channel.MEETING))
        self.letters_button.setEnabled(self._has_letters)
        self.labels_button.setEnabled(self._has_physical)

    def on_key(self, key: Qt.Key) -> None:
        if key in QUICK_OUTCOMES:
            self.log_current(QUICK_OUTCOMES[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.on_log()
        elif key == Qt.Key.Key_E:
            self.on_email()
        elif key == Qt.Key.Key_K:
            self.on_skip()

    def log_current(self, outcome: Outcome, **extra: Any) -> LoggedTouch | None:
        """Log the chosen touch's outcome. Without a job runner it is written at once and
        the `LoggedTouch` returned; with one it is written in the worker (None)."""
        touch = self.current()
        if touch is None:
            return None
        channel = extra.pop("channel", touch.channel)
        planned = touch.planned_touch_id if channel is touch.channel else None
        book = self.book

        def write() -> Changes:
            return book.campaigns.log_touch(touch.stakeholder_id, channel, outcome,
                                            planned_touch_id=planned, **extra)

        def said(changes: Changes) -> str:
            result: LoggedTouch = changes.result
            text = f"Logged {outcome.label.lower()} with {touch.person_name}."
            if result.stopped_enrolments:
                text += f" {len(result.stopped_enrolments)} campaign(s) stopped."
            if result.shifted_touches:
                text += f" {result.shifted_touches} touches moved to after their return."
            return text

        changes = self._write(touch, f"logging {outcome.label.lower()}", write, said)
        return changes.result if changes is not None else None

    def _write(self, touch: DueTouch, what: str, write: Callable[[], Changes],
               said: Callable[[Changes], str]) -> Changes | None:
        """Write for `touch`, then re-read its person's rows and put them in place.

        Without a runner all of it happens now and the `Changes` are returned. With one,
        the write and the re-read run in the worker, after any write still waiting: the
        selection moves to the next touch at once and this one shows "logging…"."""
        if touch.planned_touch_id in self.model.pending:
            self.status_message.emit(f"The touch with {touch.person_name} is being "
                                     "written already.")
            return None
        book, today, until = self.book, self.today, self.until

        def write_and_reread() -> tuple[Changes, list[int] | None, list[DueTouch]]:
            changes = write()
            people = self._people_after(touch, changes.result)
            fresh = book.campaigns.due(today, until=until, account_id=touch.account_id,
                                       stakeholder_ids=people, scripts=False)
            return changes, people, fresh

        if self.runner is None:
            try:
                answer = write_and_reread()
            except errors.KnownError as exc:
                self.status_message.emit(str(exc))
                return None
            self._landed(touch, answer, said, keep=self._next_after(touch))
            return answer[0]
        self.model.set_pending(touch.planned_touch_id, True)
        following = self._next_after(touch)
        if following is not None:
            self._select(following)
        self._writes.append((write_and_reread,
                             lambda answer: self._landed(touch, answer, said, keep=None),
                             lambda exc: self._write_failed(touch, what, exc)))
        if not self._writing:
            self._next_write()
        return None

    def _next_write(self) -> None:
        if not self._writes or self.runner is None:
            self._writing = False
            return
        fn, landed, failed = self._writes.pop(0)
        self._writing = True

        def on_success(answer: Any) -> None:
            try:
                landed(answer)
            finally:
                self._next_write()

        def on_failure(exc: BaseException) -> None:
            try:
                failed(exc)
            finally:
                self._next_write()

        self.runner.submit("writing a touch", fn, on_success=on_success,
                           on_failure=on_failure)

    def _landed(self, touch: DueTouch, answer: tuple[Changes, list[int] | None,
                                                     list[DueTouch]],
                said: Callable[[Changes], str], *, keep: int | None) -> None:
        """A write is in the database: its person's fresh rows take their place."""
        changes, people, fresh = answer
        self.model.set_pending(touch.planned_touch_id, False)
        if keep is None:  # written in the worker: the rep has moved on; stay there
            current = self.model.touch(self.tree.currentIndex())
            keep = current.planned_touch_id if current is not None else None
        self._merge(touch.account_id, people, fresh, keep=keep)
        if self.reader.busy:  # the whole queue on its way may have been read before this
            self.reader.read(self._whole_reading())
        self.status_message.emit(said(changes))
        self.wrote.emit(changes)

    def _write_failed(self, touch: DueTouch, what: str, exc: BaseException) -> None:
        self.model.set_pending(touch.planned_touch_id, False)
        if isinstance(exc, errors.KnownError):
            reason = str(exc)
        else:
            log.error("%s for %s failed", what, touch.person_name, exc_info=exc)
            reason = f"{type(exc).__name__}: {exc}"
        self.status_message.emit(f"Not saved: {what} with {touch.person_name} failed "
                                 f"({reason}). The touch is still due.")

    def _select(self, planned_touch_id: int) -> None:
        index = self.model.index_of(planned_touch_id)
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.tree.scrollTo(index)

    def on_log(self) -> None:
        touch = self.current()
        if touch is None:
            return
        dialog = LogTouchDialog(touch.person_name, touch.channel, self)
        if dialog.exec():
            values = dialog.values()
            outcome = values.pop("outcome")
            assert isinstance(outcome, Outcome)
            self.log_current(outcome, **values)

    def on_email(self) -> None:
        touch = self.current()
        if touch is None or not touch.email:
            return
        if not QDesktopServices.openUrl(QUrl(mailto_for(touch))):
            self.status_message.emit("No mail program is set up to open the email.")
        else:
            self.status_message.emit(f"Email to {touch.person_name} opened in your mail program;"
                                     " press S here once it is sent.")

    def on_skip(self) -> None:
        touch = self.current()
        if touch is None:
            return
        book = self.book
        self._write(touch, "skipping the step",
                    lambda: book.campaigns.skip_planned(touch.account_id,
                                                        touch.planned_touch_id),
                    lambda changes: f"Skipped “{changes.result}” for {touch.person_name}.")

    def on_print_letters(self, *, labels: bool) -> None:
        chosen = [t for t in self.touches if t.channel is Channel.LETTER] if not labels else \
            [t for t in self.touches if t.channel.physical]
        if not chosen:
            return
        kind = "labels" if labels else "letters"
        path, _ = QFileDialog.getSaveFileName(self, f"Save the {kind} as PDF",
                                              f"{kind}-{self.today:%Y-%m-%d}.pdf", "PDF (*.pdf)")
        if path:
            self.write_letters(Path(path), [self.filled(t) for t in chosen], labels=labels)

    def write_letters(self, path: Path, touches: list[DueTouch], *, labels: bool) -> int:
        from ui.campaigns.letter_pdf import write_pdf

        html = labels_html(self.db, touches) if labels else \
            letters_html(self.db, touches, self.today)
        pages = write_pdf(html, path, "Labels" if labels else "Letters", labels=labels)
        self.status_message.emit(f"Wrote {len(touches)} {'labels' if labels else 'letters'} "
                                 f"({pages} page{'s' if pages != 1 else ''}) to {path.name}.")
        return pages

    def on_export_ics(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export calls and touches",
                                              f"touches-{self.today:%Y-%m-%d}.ics",
                                              "Calendar (*.ics)")
        if path:
            count = write_calendar(self.db, Path(path), self.today, self.until)
            self.status_message.emit(f"Wrote {count} events to {Path(path).name}.")

