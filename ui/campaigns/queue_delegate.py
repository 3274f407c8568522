"""Painting the queue's cells straight from its rows, their texts laid out once.

A territory's queue repaints its 35 visible rows after every logged touch, and with
the standard delegate most of that time went in laying the same texts out again
(eliding, then drawing through a text layout): about 90 µs a cell. This delegate
keeps each cell's elided text as a prepared `QStaticText` (for its text and column
width) and draws it, with a heading's band, the selection and a late date's colour;
a repaint then costs a fraction. Size hints and editing stay the standard ones.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.campaigns.queue_model import QueueModel
from workbench.vocabulary import Channel

_MARGIN = 4
_ALIGN = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
_ELIDE = Qt.TextElideMode.ElideRight
# As an int: `option.state & flag` builds a new enum member each time (slow in Python).
_SELECTED = QStyle.StateFlag.State_Selected.value
_TEXT = QPalette.ColorRole.Text
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
# Prepared texts kept at most: a few screens' worth; scrolling a long queue starts over.
_KEPT_TEXTS = 5000


class QueueDelegate(QStyledItemDelegate):
    """Paints a `QueueModel`'s cells; editing and size hints stay the standard ones."""

    def __init__(self, model: QueueModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = model
        self._texts: dict[tuple[str, int, bool], QStaticText] = {}
        self._palette_key = -1
        self._colors: tuple[Any, Any, Any] = (None, None, None)

    def _colors_of(self, palette: QPalette) -> tuple[Any, Any, Any]:
        """(text, highlight, highlighted text) of `palette`, read again only when it changes."""
        key = palette.cacheKey()
        if key != self._palette_key:
            self._palette_key = key
            self._colors = (palette.color(_TEXT), palette.highlight(),
                            palette.color(_HIGHLIGHTED_TEXT))
        return self._colors

    def _static(self, text: str, width: int, bold: bool, metrics: QFontMetrics) -> QStaticText:
        key = (text, width, bold)
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) >= _KEPT_TEXTS:
                self._texts.clear()
            found = QStaticText(metrics.elidedText(text, _ELIDE, width))
            found.setTextFormat(Qt.TextFormat.PlainText)
            self._texts[key] = found
        return found

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        model = self.model
        r, column = index.row(), index.column()
        if not 0 <= r < len(model.rows):
            return
        row = model.rows[r]
        rect: QRect = option.rect  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        metrics: QFontMetrics = option.fontMetrics  # type: ignore[attr-defined]
        text_color, highlight, highlighted_text = self._colors_of(palette)
        heading = isinstance(row, Channel)
        if heading:
            painter.save()
            painter.fillRect(rect, model.heading_background)
            painter.setFont(model.bold)
            metrics = painter.fontMetrics()
            text = model.heading_text(row) if column == 0 else ""  # type: ignore[arg-type]
            painter.setPen(text_color)
        else:
            text = model.cell_text(row, column)  # type: ignore[arg-type]
            if option.state.value & _SELECTED:  # type: ignore[attr-defined]
                painter.fillRect(rect, highlight)
                painter.setPen(highlighted_text)
            else:
                painter.setPen(model.late if model.is_late(row, column)  # type: ignore[arg-type]
                               else text_color)
        if text:
            width = rect.width() - 2 * _MARGIN
            painter.drawStaticText(rect.x() + _MARGIN,
                                   rect.y() + (rect.height() - metrics.height()) // 2,
                                   self._static(text, width, heading, metrics))
        if heading:
            painter.restore()
