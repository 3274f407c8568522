"""The sheet on paper: HTML -> QTextDocument -> QPdfWriter or QPrinter, fitted to its pages.

`fit_sheet` lays the sheet out on the real paint device at the template's most
generous level of detail, and steps down a level until it fits the template's
page limit (one page, two pages). Qt paginates between lines, so text is never
cut at a page edge; what does not fit is shortened visibly by the budgets.
"""

from __future__ import annotations

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
    document = QTextDocument()
    document.setDocumentMargin(DOCUMENT_MARGIN_MM / 25.4 * _LOGICAL_DPI)
    document.setUseDesignMetrics(True)  # the same line breaks on screen and on paper
    document.setIndentWidth(16)
    if map_picture is not None:
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(MAP_URL),
                             map_picture)
    document.documentLayout().setPaintDevice(device)
    document.setPageSize(QSizeF(device.width(), device.height()))
    map_src = MAP_URL if map_picture is not None else None

    def lay_out(level: int, budget: Budget) -> FittedSheet:
        html = render_html(data, info.name, budget, map_src=map_src)
        document.setHtml(html)
        return FittedSheet(document, html, level, document.pageCount(), info.max_pages,
                           keep_alive=device)

    fitted = None
    for level, budget in enumerate(info.levels):
        fitted = lay_out(level, budget)
        if fitted.fits:
            break
    if fitted is not None and fitted.fits and fitted.level > 0:
        # The levels are coarse steps; search between the last that did not fit and
        # the first that did, so a sheet keeps as much as its pages hold.
        richer, leaner = info.levels[fitted.level - 1], info.levels[fitted.level]
        low, high, best, laid_out = 0.0, 1.0, fitted, fitted
        for _ in range(5):  # fine enough that a sheet keeps what its pages hold
            middle = (low + high) / 2
            laid_out = lay_out(fitted.level, blend(richer, leaner, middle))
            if laid_out.fits:
                high, best = middle, laid_out
            else:
                low = middle
        if laid_out is not best:
            document.setHtml(best.html)  # the document must hold what fitted
            best.page_count = document.pageCount()
        fitted = best
    assert fitted is not None  # every template has at least one level
    if fitted.fits and fitted.page_count > 1 and keep_small_tables_together(document):
        if document.pageCount() > fitted.max_pages:
            document.setHtml(fitted.html)  # moving them costs a page: split rows instead
        fitted.page_count = document.pageCount()
    return fitted


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


