"""The File menu's safety actions: back up now, restore a backup, export and import an account.

The main window adds the four QActions to its menu, calls `set_account` when the
rep picks an account and `run_daily_backup` once the window shows, and reloads
its views on `database_replaced`. The dialogs run on the main thread; the copying,
reading and writing behind them run on the window's job runner, so a large file never
freezes the window. Every environment error ends as a plain message.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from ui.documents import documents_dir
from ui.errors import show_error
from ui.jobs import ImmediatePool, Job, JobRunner
from workbench import accounts, errors, transfer_merge
from workbench.safety import backups
from workbench.safety.account_file import export_account_file, import_account_file
from workbench.safety.backup_contents import Contents, read_contents
from workbench.safety.restore import RestoreResult, restore_backup
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

    def __init__(self, db: Database, parent: QWidget, runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.window = parent
        # The window's job runner; alone (in a test) the work runs at once, on this thread.
        self.runner = runner or JobRunner(ImmediatePool(), self)
        self._busy = 0  # jobs of ours running: the actions wait for them
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
        self.show_error: Callable[[str, BaseException], None] = (
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
        is_file = self.db.path is not None and not self._busy
        writable = not self.db.read_only and not self._busy
        self.back_up_action.setEnabled(is_file)
        self.restore_action.setEnabled(is_file and writable)
        self.import_action.setEnabled(writable)
        self.export_action.setEnabled(self.account_id is not None and not self._busy)

    # --- running the work ----------------------------------------------------------

    def _run(self, doing: str, fn: Callable[[], Any], then: Callable[[Any], None], *,
             modal: bool = False) -> None:
        """Run `fn` in the background, then `then(answer)` on the main thread.

        An error of the environment, or a bug, is shown as `doing` failed. With `modal`
        (a restore) a busy dialog keeps the rep from editing data that is being
        replaced, while the window goes on drawing.
        """
        progress: QProgressDialog | None = None
        if modal:
            progress = QProgressDialog(f"{doing}…", "", 0, 0, self.window)
            progress.setWindowTitle(doing)
            progress.setCancelButton(None)  # a restore runs to its end, or not at all
            progress.setWindowModality(Qt.WindowModality.WindowModal)
            progress.setMinimumDuration(200)
        self._busy += 1
        self._update_enabled()

        def finish() -> None:
            self._busy -= 1
            self._update_enabled()
            if progress is not None:
                progress.reset()
                progress.deleteLater()

        def failed(exc: BaseException) -> None:
            finish()
            self.show_error(doing, exc)

        def succeeded(answer: Any) -> None:
            finish()
            then(answer)

        self.runner.submit(doing, fn, on_success=succeeded, on_failure=failed)

    # --- slots ---------------------------------------------------------------------

    def on_back_up(self) -> None:
        path = self.db.path
        assert path is not None
        self.status_message.emit("Backing up…")
        self._run("Back up", lambda: backups.backup_now(path),
                  lambda target: self.status_message.emit(f"Backed up to {target}"))

    def on_restore(self) -> None:
        path = self.db.path
        assert path is not None
        chosen = self.choose_backup(path)
        if chosen is None:
            return
        self._run("Restore", lambda: (read_contents(chosen), read_contents(path)),
                  lambda contents: self._confirm_restore(chosen, *contents))

    def _confirm_restore(self, chosen: Path, backup: Contents,
                         current: Contents) -> None:
        assert self.db.path is not None
        warning = ""
        if backup.has_less_than(current):
            warning = ("The backup holds less than you have now:\n"
                       f"  backup: {backup.summary()}\n  now: {current.summary()}\n\n")
        if not self.confirm(f"{warning}Replace the current data by the backup "
                            f"“{chosen.name}”?\n\nYour current data is backed up first."):
            return
        path = self.db.path

        def restored(result: RestoreResult) -> None:
            self.status_message.emit(
                f"Restored {chosen.name}; the data it replaced is in {result.safety_copy}")
            self.database_replaced.emit()

        self._run("Restore", lambda: restore_backup(chosen, path), restored, modal=True)

    def on_export(self) -> None:
        if self.account_id is None:
            return
        try:
            account = accounts.get_account(self.db, self.account_id)
        except errors.KnownError as exc:
            self.show_error("Export", exc)
            return
        suggested = re.sub(r"[^\w.-]+", "-", account.name).strip("-") + ".json"
        name = self.choose_save_file("Export account", suggested)
        if not name:
            return
        self._run("Export", lambda: export_account_file(self.db, account.id, Path(name)),
                  lambda _: self.status_message.emit(f"Exported {account.name} to {name}"))

    def on_import(self) -> None:
        name = self.choose_open_file("Import account")
        if not name:
            return

        def read() -> tuple[dict[str, Any], transfer_merge.MergePreview | None]:
            data = transfer_merge.read_for_merge(Path(name))
            if transfer_merge.existing_account_for(self.db, data) is None:
                return data, None
            return data, transfer_merge.preview_merge(self.db, data)

        self._run("Import", read, lambda answer: self._import(Path(name), *answer))

    def _import(self, file: Path, data: dict[str, Any],
                preview: transfer_merge.MergePreview | None) -> None:
        as_copy = False
        if preview is not None:
            # The account is here already (a colleague's newer copy): show what
            # differs, then merge into it or keep the file's account beside it.
            choice = self.choose_merge(preview)
            if choice == "merge":
                def merged(account_id: int) -> None:
                    self.status_message.emit(f"Merged the file into {preview.account_name}")
                    self.account_imported.emit(account_id)

                self._run("Import", lambda: self._merge(data), merged)
                return
            if choice != "copy":
                return
            as_copy = True

        def imported(answer: tuple[int, str]) -> None:
            account_id, account_name = answer
            self.status_message.emit(f"Imported {account_name}")
            self.account_imported.emit(account_id)

        self._run("Import", lambda: self._import_file(file, as_copy), imported)

    def _merge(self, data: dict[str, Any]) -> int:
        if self.db.path is not None:
            backups.backup_now(self.db.path, reason="before-merge")
        account_id, _ = transfer_merge.merge_dossier(self.db, data)
        return account_id

    def _import_file(self, file: Path, as_copy: bool) -> tuple[int, str]:
        account_id = import_account_file(self.db, file, as_copy=as_copy)
        return account_id, accounts.get_account(self.db, account_id).name

    def run_daily_backup(self, runner: JobRunner | None = None) -> None:
        """The day's automatic backup, if due; call once the window is showing.

        Whether it is due costs a stat and a folder listing; the copy itself (over a
        second for a large file) runs as a background job.
        """
        path = self.db.path
        if path is None or self.db.read_only or not backups.daily_backup_due(path):
            return
        job = Job("daily backup", lambda _progress, _cancel: backups.daily_backup_if_due(path))
        job.succeeded.connect(self.on_daily_backup_done)
        job.failed.connect(lambda exc: log.warning("daily backup failed: %s", exc))
        (runner or self.runner).start(job)

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
