"""The sheet on paper: HTML -> QTextDocument -> QPdfWriter or QPrinter, fitted to its pages.

`fit_sheet` lays the sheet out on the real paint device at the template's most
generous level of detail, and steps down a level until it fits the template's
page limit (one page, two pages). Qt paginates between lines, so text is never
cut at a page edge; what does not fit is shortened visibly by the budgets.

Each layout costs about as much as printing the sheet, so the search is kept
short: between the last level that did not fit and the first that did, it
estimates from the two layouts' heights where the pages fill up instead of
halving blindly, keeps every probe in its own document (the best one is never
laid out twice), and remembers the budget it chose for a sheet whose content
(its `SheetData`), page and map size it has fitted before, so the preview, the
print and the PDF of one call render and lay it out once each.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QLocale, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import (
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
    QTextFormat,
    QTextTable,
)

from workbench import errors
from workbench.files import write_atomically
from workbench.prep.context import SheetData
from workbench.prep.fit import Budget, blend
from workbench.prep.render import render_html, template_info

MAP_URL = "workbench-map:committee.png"
PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
# The 11 mm page margin is split: 5 mm on the printer (inside any printer's
# unprintable band) and 6 mm inside the document. Without a document margin Qt
# places a table row that continues on the next page above the page's top edge.
DEVICE_MARGIN_MM = 5.0
DOCUMENT_MARGIN_MM = 6.0
# Document margins are in Qt's logical pixels (96 per inch), whatever the device.
_LOGICAL_DPI = 96.0
PDF_DPI = 300
# Sheets whose fitted budget is remembered (a rep's day of calls, several times over).
FIT_CACHE_SIZE = 128
_fit_cache: OrderedDict[tuple[object, ...], tuple[int, Budget]] = OrderedDict()
# Sheets are fitted in the job runner's worker (the preview) and on the GUI thread (print).
_fit_cache_lock = threading.Lock()


def locale_page_size(locale: QLocale | None = None) -> str:
    """Letter where the locale measures in US units (US, Canada's English...), else A4."""
    locale = locale or QLocale.system()
    us_units = locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "Letter" if us_units else "A4"


def page_layout(page_size: str | None = None) -> QPageLayout:
    name = page_size or locale_page_size()
    if name not in PAGE_SIZES:
        raise errors.InvalidInput(f"“{page_size}” is not a page size: use A4 or Letter.")
    margins = QMarginsF(*[DEVICE_MARGIN_MM] * 4)
    return QPageLayout(QPageSize(PAGE_SIZES[name]), QPageLayout.Orientation.Portrait, margins,
                       QPageLayout.Unit.Millimeter)


@dataclass
class FittedSheet:
    """A sheet laid out for one paint device: the document and how it fitted."""

    document: QTextDocument
    html: str
    level: int
    page_count: int
    max_pages: int
    # Qt objects the document draws on (its paint device and what that writes to):
    # held here so Python never frees them while the document is still in use.
    keep_alive: Any = field(default=None, repr=False)

    @property
    def fits(self) -> bool:
        return self.page_count <= self.max_pages


def fit_sheet(data: SheetData, template: str, device: QPagedPaintDevice,
              map_picture: QImage | None = None) -> FittedSheet:
    """Lay the sheet out on `device` at the most detail that fits the template's pages."""
    info = template_info(template)
    map_src = MAP_URL if map_picture is not None else None
    page = QSizeF(device.width(), device.height())

    def new_document() -> QTextDocument:
        document = QTextDocument()
        document.setDocumentMargin(DOCUMENT_MARGIN_MM / 25.4 * _LOGICAL_DPI)
        document.setUseDesignMetrics(True)  # the same line breaks on screen and on paper
        document.setIndentWidth(16)
        if map_picture is not None:
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(MAP_URL),
                                 map_picture)
        document.documentLayout().setPaintDevice(device)
        document.setPageSize(page)
        return document

    def lay_out(level: int, budget: Budget, html: str | None = None) -> FittedSheet:
        html = html if html is not None else render_html(data, info.name, budget,
                                                         map_src=map_src)
        document = new_document()
        document.setHtml(html)
        return FittedSheet(document, html, level, document.pageCount(), info.max_pages,
                           keep_alive=device)

    # The key is the sheet's content itself (its data, whose text is all the template
    # shows), so a sheet fitted before is rendered and laid out once, not rendered
    # a second time only to be recognised.
    key = (hashlib.sha1(repr(data).encode()).hexdigest(), info.name, info.max_pages,
           page.width(), page.height(), device.logicalDpiX(),
           # The layout depends on the picture's size, not on its pixels.
           (map_picture.width(), map_picture.height()) if map_picture is not None else None)
    with _fit_cache_lock:
        remembered = _fit_cache.get(key)
    fitted: FittedSheet | None = None
    if remembered is not None:
        level, budget = remembered
        candidate = lay_out(level, budget)
        if candidate.fits:
            fitted = candidate
            with _fit_cache_lock:
                if key in _fit_cache:
                    _fit_cache.move_to_end(key)
    if fitted is None:
        first_html = render_html(data, info.name, info.levels[0], map_src=map_src)
        fitted, budget = _search(info.levels, info.max_pages, page.height(), lay_out,
                                 first_html)
        with _fit_cache_lock:
            _fit_cache[key] = (fitted.level, budget)
            while len(_fit_cache) > FIT_CACHE_SIZE:
                _fit_cache.popitem(last=False)
    document = fitted.document
    if fitted.fits and fitted.page_count > 1 and keep_small_tables_together(document):
        if document.pageCount() > fitted.max_pages:
            document.setHtml(fitted.html)  # moving them costs a page: split rows instead
        fitted.page_count = document.pageCount()
    return fitted


def _search(levels: tuple[Budget, ...], max_pages: int, page_height: float,
            lay_out: object, first_html: str) -> tuple[FittedSheet, Budget]:
    """The richest budget that fits: the first level that fits, then between it and the
    richer level before it, two probes placed by the layouts' heights."""
    assert callable(lay_out)
    fitted: FittedSheet | None = None
    richer: FittedSheet | None = None
    for level, budget in enumerate(levels):
        fitted = lay_out(level, budget, first_html if level == 0 else None)
        if fitted.fits:
            break
        richer = fitted
    assert fitted is not None  # every template has at least one level
    chosen = levels[fitted.level]
    if not fitted.fits or richer is None:
        return fitted, chosen
    capacity = max_pages * page_height
    rich_h, lean_h = _height(richer), _height(fitted)
    # Where between the two levels the sheet's height should meet the pages' (linear).
    guess = (rich_h - capacity) / (rich_h - lean_h) if rich_h > lean_h else 0.5
    guess = min(0.9, max(0.1, guess))
    richer_budget = levels[fitted.level - 1]
    best, best_t = fitted, 1.0
    for t in (guess, None):
        if t is None:  # second probe: a step richer after a fit, leaner after a miss
            t = best_t - 0.15 if best is not fitted else guess + (1 - guess) / 2
            if not 0.0 < t < best_t:
                break
        budget = blend(richer_budget, chosen, t)
        probe = lay_out(fitted.level, budget)
        if probe.fits and t < best_t:
            best, best_t, best_budget = probe, t, budget
    return (best, best_budget) if best is not fitted else (fitted, chosen)


def _height(sheet: FittedSheet) -> float:
    return float(sheet.document.documentLayout().documentSize().height())


def keep_small_tables_together(document: QTextDocument) -> bool:
    """Move a small table (a row of cards) that straddles a page break to the next page.

    Qt splits table rows between lines at a page break, so a card could start at
    the bottom of one page and end on the next. Returns whether anything moved.
    """
    layout = document.documentLayout()
    page_height = document.pageSize().height()
    moved = False
    for _ in range(8):  # each move shifts what follows; a few passes settle it
        changed = False
        for frame in document.rootFrame().childFrames():
            if not isinstance(frame, QTextTable):
                continue
            box = layout.frameBoundingRect(frame)
            if box.height() > page_height / 3:
                continue  # long lists may split; only short blocks move whole
            if int(box.top() // page_height) != int((box.bottom() - 1) // page_height):
                table_format = frame.format()
                if table_format.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
                    continue
                table_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                frame.setFormat(table_format)
                changed = moved = True
                break
        if not changed:
            break
    return moved


def map_size_px(template: str) -> tuple[int, int]:
    """The pixel size to draw the map at: three times its size on the sheet, for print."""
    info = template_info(template)
    # The detailed sheet shows the map across the page (see detailed.html's wide_map).
    width = 720 if info.max_pages > 1 else 330
    return width * 3, info.levels[0].map_height_px * 3


def pdf_writer(target: str | QIODevice, page_size: str | None) -> QPdfWriter:
    writer = QPdfWriter(target)
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(page_layout(page_size))
    writer.setCreator("Sales Prep Workbench")
    return writer


def sheet_pdf_bytes(data: SheetData, template: str, page_size: str | None = None,
                    map_picture: QImage | None = None) -> tuple[bytes, FittedSheet]:
    """The sheet as PDF bytes, and how it fitted."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, page_size)
    writer.setTitle(f"Call prep: {data.account_name}")
    fitted = fit_sheet(data, template, writer, map_picture)
    fitted.document.print_(writer)
    del writer  # finishes the PDF
    buffer.close()
    return bytes(buffer.data().data()), fitted


def write_sheet_pdf(data: SheetData, path: Path, template: str, page_size: str | None = None,
                    map_picture: QImage | None = None) -> FittedSheet:
    """Write the sheet to `path` whole or not at all (a full disk leaves no half PDF)."""
    pdf, fitted = sheet_pdf_bytes(data, template, page_size, map_picture)
    write_atomically(path, pdf)
    return fitted


