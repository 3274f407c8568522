"""The canvas: zoom with Ctrl+wheel, Fit, and keyboard moves between cards.

Signals:
    delete_requested(): Del or Backspace pressed with something selected.
    activate_requested(int): Enter pressed on a card (open it in the inspector).
    zoom_changed(float): the zoom factor after any zoom or fit.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QResizeEvent, QShowEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from ui.committee_map.scene import CommitteeScene

MIN_ZOOM, MAX_ZOOM = 0.15, 4.0
# The smallest zoom at which a card's name, title and role can be read: a map opens
# no smaller (scrolling to the rest), while Fit shows everything however small.
READABLE_ZOOM = 0.7
ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)


class MapView(QGraphicsView):
    """A `QGraphicsView` over a `CommitteeScene` (signals in the module docstring)."""

    delete_requested = Signal()
    activate_requested = Signal(int)
    zoom_changed = Signal(float)

    def __init__(self, scene: CommitteeScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        # Moving a card repaints only what changed; cards cache their own pixels.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Committee map")
        self._fit_pending = False
        # Until the rep zooms by hand, the map keeps fitting the view as it resizes.
        self._auto_fit = True
        self._fit_readable = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if self._fit_pending:
            self._fit(self._fit_readable)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        if self._auto_fit:
            self._fit(self._fit_readable)

    def map_scene(self) -> CommitteeScene:
        scene = self.scene()
        assert isinstance(scene, CommitteeScene)
        return scene

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        self.scale(factor / self.zoom, factor / self.zoom)
        self.zoom_changed.emit(self.zoom)

    def zoom_in(self) -> None:
        self._auto_fit = False
        self.set_zoom(self.zoom * 1.25)

    def zoom_out(self) -> None:
        self._auto_fit = False
        self.set_zoom(self.zoom / 1.25)

    def fit_all(self) -> None:
        """Show every card (the Fit button); never blow a small map up beyond its size."""
        self._fit(readable=False)

    def open_map(self) -> None:
        """Show a newly opened map: fitted, but never so small that cards cannot be read;
        a larger map then shows its top (the people who decide), the rest a scroll away."""
        self._fit(readable=True)

    def _fit(self, readable: bool) -> None:
        # A hidden view has no real size yet (the tab is not the current one): the fit
        # waits until the view is shown, instead of shrinking the map to a dot.
        self._fit_readable = readable
        if not self.isVisible():
            self._fit_pending = True
            return
        self._fit_pending = False
        self._auto_fit = True
        scene = self.map_scene()
        if not scene.cards:
            self.resetTransform()
            self.zoom_changed.emit(self.zoom)
            return
        rect: QRectF = scene.itemsBoundingRect().adjusted(-30, -30, 30, 30)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > 1.0:
            self.scale(1.0 / self.zoom, 1.0 / self.zoom)
        if readable and self.zoom < READABLE_ZOOM:
            self.scale(READABLE_ZOOM / self.zoom, READABLE_ZOOM / self.zoom)
            visible_height = self.viewport().height() / self.zoom
            top = rect.top() + min(visible_height, rect.height()) / 2
            self.centerOn(rect.center().x(), top)
        else:
            self.centerOn(rect.center())
        self.zoom_changed.emit(self.zoom)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt name
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self._auto_fit = False
                self.set_zoom(self.zoom * (1.15 ** steps))
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt name
        scene = self.map_scene()
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if scene.selectedItems():
                self.delete_requested.emit()
            event.accept()
            return
        selected = scene.selected_ids()
        if key in ARROWS and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            current = selected[0] if selected else None
            target = scene.neighbour(current, key)
            if target is not None:
                scene.select_ids([target])
                self.ensureVisible(scene.cards[target], 40, 40)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and len(selected) == 1:
            self.activate_requested.emit(selected[0])
            event.accept()
            return
        super().keyPressEvent(event)
