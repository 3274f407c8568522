"""Splitters that remember where the rep left them (QSettings), per splitter name."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QSplitter

from ui import settings

_KEY = "splitters/{}"


def remember(splitter: QSplitter, name: str) -> None:
    """Restore `splitter`'s sizes saved under `name`, and save them whenever it moves.

    The sizes set before this call are the default for a first start.
    """
    splitter.setObjectName(name)
    state = settings.settings().value(_KEY.format(name))
    if isinstance(state, QByteArray) and not state.isEmpty():
        splitter.restoreState(state)
    splitter.splitterMoved.connect(lambda _pos, _index: save(splitter))


def save(splitter: QSplitter) -> None:
    settings.settings().setValue(_KEY.format(splitter.objectName()), splitter.saveState())
