"""Painting the account list's cells straight from the model's formatted texts.

With the standard delegate each painted cell costs seven Python calls of the model's
`data()` (font, alignment, colours, check state, icon, text, background: the view asks
for every role it might draw) and a text layout to elide and draw the text; at 23
visible rows of four columns that is most of a repaint, and a repaint is most of a
filter keystroke at 10,000 accounts. This delegate makes one Python call a cell: it
takes the cell's text from the model (`AccountsModel.cell_text`), keeps it elided for
its column width as a prepared `QStaticText`, and draws it with the selection the way
the style's item panel does (the view itself draws the alternating rows). Size hints,
tooltips (from `data()`) and editing stay the standard ones.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from ui.accounts_model import AccountsModel

_ELIDE = Qt.TextElideMode.ElideRight
# Plain ints, looked up once: in PySide6 reading an enum member (`QStyle.StateFlag.X`,
# `QPalette.ColorGroup.Y`) or combining flags costs more than the rest of a cell.
_SELECTED = QStyle.StateFlag.State_Selected.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
_LOOK = _SELECTED | _ENABLED | _ACTIVE  # the state bits that choose the colours
# Prepared texts kept at most: a few screens' worth; scrolling far starts over.
_KEPT_TEXTS = 4000


def _look(palette: QPalette, state: int) -> tuple[QBrush | None, QColor]:
    """(the selection's brush or None, the text's colour) as the style's item panel
    paints them: the colour group from enabled and active, highlight when selected."""
    group = (QPalette.ColorGroup.Disabled if not state & _ENABLED
             else QPalette.ColorGroup.Normal if state & _ACTIVE else QPalette.ColorGroup.Inactive)
    if state & _SELECTED:
        return (palette.brush(group, QPalette.ColorRole.Highlight),
                palette.color(group, QPalette.ColorRole.HighlightedText))
    return None, palette.color(group, QPalette.ColorRole.Text)


_RESTYLE_EVENTS = frozenset(int(kind.value) for kind in (
    QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange,
    QEvent.Type.ApplicationFontChange, QEvent.Type.ApplicationPaletteChange))


class AccountsDelegate(QStyledItemDelegate):
    """Paints an `AccountsModel`'s cells: one Python call a cell, texts laid out once.

    Install it with `install(view)`: it then hears the view's font, palette and style
    changes (which lay the texts out again) instead of checking them at every cell.
    """

    def __init__(self, model: AccountsModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = model
        self._texts: dict[tuple[str, int], QStaticText] = {}
        self._looks: dict[int, tuple[QBrush | None, QColor]] = {}
        self._styled = False
        self._margin = 0
        self._text_height = 0

    def install(self, view: QAbstractItemView) -> None:
        view.setItemDelegate(self)
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if int(event.type().value) in _RESTYLE_EVENTS:
            self._styled = False
        return False

    def _restyle(self, option: QStyleOptionViewItem) -> None:
        """Read the text margin and height again and forget the colours and laid-out texts."""
        self._styled = True
        self._looks.clear()
        self._texts.clear()
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else None
        # The style's own text margin (QCommonStyle: the focus frame's margin plus one).
        self._margin = (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget)
                        if style is not None else 2) + 1
        self._text_height = option.fontMetrics.height()  # type: ignore[attr-defined]

    def _prepare(self, text: str, width: int, metrics: QFontMetrics) -> QStaticText:
        """`text` elided to fit a cell `width` wide, laid out, and kept for the next repaint."""
        if len(self._texts) >= _KEPT_TEXTS:
            self._texts.clear()
        prepared = QStaticText(metrics.elidedText(text, _ELIDE, width - 2 * self._margin))
        prepared.setTextFormat(Qt.TextFormat.PlainText)
        self._texts[(text, width)] = prepared
        return prepared

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if not self._styled:
            self._restyle(option)
        state: int = option.state.value  # type: ignore[attr-defined]
        geometry: tuple[int, int, int, int] = option.rect.getRect()  # type: ignore[attr-defined, assignment]
        x, y, width, height = geometry
        look = state & _LOOK
        found = self._looks.get(look)
        if found is None:
            found = self._looks[look] = _look(option.palette, state)  # type: ignore[attr-defined]
        panel, color = found
        if panel is not None:
            painter.fillRect(x, y, width, height, panel)
        text = self.model.cell_text(index.row(), index.column())
        if text:
            prepared = self._texts.get((text, width))
            if prepared is None:
                prepared = self._prepare(text, width, option.fontMetrics)  # type: ignore[attr-defined]
            painter.setPen(color)
            painter.drawStaticText(x + self._margin, y + (height - self._text_height) // 2,
                                   prepared)
        if state & _HAS_FOCUS:
            widget = option.widget  # type: ignore[attr-defined]
            if widget is not None:
                widget.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option,
                                             painter, widget)
