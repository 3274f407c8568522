"""Composing a call's sheet off the GUI thread, through the window's job runner; newest wins.

A sheet is composed in two steps, each on the runner (`ui.background_read`):

1. read everything it shows (`workbench.prep.context.load_sheet`: the call, account,
   committee, touches, facts, signals, page changes);
2. fit it to its pages (`ui.calls.sheet_document.fit_sheet` on a PDF writer of the
   chosen paper: every level of detail until one fits, then two probes).

Between them, on the GUI thread, the committee map is drawn from the committee read in
step 1 (the map's scene uses widget styles, which live on the GUI thread; an unchanged
map is remembered, `ui.calls.map_picture`). The fitting's Qt objects (a `QTextDocument`
per probe, the `QPdfWriter` it lays out on, its buffer) are made, used and dropped in the
worker: Qt's rich-text classes are reentrant and a painter may draw on a printer or an
image in any thread. Only plain values come back: the sheet's data, its map picture
(an implicitly shared `QImage`), the fitted HTML and its page count.

Each request gets a number; selecting another call, changing the template or the paper,
or an edit to the call makes a new request, and an answer for an older one is dropped,
however late it arrives. Print and PDF wait (`wait`) for the composition on its way, so
what goes to paper is the sheet as it is now, never the one shown before the last edit.
Without a job runner (a bare tab in a test) everything is done at once, on this thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QBuffer, QEventLoop, QIODevice, QObject, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from ui.background_read import BackgroundReader
from ui.calls.map_picture import sheet_map
from ui.calls.sheet_document import fit_sheet, map_size_px, pdf_writer
from ui.errors import show_error
from ui.jobs import WAIT_MS, JobRunner
from workbench import errors
from workbench.prep.context import SheetData, load_sheet
from workbench.storage.database import Database


@dataclass(frozen=True)
class SheetRequest:
    """What was asked for: this call's sheet, in this template, on this paper."""

    number: int
    call_id: int
    template: str
    page_size: str


@dataclass(frozen=True)
class FitSummary:
    """How a sheet fitted its pages (no Qt object: it crosses threads)."""

    html: str
    level: int
    page_count: int
    max_pages: int

    @property
    def fits(self) -> bool:
        return self.page_count <= self.max_pages


@dataclass(frozen=True)
class Composition:
    """A composed sheet: its request, its content, its map picture and how it fitted."""

    request: SheetRequest
    data: SheetData
    picture: QImage | None
    fit: FitSummary


@dataclass(frozen=True)
class _Refused:
    """A known failure (the call is gone, a template is broken), as an answer."""

    message: str


def read_sheet(db: Database, request: SheetRequest) -> tuple[SheetRequest, SheetData | _Refused]:
    """Step 1, in the worker: everything the sheet shows."""
    try:
        return request, load_sheet(db, request.call_id)
    except errors.KnownError as exc:
        return request, _Refused(str(exc))


def fit_on_pdf(data: SheetData, template: str, page_size: str,
               picture: QImage | None) -> FitSummary:
    """Step 2, in the worker: the sheet fitted to the PDF's pages (what the preview shows
    and the PDF prints); every Qt object it makes is dropped before it returns."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, page_size)
    fitted = fit_sheet(data, template, writer, picture)
    summary = FitSummary(fitted.html, fitted.level, fitted.page_count, fitted.max_pages)
    del fitted, writer
    buffer.close()
    return summary


def _fit(request: SheetRequest, data: SheetData,
         picture: QImage | None) -> tuple[SheetRequest, Composition | _Refused]:
    try:
        fit = fit_on_pdf(data, request.template, request.page_size, picture)
    except errors.KnownError as exc:
        return request, _Refused(str(exc))
    return request, Composition(request, data, picture, fit)


class SheetComposer(QObject):
    """Composes the sheet of the call asked for last, in the background.

    Signals:
        composing(object): a `SheetRequest` has been made; its sheet is on its way.
        composed(object): the `Composition` of the newest request.
        failed(object, str): the newest request could not be composed, and why.
    """

    composing = Signal(object)
    composed = Signal(object)
    failed = Signal(object, str)

    def __init__(self, db: Database, runner: Callable[[], JobRunner | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner  # asked at each request: the window's runner, once there is one
        self.latest: SheetRequest | None = None
        self.current: Composition | None = None
        self.refused: SheetRequest | None = None  # the newest request, when it failed
        self._number = 0
        self._reading = BackgroundReader(None, "reading the call's sheet", lambda: None,
                                         self._on_read, self, failed=self._on_failed)
        self._fitting = BackgroundReader(None, "fitting the call's sheet", lambda: None,
                                         self._on_fitted, self, failed=self._on_failed)

    @property
    def pending(self) -> bool:
        """Whether the newest request's sheet is still on its way."""
        latest = self.latest
        if latest is None or latest == self.refused:
            return False
        return self.current is None or self.current.request != latest

    def request(self, call_id: int, template: str, page_size: str) -> SheetRequest:
        """Compose this call's sheet anew; whatever is on its way for an older request
        will not be shown."""
        self._number += 1
        request = SheetRequest(self._number, call_id, template, page_size)
        self.latest = request
        self._fitting.supersede()  # a fitting on its way is for an older request
        runner = self.runner()
        self._reading.runner = self._fitting.runner = runner
        self.composing.emit(request)
        self._reading.read(lambda: read_sheet(self.db, request))
        return request

    def wait(self, msecs: int = WAIT_MS) -> bool:
        """Wait (the window still drawing, the rep's input held back) until the newest
        request's sheet is composed or has failed; False if it took longer than `msecs`."""
        if not self.pending:
            return True
        deadline = time.monotonic() + msecs / 1000
        loop = QEventLoop()
        self.composed.connect(loop.quit)
        self.failed.connect(loop.quit)
        timer = QTimer()  # wakes the loop to look at the clock
        timer.setInterval(100)
        timer.timeout.connect(loop.quit)
        timer.start()
        try:
            while self.pending and time.monotonic() < deadline:
                if not self._reading.busy and not self._fitting.busy:
                    break  # nothing is on its way any more
                loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        finally:
            timer.stop()
            self.composed.disconnect(loop.quit)
            self.failed.disconnect(loop.quit)
        return not self.pending

    # --- the two steps' answers (on the GUI thread) ---------------------------------

    def _on_read(self, answer: Any) -> None:
        if not shiboken6.isValid(self):
            return  # the tab closed while its sheet was read
        request, data = answer
        if request != self.latest:
            return
        if isinstance(data, _Refused):
            self._refuse(request, data.message)
            return
        try:
            width, height = map_size_px(request.template)
        except errors.KnownError as exc:
            self._refuse(request, str(exc))
            return
        # The map scene draws with widget styles: on this thread, remembered when unchanged.
        picture = sheet_map(self.db, data, width, height)
        self._fitting.read(lambda: _fit(request, data, picture))

    def _on_fitted(self, answer: Any) -> None:
        if not shiboken6.isValid(self):
            return
        request, composition = answer
        if request != self.latest:
            return
        if isinstance(composition, _Refused):
            self._refuse(request, composition.message)
            return
        self.current = composition
        self.composed.emit(composition)

    def _on_failed(self, error: BaseException) -> None:
        """A bug (known errors come back as answers): the preview says the sheet could
        not be composed, and the one dialog for bugs says where the log is."""
        if not shiboken6.isValid(self) or self.latest is None:
            return
        self._refuse(self.latest, f"The sheet could not be composed: {error}")
        parent = self.parent()
        show_error(parent if isinstance(parent, QWidget) else None, error,
                   "composing the call's sheet")

    def _refuse(self, request: SheetRequest, message: str) -> None:
        self.refused = request
        self.failed.emit(request, message)
