"""Letters and label sheets on paper: the core's HTML -> QTextDocument -> PDF, as the sheet does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QSizeF
from PySide6.QtGui import QPagedPaintDevice, QTextDocument

from ui.calls.sheet_document import pdf_writer
from workbench.files import write_atomically

# A letter wants a wider margin than the sheet: 20 mm on top of the printer's 5 mm.
LETTER_MARGIN_MM = 20.0
LABEL_MARGIN_MM = 4.0
_LOGICAL_DPI = 96.0


def lay_out(html: str, device: QPagedPaintDevice, margin_mm: float) -> QTextDocument:
    document = QTextDocument()
    document.setDocumentMargin(margin_mm / 25.4 * _LOGICAL_DPI)
    document.setUseDesignMetrics(True)
    document.documentLayout().setPaintDevice(device)
    document.setPageSize(QSizeF(device.width(), device.height()))
    document.setHtml(html)
    return document


def pdf_bytes(html: str, title: str, *, labels: bool = False,
              page_size: str | None = None) -> tuple[bytes, int]:
    """The PDF and its page count."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, page_size)
    writer.setTitle(title)
    document = lay_out(html, writer, LABEL_MARGIN_MM if labels else LETTER_MARGIN_MM)
    pages = document.pageCount()
    document.print_(writer)
    del writer  # finishes the PDF
    buffer.close()
    return bytes(buffer.data().data()), pages


def write_pdf(html: str, path: Path, title: str, *, labels: bool = False,
              page_size: str | None = None) -> int:
    data, pages = pdf_bytes(html, title, labels=labels, page_size=page_size)
    write_atomically(path, data)
    return pages
