"""`after_first_paint`: work held back until a window's paint is on screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel

from ui.first_paint import after_first_paint


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_the_action_runs_after_the_paint_once(qtbot) -> None:
    label = QLabel("Hello")
    qtbot.addWidget(label)
    paints = _Paints()
    label.installEventFilter(paints)
    seen: list[int] = []
    label.show()
    after_first_paint(label, lambda: seen.append(paints.count))
    assert seen == []  # not before the paint
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0] >= 1
    label.update()
    qtbot.wait(400)  # past the fallback too: never a second time
    assert len(seen) == 1


def test_a_hidden_widget_runs_it_at_once(qtbot) -> None:
    label = QLabel("Hidden")
    qtbot.addWidget(label)
    seen: list[bool] = []
    after_first_paint(label, lambda: seen.append(True))
    assert seen == [True]
