"""The Qt binding must not corrupt the interpreter (PySide6 6.12.0 under Python 3.11 does)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QGraphicsRectItem


def test_void_qt_calls_keep_none_alive(qapp) -> None:
    item = QGraphicsRectItem()
    before = sys.getrefcount(None)
    for _ in range(1000):
        item.setPos(1, 2)
    # A leak here ends in "deallocating None" and an abort after a long session.
    assert sys.getrefcount(None) - before > -100
