"""A strip across the top of the window saying the database can be read but not changed."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from workbench.storage.database import Database

BANNER_STYLE = "QFrame#readOnlyBanner { background: #fff4ce; border-bottom: 1px solid #e0c060; }"


class ReadOnlyBanner(QFrame):
    """Shown when the database file is read-only; hidden otherwise. No signals."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label)
        self.hide()

    def show_for(self, db: Database) -> None:
        """Show the banner if `db` is read-only, with the file it is about."""
        if not db.read_only:
            self.hide()
            return
        where = f" ({db.path})" if db.path else ""
        self.label.setText(
            f"<b>Read-only.</b> This database{where} cannot be changed: you can look at "
            "everything, but edits will not be saved. To work in it, copy it somewhere "
            "you can write, or ask whoever locked it.")
        self.show()
