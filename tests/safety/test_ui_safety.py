"""The safety pieces of the window: menu actions, the read-only banner, the damaged-file dialog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QWidget

from tests.safety.helpers import (
    flip_bytes_inside_pages,
    immutable_file,
    make_filled_database,
    stored_notes,
)
from tests.threads import record_main_thread
from ui.jobs import JobRunner
from ui.safety.actions import DatabaseActions
from ui.safety.damaged_dialog import DamagedFileDialog, open_or_recover
from ui.safety.read_only_banner import ReadOnlyBanner
from ui.safety.restore_dialog import PATH_ROLE, RestoreDialog
from workbench import accounts, errors
from workbench.safety import backups
from workbench.storage.database import Database, open_database

# Backups and restores are of the SQLite file; a team backs up its server with pg_dump.
pytestmark = pytest.mark.sqlite_only("backups and restores copy the SQLite file")

@pytest.fixture
def window(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def actions(db: Database, window: QWidget) -> DatabaseActions:
    acts = DatabaseActions(db, window)
    acts.errors_shown = []  # type: ignore[attr-defined]
    acts.show_error = lambda doing, exc: acts.errors_shown.append((doing, str(exc)))
    acts.confirm = lambda question: True
    return acts


def test_back_up_now_makes_a_backup_and_says_where(actions: DatabaseActions, db: Database,
                                                   qtbot) -> None:
    accounts.create_account(db, "Backed Up Co")
    with qtbot.waitSignal(actions.status_message,
                          check_params_cb=lambda line: line != "Backing up…") as said:
        actions.back_up_action.trigger()
    made = backups.list_backups(db.path)
    assert len(made) == 1 and said.args[0] == f"Backed up to {made[0].path}"
    assert "Backed Up Co" in stored_notes(made[0].path)


def test_backing_up_runs_off_the_window_thread_and_waits_for_itself(
        db: Database, window: QWidget, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    on_main_thread = record_main_thread(monkeypatch, backups, "backup_now")
    acts = DatabaseActions(db, window, JobRunner(parent=window))
    with qtbot.waitSignal(acts.status_message, timeout=10_000,
                          check_params_cb=lambda line: line.startswith("Backed up to")):
        acts.back_up_action.trigger()
        # Until the copy is done the menu cannot start a second one, or a restore.
        assert not acts.back_up_action.isEnabled() and not acts.restore_action.isEnabled()
    assert on_main_thread == [False]
    assert acts.back_up_action.isEnabled() and acts.restore_action.isEnabled()


def test_a_restore_in_the_background_keeps_the_window_drawing_behind_a_busy_dialog(
        db: Database, window: QWidget, qtbot) -> None:
    accounts.create_account(db, "Before")
    saved = backups.backup_now(db.path)
    accounts.create_account(db, "After")
    acts = DatabaseActions(db, window, JobRunner(parent=window))
    acts.confirm = lambda question: True
    acts.choose_backup = lambda db_path: saved
    with qtbot.waitSignal(acts.database_replaced, timeout=10_000):
        acts.restore_action.trigger()
    assert [a.name for a in accounts.list_accounts(db)] == ["Before"]
    assert acts.restore_action.isEnabled()


def test_restore_from_the_menu_replaces_the_data_and_asks_views_to_reload(
        actions: DatabaseActions, db: Database, qtbot) -> None:
    accounts.create_account(db, "Before")
    saved = backups.backup_now(db.path)
    accounts.create_account(db, "After")
    actions.choose_backup = lambda db_path: saved
    with qtbot.waitSignal(actions.database_replaced):
        actions.restore_action.trigger()
    assert [r.name for r in accounts.list_accounts(db)] == ["Before"]
    assert actions.errors_shown == []


def test_restore_that_holds_less_says_so_and_declining_keeps_everything(
        actions: DatabaseActions, db: Database) -> None:
    accounts.create_account(db, "Before")
    saved = backups.backup_now(db.path)
    accounts.create_account(db, "After")
    asked: list[str] = []
    actions.choose_backup = lambda db_path: saved
    actions.confirm = lambda question: asked.append(question) is not None  # says no
    actions.restore_action.trigger()
    assert len(asked) == 1
    assert "holds less than you have now" in asked[0]
    assert "1 account (Before)" in asked[0] and "2 accounts (After, Before)" in asked[0]
    assert sorted(r.name for r in accounts.list_accounts(db)) == ["After", "Before"]


def test_restore_refused_shows_a_plain_message_and_changes_nothing(
        actions: DatabaseActions, db: Database, tmp_path: Path, qtbot) -> None:
    accounts.create_account(db, "Stays")
    bogus = tmp_path / "not-a-backup.sqlite3"
    bogus.write_bytes(b"hello" * 100)
    actions.choose_backup = lambda db_path: bogus
    with qtbot.assertNotEmitted(actions.database_replaced):
        actions.restore_action.trigger()
    assert actions.errors_shown == [
        ("Restore", "not-a-backup.sqlite3 is not a workbench backup. Nothing was changed.")]
    assert [r.name for r in accounts.list_accounts(db)] == ["Stays"]


def test_export_then_import_through_the_menu(actions: DatabaseActions, db: Database,
                                             tmp_path: Path, qtbot) -> None:
    assert not actions.export_action.isEnabled()  # no account chosen yet
    account_id = accounts.create_account(db, "Moving Co", "moving.example", notes="hello")
    actions.set_account(account_id)
    target = tmp_path / "moving.json"
    actions.choose_save_file = lambda title, suggested: str(target)
    actions.export_action.trigger()
    assert target.exists()
    accounts.delete_account(db, account_id)
    actions.choose_open_file = lambda title: str(target)
    with qtbot.waitSignal(actions.account_imported) as imported:
        actions.import_action.trigger()
    assert accounts.get_account(db, imported.args[0]).notes == "hello"


def test_importing_an_account_you_have_previews_then_merges_or_copies(
        actions: DatabaseActions, db: Database, tmp_path: Path, qtbot) -> None:
    from workbench.committee.stakeholders import add_stakeholder
    from workbench.dossier import build_dossier

    account_id = accounts.create_account(db, "Moving Co", "moving.example", notes="hello")
    add_stakeholder(db, account_id, "Ann Lee")
    actions.set_account(account_id)
    target = tmp_path / "moving.json"
    actions.choose_save_file = lambda title, suggested: str(target)
    actions.export_action.trigger()
    data = json.loads(target.read_text(encoding="utf-8"))
    data["stakeholders"].append({"id": 999, "name": "Bo Chen", "role": "champion"})
    target.write_text(json.dumps(data), encoding="utf-8")
    add_stakeholder(db, account_id, "Mine Only")
    actions.choose_open_file = lambda title: str(target)
    previews = []
    actions.choose_merge = lambda preview: previews.append(preview) or ""  # cancel
    with qtbot.assertNotEmitted(actions.account_imported):
        actions.import_action.trigger()
    assert previews[0].new_people == ["Bo Chen"] and actions.errors_shown == []
    assert len(accounts.list_accounts(db)) == 1

    actions.choose_merge = lambda preview: "merge"
    with qtbot.waitSignal(actions.account_imported) as imported:
        actions.import_action.trigger()
    assert imported.args[0] == account_id
    names = {p["name"] for p in build_dossier(db, account_id)["stakeholders"]}
    assert names == {"Ann Lee", "Mine Only", "Bo Chen"}
    assert any("before-merge" in b.path.name for b in backups.list_backups(db.path))

    actions.choose_merge = lambda preview: "copy"
    with qtbot.waitSignal(actions.account_imported) as imported:
        actions.import_action.trigger()
    assert accounts.get_account(db, imported.args[0]).name == "Moving Co (copy)"
    assert len(accounts.list_accounts(db)) == 2


def test_importing_a_cut_file_through_the_menu_is_refused_plainly(
        actions: DatabaseActions, db: Database, tmp_path: Path, qtbot) -> None:
    cut = tmp_path / "cut.json"
    cut.write_text('{"format": "sales-prep-workbench/account", "account": {"na', encoding="utf-8")
    actions.choose_open_file = lambda title: str(cut)
    with qtbot.assertNotEmitted(actions.account_imported):
        actions.import_action.trigger()
    assert actions.errors_shown[0][0] == "Import"
    assert "cut.json is not a complete account export" in actions.errors_shown[0][1]
    assert accounts.list_accounts(db) == []


def test_the_restore_dialog_lists_backups_newest_first(db: Database, qtbot) -> None:
    from datetime import UTC, datetime, timedelta

    older = backups.backup_now(db.path, when=datetime.now(UTC) - timedelta(days=3))
    newer = backups.backup_now(db.path)
    dialog = RestoreDialog(db.path)
    qtbot.addWidget(dialog)
    rows = [Path(dialog.model.index(i, 0).data(PATH_ROLE)) for i in range(dialog.model.rowCount())]
    assert rows == [newer, older]
    dialog.view.setCurrentIndex(dialog.model.index(1, 0))
    dialog.accept()
    assert dialog.chosen == older and dialog.result() == QDialog.DialogCode.Accepted


def test_the_read_only_banner_shows_only_for_a_read_only_file(db_path: Path, window: QWidget,
                                                              qtbot) -> None:
    make_filled_database(db_path, accounts_count=1)
    banner = ReadOnlyBanner(window)
    writable = open_database(db_path)
    banner.show_for(writable)
    assert banner.isHidden()
    writable.dispose()
    with immutable_file(db_path):
        read_only = open_database(db_path)
        try:
            banner.show_for(read_only)
            acts = DatabaseActions(read_only, window)
            assert not acts.import_action.isEnabled() and not acts.restore_action.isEnabled()
            assert acts.back_up_action.isEnabled()  # a copy elsewhere still works
        finally:
            read_only.dispose()
    assert not banner.isHidden()
    assert "Read-only" in banner.label.text() and str(db_path) in banner.label.text()


def test_a_damaged_file_at_start_is_set_aside_and_the_backup_restored(db_path: Path,
                                                                      qtbot) -> None:
    expected = make_filled_database(db_path, accounts_count=5)
    backups.backup_now(db_path, reason="daily")
    flip_bytes_inside_pages(db_path, range(20, 23))
    shown: list[DamagedFileDialog] = []
    told: list[str] = []

    def ask(dialog: DamagedFileDialog) -> int:
        qtbot.addWidget(dialog)
        shown.append(dialog)
        return QDialog.DialogCode.Accepted

    db = open_or_recover(str(db_path), ask=ask, tell=told.append)
    assert db is not None
    try:
        assert {r.name for r in accounts.list_accounts(db)} == set(expected)
    finally:
        db.dispose()
    text = shown[0].message.text()
    assert "is damaged" in text and "newest good backup" in text
    assert shown[0].restore_button.text() == "Restore this backup"
    aside = sorted(db_path.parent.glob("*.damaged-*"))
    assert aside and f"kept as {aside[0]}" in told[0]


def test_quitting_at_the_damaged_file_dialog_changes_nothing(db_path: Path, qtbot) -> None:
    make_filled_database(db_path, accounts_count=2)
    flip_bytes_inside_pages(db_path, range(20, 23))
    damaged = db_path.read_bytes()

    def ask(dialog: DamagedFileDialog) -> int:
        qtbot.addWidget(dialog)
        assert "no good backup" in dialog.message.text()
        return QDialog.DialogCode.Rejected

    assert open_or_recover(str(db_path), ask=ask, tell=lambda text: None) is None
    assert db_path.read_bytes() == damaged
    with pytest.raises(errors.CorruptDatabase):
        open_database(db_path)
