"""Research settings the rep chooses for every run: how many new stories per run get their
article text fetched (the rest keep headline and summary)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import settings


class ResearchSettingsDialog(QDialog):
    """Edits the research choices kept in the program's settings; OK saves them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="research_settings_dialog")
        self.setWindowTitle("Research settings")
        self.article_budget = QSpinBox(objectName="article_budget")
        self.article_budget.setRange(0, settings.MAX_ARTICLE_BUDGET)
        self.article_budget.setSuffix(" stories")
        self.article_budget.setValue(settings.article_budget())
        self.article_budget.setToolTip(
            "Research reads the full article of up to this many new stories per run, so "
            f"there is something to read offline (default {settings.default_article_budget()}; "
            "0 keeps headlines and summaries only). Each site is still asked politely, a "
            "few requests at a time.")
        form = QFormLayout()
        form.addRow("Article text per run:", self.article_budget)
        hint = QLabel("More articles make a run take longer; stories beyond the number keep "
                      "their headline and summary.", wordWrap=True, objectName="article_hint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.on_restore_defaults)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def on_restore_defaults(self) -> None:
        self.article_budget.setValue(settings.default_article_budget())

    def accept(self) -> None:
        settings.set_article_budget(self.article_budget.value())
        super().accept()
