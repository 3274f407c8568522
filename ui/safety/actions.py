"""The File menu's safety actions: back up now, restore a backup, export and import an account.

The main window adds the four QActions to its menu, calls `set_account` when the
rep picks an account and `run_daily_backup` once the window shows, and reloads
its views on `database_replaced`. Every environment error ends as a plain message.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.documents import documents_dir
from ui.errors import show_error
from ui.jobs import ImmediatePool, Job, JobRunner
from workbench import accounts, errors, transfer_merge
from workbench.safety import backups
from workbench.safety.account_file import export_account_file, import_account_file
from workbench.safety.backup_contents import read_contents
from workbench.safety.restore import restore_backup
from workbench.storage.database import Database

log = logging.getLogger("ui.safety")

EXPORT_FILTER = "Account export (*.json)"


class DatabaseActions(QObject):
    """Back up, restore, export and import, as actions for the main window's menu.

    Signals:
        status_message(str): a line for the status bar ("Backed up to …").
        database_replaced(): a backup was restored; every view must reload.
        account_imported(int): an account was imported; its id, to select it.

    The dialogs are attributes (`choose_backup`, `choose_save_file`,
    `choose_open_file`, `confirm`, `show_error`) so tests replace them.
    """

    status_message = Signal(str)
    database_replaced = Signal()
    account_imported = Signal(int)

    def __init__(self, db: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self.db = db
        self.window = parent
        self.account_id: int | None = None
        self.back_up_action = QAction("Back up now", self)
        self.back_up_action.setStatusTip("Copy the database to the backups folder now")
        self.restore_action = QAction("Restore backup…", self)
        self.export_action = QAction("Export account…", self)
        self.export_action.setStatusTip("Save this account as one file for another laptop")
        self.import_action = QAction("Import account…", self)
        self.back_up_action.triggered.connect(self.on_back_up)
        self.restore_action.triggered.connect(self.on_restore)
        self.export_action.triggered.connect(self.on_export)
        self.import_action.triggered.connect(self.on_import)
        self.choose_backup: Callable[[Path], Path | None] = self._choose_backup
        self.choose_save_file: Callable[[str, str], str] = self._choose_save_file
        self.choose_open_file: Callable[[str], str] = self._choose_open_file
        self.confirm: Callable[[str], bool] = self._confirm
        self.choose_merge: Callable[[transfer_merge.MergePreview], str] = self._choose_merge
        self.show_error: Callable[[str, errors.KnownError], None] = (
            lambda doing, exc: show_error(self.window, exc, doing))
        self._update_enabled()

    @property
    def actions(self) -> list[QAction]:
        return [self.back_up_action, self.restore_action, self.export_action,
                self.import_action]

    def set_account(self, account_id: int | None) -> None:
        self.account_id = account_id
        self._update_enabled()

    def _update_enabled(self) -> None:
        is_file = self.db.path is not None
        writable = not self.db.read_only
        self.back_up_action.setEnabled(is_file)
        self.restore_action.setEnabled(is_file and writable)
        self.import_action.setEnabled(writable)
        self.export_action.setEnabled(self.account_id is not None)

    # --- slots ---------------------------------------------------------------------

    def on_back_up(self) -> None:
        assert self.db.path is not None
        try:
            target = backups.backup_now(self.db.path)
        except errors.KnownError as exc:
            self.show_error("Back up", exc)
            return
        self.status_message.emit(f"Backed up to {target}")

    def on_restore(self) -> None:
        assert self.db.path is not None
        chosen = self.choose_backup(self.db.path)
        if chosen is None:
            return
        backup, current = read_contents(chosen), read_contents(self.db.path)
        warning = ""
        if backup.has_less_than(current):
            warning = ("The backup holds less than you have now:\n"
                       f"  backup: {backup.summary()}\n  now: {current.summary()}\n\n")
        if not self.confirm(f"{warning}Replace the current data by the backup "
                            f"“{chosen.name}”?\n\nYour current data is backed up first."):
            return
        try:
            result = restore_backup(chosen, self.db.path)
        except errors.KnownError as exc:
            self.show_error("Restore", exc)
            return
        self.status_message.emit(
            f"Restored {chosen.name}; the data it replaced is in {result.safety_copy}")
        self.database_replaced.emit()

    def on_export(self) -> None:
        if self.account_id is None:
            return
        try:
            account = accounts.get_account(self.db, self.account_id)
            suggested = re.sub(r"[^\w.-]+", "-", account.name).strip("-") + ".json"
            name = self.choose_save_file("Export account", suggested)
            if not name:
                return
            export_account_file(self.db, account.id, Path(name))
        except errors.KnownError as exc:
            self.show_error("Export", exc)
            return
        self.status_message.emit(f"Exported {account.name} to {name}")

    def on_import(self) -> None:
        name = self.choose_open_file("Import account")
        if not name:
            return
        try:
            data = transfer_merge.read_for_merge(Path(name))
            as_copy = False
            if transfer_merge.existing_account_for(self.db, data) is not None:
                # The account is here already (a colleague's newer copy): show what
                # differs, then merge into it or keep the file's account beside it.
                preview = transfer_merge.preview_merge(self.db, data)
                choice = self.choose_merge(preview)
                if choice == "merge":
                    if self.db.path is not None:
                        backups.backup_now(self.db.path, reason="before-merge")
                    account_id, _ = transfer_merge.merge_dossier(self.db, data)
                    self.status_message.emit(f"Merged the file into {preview.account_name}")
                    self.account_imported.emit(account_id)
                    return
                if choice != "copy":
                    return
                as_copy = True
            account_id = import_account_file(self.db, Path(name), as_copy=as_copy)
            account = accounts.get_account(self.db, account_id)
        except errors.KnownError as exc:
            self.show_error("Import", exc)
            return
        self.status_message.emit(f"Imported {account.name}")
        self.account_imported.emit(account_id)

    def run_daily_backup(self, runner: JobRunner | None = None) -> None:
        """The day's automatic backup, if due; call once the window is showing.

        Whether it is due costs a stat and a folder listing; the copy itself (over a
        second for a large file) runs as a background job when a runner is given.
        """
        path = self.db.path
        if path is None or self.db.read_only or not backups.daily_backup_due(path):
            return
        job = Job("daily backup", lambda _progress, _cancel: backups.daily_backup_if_due(path))
        job.succeeded.connect(self.on_daily_backup_done)
        job.failed.connect(lambda exc: log.warning("daily backup failed: %s", exc))
        if runner is None:
            runner = JobRunner(ImmediatePool(), self)
        runner.start(job)

    def on_daily_backup_done(self, made: Path | None) -> None:
        if made is not None:
            self.status_message.emit(f"Today's backup: {made.name}")

    # --- the real dialogs ---------------------------------------------------------------

    def _choose_backup(self, db_path: Path) -> Path | None:
        from ui.safety.restore_dialog import RestoreDialog

        dialog = RestoreDialog(db_path, self.window)
        return dialog.chosen if dialog.exec() else None

    def _choose_save_file(self, title: str, suggested: str) -> str:
        return QFileDialog.getSaveFileName(self.window, title, str(documents_dir() / suggested),
                                           EXPORT_FILTER)[0]

    def _choose_open_file(self, title: str) -> str:
        return QFileDialog.getOpenFileName(self.window, title, str(documents_dir()),
                                           EXPORT_FILTER)[0]

    def _choose_merge(self, preview: transfer_merge.MergePreview) -> str:
        """Ask how to import an account that exists: "merge", "copy" or "" (cancel)."""
        box = QMessageBox(QMessageBox.Icon.Question, "Import account",
                          f"You already have {preview.account_name}.", parent=self.window)
        lines = preview.lines()
        box.setInformativeText("\n".join(lines[:12] + (["…"] if len(lines) > 12 else []))
                               + "\n\nMerge keeps everything you have; your data before "
                               "the merge is backed up first.")
        if len(lines) > 12:
            box.setDetailedText("\n".join(lines))
        merge = box.addButton("Merge", QMessageBox.ButtonRole.AcceptRole)
        copy = box.addButton("Import as a copy", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(merge)
        try:
            box.exec()
            clicked = box.clickedButton()
        finally:
            box.deleteLater()
        return "merge" if clicked is merge else "copy" if clicked is copy else ""

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self.window, "Restore backup", question)
        return answer == QMessageBox.StandardButton.Yes
