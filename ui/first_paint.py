"""Running something just after a window's first paint has reached the screen.

A zero-delay timer started when a window is built runs before the window's first
expose, so work it does (reading a list, loading the selected account's panes)
delays the first drawn frame. `after_first_paint` waits for the paint instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# A window that has painted already (or never will) must not wait for ever.
FALLBACK_MS = 300


class _Watcher(QObject):
    """Runs its action once: after the watched widget's next paint, or on the fallback."""

    def __init__(self, widget: QWidget, action: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._action: Callable[[], None] | None = action
        widget.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint \
                and self._action is not None:
            # After this paint cycle, not inside it.
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        action, self._action = self._action, None
        if action is None:
            return
        self._widget.removeEventFilter(self)
        self.deleteLater()
        action()


def after_first_paint(widget: QWidget, action: Callable[[], None]) -> None:
    """Run `action` just after `widget` next paints; at once if it is not on screen."""
    if not widget.isVisible():
        action()
        return
    _Watcher(widget, action)
