"""Where file dialogs open: the user's documents folder, not the working directory."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def documents_dir() -> Path:
    """The user's documents folder (home where the system names none)."""
    found = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()
