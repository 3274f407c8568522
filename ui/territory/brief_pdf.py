"""The daily brief on paper: its HTML laid out by QTextDocument on one page, as PDF or print."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QSizeF
from PySide6.QtGui import QPagedPaintDevice, QTextDocument

from ui.calls.sheet_document import _LOGICAL_DPI, DOCUMENT_MARGIN_MM, pdf_writer
from workbench.files import write_atomically
from workbench.territory.brief import brief_html
from workbench.today import TodayData


def brief_document(data: TodayData, device: QPagedPaintDevice) -> QTextDocument:
    """The brief laid out for `device`'s page."""
    document = QTextDocument()
    # As the prep sheets do: the layout measures on the device, so point sizes are
    # points on paper and the line breaks on screen and on paper are the same.
    document.setDocumentMargin(DOCUMENT_MARGIN_MM / 25.4 * _LOGICAL_DPI)
    document.setUseDesignMetrics(True)
    document.documentLayout().setPaintDevice(device)
    document.setPageSize(QSizeF(device.width(), device.height()))
    document.setHtml(brief_html(data))
    return document


def brief_pdf_bytes(data: TodayData, page_size: str | None = None) -> tuple[bytes, int]:
    """The brief as PDF bytes and its page count."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, page_size)
    writer.setTitle(f"Daily brief {data.day.isoformat()}")
    document = brief_document(data, writer)
    pages = document.pageCount()
    document.print_(writer)
    del writer  # finishes the PDF
    buffer.close()
    return bytes(buffer.data().data()), pages


def write_brief_pdf(data: TodayData, path: Path, page_size: str | None = None) -> int:
    """Write the brief to `path` whole or not at all; returns its page count."""
    pdf, pages = brief_pdf_bytes(data, page_size)
    write_atomically(path, pdf)
    return pages
