"""The map's scene: cards and lines kept in step with the stored committee.

`sync()` reconciles the scene with a fresh `Committee` snapshot (add, update,
remove by id), so every undo/redo simply re-reads the database and the scene
follows. The scene turns mouse gestures into requests; it never writes.

Signals:
    cards_moved(object): a dict {stakeholder_id: ((old_x, old_y), (new_x, new_y))} when a drag ends.
    connect_requested(int, int): a line was dragged from the first card onto the second.
    context_requested(int, QPoint): right click on a card (id) at a screen position.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import (
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneMouseEvent,
)

from ui.committee_map import style
from ui.committee_map.items import CARD_TYPE, LINE_TYPE, RelationLine, StakeholderCard
from workbench.committee.layout import resolve_positions
from workbench.committee.records import Committee, Person

Position = tuple[float, float]


class CommitteeScene(QGraphicsScene):
    """Cards and lines of one account's committee (see the module docstring for signals)."""

    cards_moved = Signal(object)
    connect_requested = Signal(int, int)
    context_requested = Signal(int, QPoint)

    def __init__(self, today: date | None = None, interactive: bool = True,
                 parent: object = None) -> None:
        super().__init__(parent)
        self.today = today or date.today()
        self.interactive = interactive
        self.cards: dict[int, StakeholderCard] = {}
        self.lines: dict[int, RelationLine] = {}
        self._press_positions: dict[int, QPointF] = {}
        self._connect_from: StakeholderCard | None = None
        self._rubber: QGraphicsLineItem | None = None
        self.setBackgroundBrush(QColor("#ffffff") if not interactive else QColor("#f8f9fb"))

    # -- reconciling with the database -----------------------------------------------------
    def sync(self, committee: Committee) -> None:
        """Make the scene show `committee`: positions, card contents, lines."""
        positions = resolve_positions(committee.people, committee.lines)
        wanted = {p.id: p for p in committee.people}
        for gone in [i for i in self.cards if i not in wanted]:
            self._remove_card(gone)
        for person in committee.people:
            x, y = positions[person.id]
            card = self.cards.get(person.id)
            if card is None:
                card = StakeholderCard(person, self.today, self.interactive)
                self.cards[person.id] = card
                self.addItem(card)
            else:
                card.set_person(person)
            if card.pos() != QPointF(x, y):
                card.setPos(x, y)
                card.update_lines()
        wanted_lines = {line.id: line for line in committee.lines
                        if line.source_id in self.cards and line.target_id in self.cards}
        for line_id in [i for i, item in self.lines.items()
                        if i not in wanted_lines or item.line != wanted_lines[i]]:
            self._remove_line(line_id)
        for line_id, line in wanted_lines.items():
            if line_id not in self.lines:
                item = RelationLine(line, self.cards[line.source_id], self.cards[line.target_id],
                                    self.interactive)
                self.lines[line_id] = item
                self.addItem(item)
        self.update_scene_rect()

    def dispose(self) -> None:
        """Drop every item now, breaking the card<->line references.

        Left to the garbage collector at interpreter exit, those Python-side cycles
        around C++-owned items crash PySide6; a drawing-only scene is disposed of
        as soon as it has been painted.
        """
        for item in self.lines.values():
            item.detach()
        self.lines.clear()
        self.cards.clear()
        self.clear()

    def update_scene_rect(self) -> None:
        bounds = self.itemsBoundingRect()
        self.setSceneRect(bounds.adjusted(-400, -300, 400, 300) if self.interactive
                          else bounds.adjusted(-24, -24, 24, 24))

    def _remove_card(self, stakeholder_id: int) -> None:
        card = self.cards.pop(stakeholder_id)
        for line in list(card.lines):
            self._remove_line(line.line_id)
        self.removeItem(card)

    def _remove_line(self, line_id: int) -> None:
        item = self.lines.pop(line_id, None)
        if item is not None:
            item.detach()
            self.removeItem(item)

    # -- selection -------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        return sorted(i.stakeholder_id for i in self.selectedItems() if i.type() == CARD_TYPE)

    def selected_line_ids(self) -> list[int]:
        return sorted(i.line_id for i in self.selectedItems() if i.type() == LINE_TYPE)

    def select_ids(self, ids: Iterable[int]) -> None:
        ids = set(ids)
        self.clearSelection()
        for stakeholder_id in ids:
            card = self.cards.get(stakeholder_id)
            if card is not None:
                card.setSelected(True)
        first = next((self.cards[i] for i in sorted(ids) if i in self.cards), None)
        if first is not None:
            first.setFocus()

    def positions(self) -> dict[int, Position]:
        return {i: (c.pos().x(), c.pos().y()) for i, c in self.cards.items()}

    def person(self, stakeholder_id: int) -> Person | None:
        card = self.cards.get(stakeholder_id)
        return card.person if card else None

    def card_at(self, point: QPointF) -> StakeholderCard | None:
        for item in self.items(point):
            if item.type() == CARD_TYPE and item is not self._connect_from:
                assert isinstance(item, StakeholderCard)
                return item
        return None

    # -- gestures: move (one step per drag) and connect (drag from the + handle) ----------
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self.interactive and event.button() == Qt.MouseButton.LeftButton:
            card = self.card_at(event.scenePos())
            if card is not None and card.on_handle(card.mapFromScene(event.scenePos())):
                self._connect_from = card
                pen = QPen(QColor(style.SELECTED_COLOR), 2, Qt.PenStyle.DashLine)
                start = card.mapToScene(card.handle_center())
                self._rubber = self.addLine(QLineF(start, event.scenePos()), pen)
                event.accept()
                return
        super().mousePressEvent(event)
        self._press_positions = {c.stakeholder_id: c.pos() for c in self.cards.values()
                                 if c.isSelected()}

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._rubber is not None:
            line = self._rubber.line()
            self._rubber.setLine(QLineF(line.p1(), event.scenePos()))
            event.accept()
            return
        super().mouseMoveEvent(event)
        if self._press_positions:
            # The dragged cards' lines follow them, every mouse move (see update_lines).
            for stakeholder_id in self._press_positions:
                card = self.cards.get(stakeholder_id)
                if card is not None:
                    card.update_lines()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._rubber is not None and self._connect_from is not None:
            source = self._connect_from
            self.removeItem(self._rubber)
            self._rubber = None
            target = self.card_at(event.scenePos())
            self._connect_from = None
            if target is not None and target is not source:
                self.connect_requested.emit(source.stakeholder_id, target.stakeholder_id)
            event.accept()
            return
        super().mouseReleaseEvent(event)
        moved = {}
        for stakeholder_id, before in self._press_positions.items():
            card = self.cards.get(stakeholder_id)
            if card is not None and card.pos() != before:
                moved[stakeholder_id] = ((before.x(), before.y()), (card.pos().x(), card.pos().y()))
        self._press_positions = {}
        if moved:
            self.cards_moved.emit(moved)

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:  # noqa: N802
        card = self.card_at(event.scenePos())
        if card is not None and self.interactive:
            if not card.isSelected():
                self.select_ids([card.stakeholder_id])
            self.context_requested.emit(card.stakeholder_id, event.screenPos())
            event.accept()
            return
        super().contextMenuEvent(event)

    # -- keyboard navigation between cards -------------------------------------------------
    def neighbour(self, stakeholder_id: int | None, key: Qt.Key) -> int | None:
        """The nearest card in the arrow key's direction, or the first card."""
        if not self.cards:
            return None
        if stakeholder_id is None or stakeholder_id not in self.cards:
            return min(self.cards, key=lambda i: (self.cards[i].pos().y(), self.cards[i].pos().x()))
        here = self.cards[stakeholder_id].sceneBoundingRect().center()
        in_cone: list[tuple[float, int]] = []
        anywhere: list[tuple[float, int]] = []
        for other_id, card in self.cards.items():
            if other_id == stakeholder_id:
                continue
            there = card.sceneBoundingRect().center()
            dx, dy = there.x() - here.x(), there.y() - here.y()
            along, across = {
                Qt.Key.Key_Right: (dx, dy), Qt.Key.Key_Left: (-dx, dy),
                Qt.Key.Key_Down: (dy, dx), Qt.Key.Key_Up: (-dy, dx),
            }.get(key, (0.0, 0.0))
            if along <= 1:
                continue
            score = (along + 4 * abs(across), other_id)
            # Prefer the cards within 45 degrees of the arrow: "right" stays on the row.
            (in_cone if abs(across) <= along else anywhere).append(score)
        best = min(in_cone or anywhere, default=None)
        return best[1] if best else None


def build_scene(committee: Committee, today: date | None = None,
                interactive: bool = False) -> CommitteeScene:
    """A scene for drawing only (exports, the prep sheet): same items, no gestures."""
    scene = CommitteeScene(today=today, interactive=interactive)
    scene.sync(committee)
    return scene


def content_rect(scene: CommitteeScene) -> QRectF:
    """The drawing's bounds: every card and line with a margin."""
    return scene.itemsBoundingRect().adjusted(-24, -24, 24, 24)
