"""When the database file is damaged: say so plainly and offer the newest good backup.

The damaged file is never repaired in place; restoring moves it aside (its new
name is shown) and copies the backup in. `open_or_recover()` is what the program
calls at start instead of `open_database()`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout, QWidget

from workbench.safety import backups
from workbench.safety.backups import BackupInfo
from workbench.safety.integrity import DamagedDatabase
from workbench.safety.restore import RestoreResult, restore_backup
from workbench.storage.database import Database, open_database, resolve_url


class DamagedFileDialog(QDialog):
    """Explains the damage; Accepted means "restore the offered backup". No signals."""

    def __init__(self, db_path: Path, backup: BackupInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("The database is damaged")
        self.backup = backup
        text = (f"<p>The database file <b>{db_path.name}</b> is damaged: some of its pages "
                "cannot be read back correctly. This happens after a disk fault, a copy "
                "that was cut short, or another program writing into the file.</p>"
                "<p>Nothing has been changed. The damaged file will be kept, renamed, "
                "beside the database, so nothing in it is thrown away.</p>")
        if backup is not None:
            text += (f"<p>The newest good backup is from <b>{backup.label}</b>. Edits made "
                     "after it are in the damaged file only.</p>")
        else:
            text += ("<p>There is no good backup to restore. You can start with an empty "
                     "database; the damaged file is kept aside.</p>")
        self.message = QLabel(text, self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(
            "Restore this backup" if backup else "Start with an empty database",
            QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(buttons)


def recover(db_path: Path, backup: BackupInfo | None) -> RestoreResult | Path:
    """Set the damaged file aside and restore `backup` (or leave room for a new file)."""
    if backup is not None:
        return restore_backup(backup.path, db_path, damaged=True)
    from workbench.safety.integrity import set_aside

    return set_aside(db_path)


def open_or_recover(target: str | None, parent: QWidget | None = None, *,
                    ask: Callable[[DamagedFileDialog], int] | None = None,
                    tell: Callable[[str], None] | None = None) -> Database | None:
    """Open the database; if it is damaged, offer the newest good backup.

    Returns None when the user chose to quit. `ask` and `tell` replace the modal
    dialog and the message box (tests pass their own).
    """
    try:
        return open_database(target)
    except DamagedDatabase:
        _url, db_path = resolve_url(target)
        if db_path is None:
            raise
        dialog = DamagedFileDialog(db_path, backups.newest_good_backup(db_path), parent)
        answer = (ask or (lambda d: d.exec()))(dialog)
        if answer != QDialog.DialogCode.Accepted:
            return None
        outcome = recover(db_path, dialog.backup)
        aside = outcome.set_aside if isinstance(outcome, RestoreResult) else outcome
        message = (f"The damaged file was kept as {aside}."
                   + (f" The backup from {dialog.backup.label} is now your database."
                      if dialog.backup else " A new, empty database was started."))
        (tell or (lambda text: QMessageBox.information(parent, "Database restored", text)))(
            message)
        return open_database(target)
