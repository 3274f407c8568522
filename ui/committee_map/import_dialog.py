"""Importing people into the map: choose a CSV or vCard file, check the preview, add in one step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.committee_map import commands
from workbench import errors
from workbench.committee import importing
from workbench.committee.importing import ImportPreview, ImportRow

if TYPE_CHECKING:
    from ui.committee_map.tab import CommitteeTab

HEADERS = ("Line", "Name", "Title", "Email", "Phone", "Will be")
Index = QModelIndex | QPersistentModelIndex


class PreviewModel(QAbstractTableModel):
    """The rows of an import preview, read-only, with what will happen to each."""

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ImportRow] = list(preview.rows)
        self.include_duplicates = False

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def outcome(self, row: ImportRow) -> str:
        if row.problem:
            return f"skipped: {row.problem}"
        if row.duplicate:
            return ("added anyway: " if self.include_duplicates else "skipped: ") + row.duplicate
        return "added"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.line, row.name or "(no name)", row.title, row.email, row.phone,
                    self.outcome(row))[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 5:
            return QColor("#1e7d32") if self.outcome(row).startswith("added") else QColor("#8a1c12")
        return None

    def set_include_duplicates(self, value: bool) -> None:
        self.include_duplicates = value
        if self.rows:
            self.dataChanged.emit(self.index(0, 5), self.index(len(self.rows) - 1, 5))


class ImportDialog(QDialog):
    """Shows what a file would add; Import adds it, Cancel adds nothing."""

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"Import people from {preview.file_name}")
        self.model = PreviewModel(preview, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel(preview.summary, self)
        self.summary.setWordWrap(True)
        self.duplicates = QCheckBox("Also add the people who look like duplicates", self)
        self.duplicates.toggled.connect(self.on_duplicates_toggled)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.buttons)
        self.resize(820, 420)
        self.on_duplicates_toggled(False)

    @property
    def include_duplicates(self) -> bool:
        return self.duplicates.isChecked()

    def on_duplicates_toggled(self, checked: bool) -> None:
        self.model.set_include_duplicates(checked)
        count = len(self.preview.to_add(checked))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Import {count} {'person' if count == 1 else 'people'}")
        ok.setEnabled(count > 0)


def import_preview(tab: CommitteeTab, preview: ImportPreview, include_duplicates: bool) -> bool:
    """Add a checked preview's people to the tab's account as one undoable step."""
    assert tab.account_id is not None
    account_id = tab.account_id
    count = len(preview.to_add(include_duplicates))
    command = commands.AddPeople(
        tab, f"Import {count} people from {preview.file_name}",
        lambda: importing.apply_import(tab.db, account_id, preview, include_duplicates))
    return tab._run(command)


def choose_and_import(tab: CommitteeTab) -> None:
    """Ask for a file, show its preview, and import what the rep confirms."""
    path, _ = QFileDialog.getOpenFileName(
        tab, "Import people", "", "Contact lists (*.csv *.vcf *.vcard *.txt);;All files (*)")
    if not path or tab.account_id is None:
        return
    try:
        preview = importing.preview_file(tab.db, tab.account_id, Path(path))
    except errors.KnownError as exc:
        tab.banner.setText(f"Nothing imported: {exc}")
        tab.banner.show()
        tab.report(str(exc))
        return
    dialog = ImportDialog(preview, tab)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        import_preview(tab, preview, dialog.include_duplicates)
