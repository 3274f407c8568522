"""The New account dialog: a name and a website; either is enough to start."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)


class NewAccountDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, website: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("New account")
        self.name = QLineEdit(objectName="name", placeholderText="Company name")
        self.website = QLineEdit(website, objectName="website", placeholderText="example.com")
        hint = QLabel("Give a name, a website, or both. The website lets the workbench "
                      "research the company's pages and news.", wordWrap=True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Create")
        layout = QFormLayout(self)
        layout.addRow(hint)
        layout.addRow("&Name", self.name)
        layout.addRow("&Website", self.website)
        layout.addRow(buttons)
        self.name.textChanged.connect(self.on_text_changed)
        self.website.textChanged.connect(self.on_text_changed)
        self.on_text_changed()

    def on_text_changed(self) -> None:
        self.ok.setEnabled(bool(self.name.text().strip() or self.website.text().strip()))

    def values(self) -> tuple[str, str]:
        return self.name.text().strip(), self.website.text().strip()
