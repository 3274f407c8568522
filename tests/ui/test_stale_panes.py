"""No pane shows one account's data under another's name, nor a stale count."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.main_window import MainWindow
from workbench.demo import load_demo
from workbench.storage.database import Database


def test_a_new_account_calls_tab_shows_nothing_of_the_last_account(qtbot, db: Database) -> None:
    demo = load_demo(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.current_account_id() == demo)
    calls = window.workspace.pane("CallsTab")
    window.workspace.setCurrentIndex(window.workspace.indexOf(calls.parentWidget()))
    assert calls.editor.lines["objective"].text()  # the demo's next call is shown
    new_id = window.create_account("Zeta Freight", "zeta.example")
    assert window.current_account_id() == new_id
    editor = calls.editor
    assert calls.model.rowCount() == 0
    assert all(not line.text() for line in editor.lines.values())
    assert all(not text.toPlainText() for text in editor.texts.values())
    assert editor.objections.rowCount() == 0
    ticked = [editor.people.item(r) for r in range(editor.people.rowCount())
              if editor.people.item(r).checkState() == Qt.CheckState.Checked]
    assert ticked == []
    assert "Harbor" not in calls.preview.toPlainText()


def test_pages_people_found_agrees_with_the_map_and_the_overview(qtbot, db: Database) -> None:
    from ui.research.pages_tab import PagesTab
    from workbench.committee.stakeholders import found_people
    from workbench.overview import load_overview

    demo = load_demo(db)
    tab = PagesTab(db)
    qtbot.addWidget(tab)
    tab.set_account(demo)
    model = tab.people_model
    assert model.rowCount() > 0
    committee = [model.index(r, 3).data() for r in range(model.rowCount())]
    # "Add from research" offers nobody, so every person found is on the committee.
    assert found_people(db, demo) == []
    assert committee == ["Added"] * model.rowCount()
    assert not tab.add_button.isEnabled()
    header = tab.header.text()
    assert "last checked —" not in header
    researched = load_overview(db, demo).last_researched_at.astimezone().strftime("%d %b %Y")
    assert researched in header
