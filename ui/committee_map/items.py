"""What the map draws: a stakeholder card and the lines between cards.

Cards are plain `QGraphicsItem`s (cheaper than `QGraphicsObject` on a 60-person
map); the scene turns their changes into signals. A line keeps its two cards
and recomputes its path when either moves.
"""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from ui.committee_map import style
from workbench.committee.layout import CARD_HEIGHT, CARD_WIDTH
from workbench.committee.records import Line, Person
from workbench.vocabulary import RelationKind, Role

CARD_TYPE = QGraphicsItem.UserType + 1
LINE_TYPE = QGraphicsItem.UserType + 2
HANDLE_RADIUS = 7.0
STRIPE = 30.0  # the attitude column on the card's left


def _font(size: float, bold: bool = False, italic: bool = False) -> QFont:
    # Pixel sizes, not points: the card must look the same on a screen, in an SVG and on
    # a 300 dpi PDF page, whatever each device's resolution.
    font = QFont("DejaVu Sans")
    font.setPixelSize(round(size * 4 / 3))
    font.setBold(bold)
    font.setItalic(italic)
    return font


class StakeholderCard(QGraphicsItem):
    """One person: name, title, role badge, attitude, influence bars and last contact."""

    def __init__(self, person: Person, today: date, interactive: bool = True) -> None:
        super().__init__()
        self.person = person
        self.today = today
        self.lines: list[RelationLine] = []
        self.setZValue(1)
        if interactive:
            self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                          | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                          | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
            self.setAcceptHoverEvents(True)
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        if interactive:
            # Moving cards on screen reuses their pixels; exports draw vectors (no cache), so
            # an SVG or PDF keeps real text.
            self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.interactive = interactive
        self._hover = False
        self._update_tooltip()

    # -- data -------------------------------------------------------------------------------
    @property
    def stakeholder_id(self) -> int:
        return self.person.id

    def set_person(self, person: Person) -> None:
        if person != self.person:
            self.person = person
            self._update_tooltip()
            self.update()

    def _update_tooltip(self) -> None:
        p = self.person
        contact, _ = style.contact_text(p.last_contact, self.today)
        self.setToolTip(f"{p.name}\n{p.title}\n{Role(p.role).label} · "
                        f"{style.attitude_label(p.attitude)} · influence {p.influence.label}\n"
                        f"{contact}\nFound: {p.origin}")

    def type(self) -> int:
        return CARD_TYPE

    # -- geometry ---------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return QRectF(-3, -3, CARD_WIDTH + 6, CARD_HEIGHT + HANDLE_RADIUS + 6)

    def card_rect(self) -> QRectF:
        return QRectF(0, 0, CARD_WIDTH, CARD_HEIGHT)

    def handle_center(self) -> QPointF:
        return QPointF(CARD_WIDTH / 2, CARD_HEIGHT)

    def on_handle(self, local: QPointF) -> bool:
        """True where a drag starts a new line instead of moving the card."""
        return QLineF(local, self.handle_center()).length() <= HANDLE_RADIUS + 3

    def scene_card_rect(self) -> QRectF:
        return self.card_rect().translated(self.pos())

    def update_lines(self) -> None:
        """Redraw the lines touching this card after it moved.

        Called by the scene rather than from an `itemChange` override: that
        override runs for every flag change and, in PySide6 6.12, leaks
        references to None until the interpreter aborts on large maps.
        """
        for line in self.lines:
            line.update_path()

    def hoverEnterEvent(self, event: object) -> None:  # noqa: N802 - Qt name
        self._hover = True
        self.update()

    def hoverLeaveEvent(self, event: object) -> None:  # noqa: N802 - Qt name
        self._hover = False
        self.update()

    # -- drawing ----------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        p = self.person
        rect = self.card_rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = self.isSelected()
        border = QPen(QColor(style.SELECTED_COLOR) if selected else QColor("#9aa0a6"),
                      3.0 if selected else 1.2)
        painter.setPen(border)
        painter.setBrush(QBrush(QColor("#ffffff")))
        painter.drawRoundedRect(rect, 8, 8)

        # Attitude column: colour plus a mark (−−, −, ○, +, ++, ?) so it reads without colour.
        outline = QPainterPath()
        outline.addRoundedRect(rect, 8, 8)
        painter.save()
        painter.setClipPath(outline)
        painter.fillRect(QRectF(0, 0, STRIPE, CARD_HEIGHT), style.attitude_color(p.attitude))
        painter.restore()
        # The pale "unknown" column needs a dark mark to stay legible.
        painter.setPen(QColor("#3c4043") if p.attitude is None else QColor("#ffffff"))
        painter.setFont(_font(12, bold=True))
        painter.drawText(QRectF(0, 0, STRIPE, CARD_HEIGHT), Qt.AlignmentFlag.AlignCenter,
                         style.ATTITUDE_MARK.get(p.attitude, "?"))
        painter.setPen(border)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 8, 8)

        left = STRIPE + 8
        width = CARD_WIDTH - left - 8
        # Name (bold), influence bars at the top right.
        bars_w = 26.0
        name_font = _font(9.5, bold=True)
        painter.setFont(name_font)
        painter.setPen(QColor("#202124"))
        name = QFontMetricsF(name_font).elidedText(p.name, Qt.TextElideMode.ElideRight,
                                                   width - bars_w - 4)
        painter.drawText(QRectF(left, 6, width - bars_w, 18),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        self._paint_influence(painter, QRectF(CARD_WIDTH - 8 - bars_w, 7, bars_w, 16))

        title_font = _font(8)
        painter.setFont(title_font)
        painter.setPen(QColor("#5f6368"))
        title = QFontMetricsF(title_font).elidedText(p.title or "(no title)",
                                                    Qt.TextElideMode.ElideRight, width - 36)
        painter.drawText(QRectF(left, 25, width - 36, 16),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)

        # Role badge: mark + words in a pill; a blocker's pill is outlined heavier.
        role = Role(p.role)
        badge_font = _font(7.5, bold=True)
        painter.setFont(badge_font)
        badge_text = f"{style.ROLE_MARK[role]} {style.ROLE_SHORT[role]}"
        badge_w = QFontMetricsF(badge_font).horizontalAdvance(badge_text) + 14
        badge = QRectF(left, 45, min(badge_w, width), 20)
        painter.setPen(QPen(QColor("#202124"), 2.0 if role is Role.BLOCKER else 1.0,
                            Qt.PenStyle.DashLine if role is Role.UNKNOWN else Qt.PenStyle.SolidLine))
        painter.setBrush(QColor("#f1f3f4"))
        painter.drawRoundedRect(badge, 10, 10)
        painter.setPen(QColor("#202124"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, badge_text)

        # Attitude and last contact in words.
        small = _font(7.5)
        painter.setFont(small)
        painter.setPen(QColor("#3c4043"))
        painter.drawText(QRectF(left, 68, width, 15),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         style.attitude_label(p.attitude))
        contact, warn = style.contact_text(p.last_contact, self.today)
        painter.setFont(_font(7.5, bold=warn, italic=p.last_contact is None))
        painter.setPen(QColor("#b3261e") if warn else QColor("#3c4043"))
        painter.drawText(QRectF(left, 84, width, 15),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         ("⚠ " if warn else "") + contact)

        if self.interactive and (self._hover or selected):
            painter.setPen(QPen(QColor(style.SELECTED_COLOR), 1.5))
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(self.handle_center(), HANDLE_RADIUS, HANDLE_RADIUS)
            painter.drawLine(self.handle_center() + QPointF(-3.5, 0),
                             self.handle_center() + QPointF(3.5, 0))
            painter.drawLine(self.handle_center() + QPointF(0, -3.5),
                             self.handle_center() + QPointF(0, 3.5))

    def _paint_influence(self, painter: QPainter, rect: QRectF) -> None:
        """Three rising bars, filled up to the influence level (like a signal meter)."""
        filled = style.INFLUENCE_BARS[self.person.influence]
        painter.setFont(_font(6))
        painter.setPen(QColor("#5f6368"))
        painter.drawText(QRectF(rect.left() - 12, rect.bottom() + 1, rect.width() + 14, 10),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                         self.person.influence.label.lower())
        bar_w = rect.width() / 3 - 2
        for index in range(3):
            height = rect.height() * (index + 1) / 3
            bar = QRectF(rect.left() + index * (bar_w + 3), rect.bottom() - height, bar_w, height)
            painter.setPen(QPen(QColor("#3c4043"), 1))
            painter.setBrush(QColor("#3c4043") if index < filled else QColor("#ffffff"))
            painter.drawRect(bar)


def _edge_point(rect: QRectF, toward: QPointF) -> QPointF:
    """Where the segment from the rect's centre toward `toward` leaves the rect."""
    center = rect.center()
    dx, dy = toward.x() - center.x(), toward.y() - center.y()
    if dx == 0 and dy == 0:
        return center
    sx = (rect.width() / 2) / abs(dx) if dx else math.inf
    sy = (rect.height() / 2) / abs(dy) if dy else math.inf
    scale = min(sx, sy)
    return QPointF(center.x() + dx * scale, center.y() + dy * scale)


class RelationLine(QGraphicsPathItem):
    """A reporting line (solid, manager above) or an influence arrow (dashed, curved)."""

    def __init__(self, line: Line, source: StakeholderCard, target: StakeholderCard,
                 interactive: bool = True) -> None:
        super().__init__()
        self.line = line
        self.source = source
        self.target = target
        self._arrow = QPolygonF()
        reports = line.kind is RelationKind.REPORTS_TO
        pen = QPen(QColor(style.REPORTS_COLOR if reports else style.INFLUENCE_COLOR),
                   2.0 if reports else 1.8)
        if not reports:
            pen.setStyle(Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.setPen(pen)
        self.setZValue(0 if reports else 0.5)
        if interactive:
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        verb = "reports to" if reports else "influences"
        self.setToolTip(f"{source.person.name} {verb} {target.person.name}")
        source.lines.append(self)
        target.lines.append(self)
        self.update_path()

    @property
    def line_id(self) -> int:
        return self.line.id

    def type(self) -> int:
        return LINE_TYPE

    def detach(self) -> None:
        for card in (self.source, self.target):
            if self in card.lines:
                card.lines.remove(self)

    def update_path(self) -> None:
        a = self.source.scene_card_rect()
        b = self.target.scene_card_rect()
        path = QPainterPath()
        if self.line.kind is RelationKind.REPORTS_TO:
            if a.top() >= b.bottom() + 20:
                # The org-chart elbow: up from the report, across, up into the manager.
                start = QPointF(a.center().x(), a.top())
                end = QPointF(b.center().x(), b.bottom())
                mid_y = end.y() + (start.y() - end.y()) / 2
                path.moveTo(start)
                path.lineTo(start.x(), mid_y)
                path.lineTo(end.x(), mid_y)
                path.lineTo(end)
            else:
                path.moveTo(_edge_point(a, b.center()))
                path.lineTo(_edge_point(b, a.center()))
            self._arrow = QPolygonF()
        else:
            start = _edge_point(a, b.center())
            end = _edge_point(b, a.center())
            # Bow the arrow sideways so it never hides a reporting line between the same two.
            mid = (start + end) / 2
            dx, dy = end.x() - start.x(), end.y() - start.y()
            length = math.hypot(dx, dy) or 1.0
            bend = min(60.0, 0.25 * length)
            control = QPointF(mid.x() - dy / length * bend, mid.y() + dx / length * bend)
            path.moveTo(start)
            path.quadTo(control, end)
            angle = math.atan2(end.y() - control.y(), end.x() - control.x())
            size = 11.0
            self._arrow = QPolygonF([
                end,
                QPointF(end.x() - size * math.cos(angle - 0.4), end.y() - size * math.sin(angle - 0.4)),
                QPointF(end.x() - size * math.cos(angle + 0.4), end.y() - size * math.sin(angle + 0.4)),
            ])
            path.addPolygon(self._arrow)  # part of the shape, so the head can be clicked
        self.setPath(path)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        return stroker.createStroke(self.path())

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.pen())
        if self.isSelected():
            pen.setColor(QColor(style.SELECTED_COLOR))
            pen.setWidthF(pen.widthF() + 1.5)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        body = QPainterPath(self.path())
        painter.drawPath(body)
        if not self._arrow.isEmpty():
            painter.setPen(QPen(pen.color(), 1))
            painter.setBrush(pen.color())
            painter.drawPolygon(self._arrow)
