"""Driving the canvas with the mouse as a user would: press, move, release on the viewport."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QGraphicsView

LEFT = Qt.MouseButton.LeftButton


def _send(view: QGraphicsView, kind: QEvent.Type, at: QPoint, button: Qt.MouseButton,
          buttons: Qt.MouseButton, modifiers: Qt.KeyboardModifier) -> None:
    viewport = view.viewport()
    event = QMouseEvent(kind, QPointF(at), QPointF(viewport.mapToGlobal(at)), button, buttons,
                        modifiers)
    QApplication.sendEvent(viewport, event)


def drag(view: QGraphicsView, start: QPointF, end: QPointF, steps: int = 6,
         modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Drag with the left button from one scene point to another."""
    a, b = view.mapFromScene(start), view.mapFromScene(end)
    _send(view, QEvent.Type.MouseButtonPress, a, LEFT, LEFT, modifiers)
    for i in range(1, steps + 1):
        point = a + (b - a) * (i / steps)
        _send(view, QEvent.Type.MouseMove, point, Qt.MouseButton.NoButton, LEFT, modifiers)
    _send(view, QEvent.Type.MouseButtonRelease, b, LEFT, Qt.MouseButton.NoButton, modifiers)


def click(view: QGraphicsView, at: QPointF,
          modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    point = view.mapFromScene(at)
    _send(view, QEvent.Type.MouseButtonPress, point, LEFT, LEFT, modifiers)
    _send(view, QEvent.Type.MouseButtonRelease, point, LEFT, Qt.MouseButton.NoButton, modifiers)
