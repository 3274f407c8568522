"""Choosing a backup to restore: the database's own backups, newest first, or any file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.safety.backup_contents import read_contents
from workbench.safety.backups import BackupInfo, list_backups

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def backups_model(found: list[BackupInfo]) -> QStandardItemModel:
    """One row per backup: its date and reason; the file in `PATH_ROLE`."""
    model = QStandardItemModel()
    for backup in found:
        # What each copy holds, so the empty first copy is never taken for the latest work.
        holds = read_contents(backup.path).summary()
        item = QStandardItem(f"{backup.label}   {max(1, backup.size // 1024)} KB   {holds}")
        item.setData(str(backup.path), PATH_ROLE)
        item.setEditable(False)
        model.appendRow(item)
    return model


class RestoreDialog(QDialog):
    """Pick a backup; `chosen` holds its path once the dialog is accepted. No signals."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore a backup")
        self.chosen: Path | None = None
        found = list_backups(db_path)
        intro = QLabel(
            "Choose the backup to go back to. Your current data is backed up first, "
            "so a restore can itself be undone by restoring that copy." if found else
            "There are no backups beside this database yet. Choose a backup file.", self)
        intro.setWordWrap(True)
        self.model = backups_model(found)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.doubleClicked.connect(self.on_double_clicked)
        if found:
            self.view.setCurrentIndex(self.model.index(0, 0))
        other = QPushButton("Other file…", self)
        other.clicked.connect(self.on_other_file)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view)
        layout.addWidget(other)
        layout.addWidget(buttons)

    def accept(self) -> None:
        index = self.view.currentIndex()
        if self.chosen is None and index.isValid():
            self.chosen = Path(index.data(PATH_ROLE))
        if self.chosen is None:
            return  # nothing chosen yet: stay open
        super().accept()

    def on_double_clicked(self, index: QModelIndex) -> None:
        self.chosen = Path(index.data(PATH_ROLE))
        super().accept()

    def on_other_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Choose a backup", "", "Workbench databases (*.sqlite3 *.db);;All files (*)")
        if name:
            self.chosen = Path(name)
            super().accept()
