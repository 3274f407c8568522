"""The account list and the Overview, driven as a rep would with qtbot."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from ui.accounts_model import AccountsModel
from ui.main_window import MainWindow
from workbench import accounts
from workbench.demo import load_demo
from workbench.storage.database import Database, open_database


@pytest.fixture
def window(qtbot, db: Database) -> MainWindow:
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    return win


def _names(win: MainWindow) -> list[str]:
    return [win.model.index(r, 0).data() for r in range(win.model.rowCount())]


def test_models_pass_the_model_tester(qtmodeltester, db: Database) -> None:
    load_demo(db)
    accounts.create_account(db, "Zeta", "zeta.example")
    model = AccountsModel()
    model.set_rows(list(accounts.list_accounts(db)))
    qtmodeltester.check(model)
    model.set_needle("harbor")
    qtmodeltester.check(model)
    from ui.records_model import RecordsModel
    from workbench.overview import load_overview

    facts: RecordsModel = RecordsModel([("Fact", lambda f: f.kind), ("Value", lambda f: f.value)])
    facts.set_records(load_overview(db, 1).facts)
    qtmodeltester.check(facts)


def test_filter_and_sort_as_the_rep_types(qtbot, window: MainWindow, db: Database) -> None:
    for name, site, tier in (("Beta Corp", "beta.example", "C"), ("Alpha Inc", "alpha.example", "A"),
                             ("Gamma GmbH", "gamma.example", "B")):
        accounts.create_account(db, name, site, tier=tier)
    window.reload_accounts()
    assert _names(window) == ["Alpha Inc", "Beta Corp", "Gamma GmbH"]
    qtbot.keyClicks(window.filter, "gam")
    assert _names(window) == ["Gamma GmbH"]
    window.filter.clear()
    qtbot.keyClicks(window.filter, "beta.ex")  # the domain matches too
    assert _names(window) == ["Beta Corp"]
    window.filter.clear()
    window.list.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert _names(window) == ["Beta Corp", "Gamma GmbH", "Alpha Inc"]


def test_selecting_an_account_fills_the_overview(window: MainWindow, db: Database) -> None:
    demo = load_demo(db)
    window.reload_accounts(select_id=demo)
    overview = window.workspace.overview
    assert overview.name.text() == "Harbor Lane Logistics"
    assert overview.tier.currentData() == "A"
    assert "14 people on the committee" in overview.summary.text()
    assert overview.facts_model.rowCount() == 7


def test_overview_edits_are_saved_and_undoable(qtbot, window: MainWindow, db: Database) -> None:
    account_id = accounts.create_account(db, "Acme", "acme.example")
    window.reload_accounts(select_id=account_id)
    overview = window.workspace.overview
    overview.industry.selectAll()
    qtbot.keyClicks(overview.industry, "Robotics")
    qtbot.keyClick(overview.industry, Qt.Key.Key_Return)
    assert accounts.get_account(db, account_id).industry == "Robotics"

    overview.stage.setCurrentIndex(overview.stage.findData("progress"))
    overview.stage.activated.emit(overview.stage.currentIndex())
    assert accounts.get_account(db, account_id).stage.value == "progress"

    overview.name.selectAll()
    qtbot.keyClicks(overview.name, "Acme Robotics")
    qtbot.keyClick(overview.name, Qt.Key.Key_Return)
    assert window.model.index(0, 0).data() == "Acme Robotics"  # the list follows

    window.undo_group.undo()
    assert accounts.get_account(db, account_id).name == "Acme"
    assert overview.name.text() == "Acme"
    window.undo_group.undo()
    assert accounts.get_account(db, account_id).stage.value == "prepare"
    window.undo_group.redo()
    assert accounts.get_account(db, account_id).stage.value == "progress"


def test_notes_are_saved_as_typed(qtbot, window: MainWindow, db: Database) -> None:
    account_id = accounts.create_account(db, "Acme")
    window.reload_accounts(select_id=account_id)
    overview = window.workspace.overview
    qtbot.keyClicks(overview.notes, "Budget approved in Q3")
    qtbot.waitUntil(lambda: accounts.get_account(db, account_id).notes == "Budget approved in Q3",
                    timeout=3000)


def test_a_duplicate_website_is_refused_and_the_field_restored(
        qtbot, window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    accounts.create_account(db, "Acme", "acme.example")
    other = accounts.create_account(db, "Other", "other.example")
    shown: list[str] = []
    monkeypatch.setattr("ui.main_window.show_error", lambda _p, exc: shown.append(str(exc)))
    window.reload_accounts(select_id=other)
    overview = window.workspace.overview
    overview.website.selectAll()
    qtbot.keyClicks(overview.website, "www.acme.example")
    qtbot.keyClick(overview.website, Qt.Key.Key_Return)
    assert shown and "already belongs to the account “Acme”" in shown[0]
    assert overview.website.text() == "https://other.example"
    assert accounts.get_account(db, other).domain == "other.example"


def test_new_account_from_a_dropped_url(qtbot, window: MainWindow, db: Database) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl("https://www.dropped.example/about")])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert [r.domain for r in accounts.list_accounts(db)] == ["dropped.example"]
    assert window.workspace.overview.name.text() == "Dropped"


def test_delete_asks_first_and_removes_the_account(
        window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    demo = load_demo(db)
    window.reload_accounts(select_id=demo)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Cancel)
    window.delete_action.trigger()
    assert len(accounts.list_accounts(db)) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.delete_action.trigger()
    assert accounts.list_accounts(db) == []
    assert window.empty_hint.isVisible()
    assert not window.workspace.overview.isEnabled()


def test_geometry_is_remembered(qtbot, db_path: Path) -> None:
    db = open_database(db_path)
    first = MainWindow(db)
    qtbot.addWidget(first)
    first.resize(760, 540)
    first.close()
    second = MainWindow(db)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (760, 540)
    db.dispose()


@pytest.mark.sqlite_only("notes drafts are kept beside the SQLite file")
def test_notes_typed_before_a_crash_are_offered_again_and_saved(
        qtbot, db: Database, db_path: Path) -> None:
    from workbench.safety.drafts import DraftStore

    account_id = accounts.create_account(db, "Acme", notes="Old notes")
    # What the draft guard left behind when the program was killed mid-typing.
    DraftStore.for_database(db_path).save(f"account/{account_id}/notes",
                                          "Old notes, and the CFO wants a pilot", "Old notes")
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.reload_accounts(select_id=account_id)
    assert window.workspace.overview.notes.toPlainText() == "Old notes, and the CFO wants a pilot"
    qtbot.waitUntil(lambda: accounts.get_account(db, account_id).notes
                    == "Old notes, and the CFO wants a pilot", timeout=3000)
    assert DraftStore.for_database(db_path).load(f"account/{account_id}/notes") is None


@pytest.mark.sqlite_only("the day's backup copies the SQLite file")
def test_the_days_backup_runs_in_the_background(qtbot, window: MainWindow, db: Database,
                                                db_path: Path) -> None:
    accounts.create_account(db, "Acme")
    with qtbot.waitSignal(window.safety.status_message, timeout=10_000) as said:
        window.safety.run_daily_backup(window.jobs)
    assert said.args[0].startswith("Today's backup: ")
    assert len(list((db_path.parent / "backups").glob("*.sqlite3"))) == 1
    window.safety.run_daily_backup(window.jobs)  # not due again today: nothing more
    window.jobs.wait_for_all()
    assert len(list((db_path.parent / "backups").glob("*.sqlite3"))) == 1
