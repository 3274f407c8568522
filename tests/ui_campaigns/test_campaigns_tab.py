"""The Campaigns tab and Today's touches, driven as a rep would with qtbot."""

from __future__ import annotations

import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ui.campaigns.committee_view import CommitteeCampaignModel
from ui.campaigns.queue_model import QueueModel
from ui.campaigns.queue_view import QueueWidget
from ui.campaigns.tab import CampaignsTab
from ui.campaigns.template_editor import StepsModel, TemplateEditor
from ui.changes import bus_for
from workbench.campaigns.cadences import list_cadences
from workbench.campaigns.people import committee_campaigns
from workbench.campaigns.queue import touches_due
from workbench.demo import load_demo
from workbench.storage.database import Database
from workbench.storage.models import Channel, Outcome, Stakeholder
from workbench.workbook import Workbook


@pytest.fixture
def demo(db: Database) -> int:
    return load_demo(db)


def test_models_pass_the_model_tester(qtmodeltester, db: Database, demo: int) -> None:
    queue = QueueModel()
    queue.set_touches(touches_due(db, date.today(), until=date.today().replace(day=28)
                                  if date.today().day < 28 else date.today()), date.today())
    assert queue.rowCount() > 0
    qtmodeltester.check(queue)
    committee = CommitteeCampaignModel()
    committee.set_rows(committee_campaigns(db, demo))
    qtmodeltester.check(committee)
    steps = StepsModel()
    steps.set_steps(list(list_cadences(db)[0].steps))
    qtmodeltester.check(steps)


def test_a_keystroke_logs_the_touch_and_the_map_hears(qtbot, db: Database, demo: int) -> None:
    tab = CampaignsTab(db)
    qtbot.addWidget(tab)
    tab.set_account(demo)
    tab.show()
    queue = tab.queue
    first = queue.current()
    assert first is not None
    before = queue.model.count
    queue.tree.setFocus()
    with qtbot.waitSignal(bus_for(Workbook.of(db)).changed) as logged:
        qtbot.keyClick(queue.tree, Qt.Key.Key_V if first.channel is Channel.PHONE
                       else Qt.Key.Key_S)
    assert logged.args[0].account_id == demo and logged.args[1] is tab
    assert queue.model.count == before - 1
    assert queue.current() is not None and queue.current() != first
    with db.session() as session:
        person = session.get(Stakeholder, first.stakeholder_id)
        assert person is not None and person.last_contact == date.today()
    row = next(r for r in tab.committee.model.rows if r.stakeholder_id == first.stakeholder_id)
    assert "since" in row.touches


def test_enrolling_the_committee_fills_the_queue(qtbot, db: Database) -> None:
    from workbench.accounts import create_account
    from workbench.committee.stakeholders import add_stakeholder
    from workbench.storage.models import Role

    account = create_account(db, "Acme", "acme.example", tier="C")
    add_stakeholder(db, account, "Ann Champion", role=Role.CHAMPION, email="ann@acme.example")
    tab = CampaignsTab(db)
    qtbot.addWidget(tab)
    tab.set_account(account)
    assert tab.committee.template.currentText().startswith("Tier C")
    assert tab.queue.model.count == 0
    tab.committee.enrol_all.click()
    assert tab.committee.model.rows[0].state == "active"
    if date.today().weekday() < 5:
        assert tab.queue.model.count == 1                  # Tier C opens with an email
        assert tab.queue.email_button.isEnabled()


def test_the_template_editor_saves_a_step(qtbot, db: Database) -> None:
    editor = TemplateEditor(db)
    qtbot.addWidget(editor)
    editor.list.setCurrentRow(2)
    editor.table.selectRow(1)
    editor.title.clear()
    qtbot.keyClicks(editor.title, "Call with a reason")
    editor.channel.setCurrentIndex(list(Channel).index(Channel.BOOK))
    editor.item.setText("")
    qtbot.keyClicks(editor.item, "The Challenger Sale")
    editor.cost.setValue(18.5)
    editor.save_button.click()
    stored = next(c for c in list_cadences(db) if c.name.startswith("Tier C"))
    step = stored.steps[1]
    assert (step.title, step.channel, step.item, step.cost) == (
        "Call with a reason", Channel.BOOK, "The Challenger Sale", 18.5)


def test_letters_print_to_a_pdf(qtbot, db: Database, demo: int, tmp_path: Path) -> None:
    queue = QueueWidget(db, territory=True)
    qtbot.addWidget(queue)
    queue.reload()
    letters = [t for t in touches_due(db, date.today(), until=date.today().replace(year=2100))
               if t.channel is Channel.LETTER]
    assert letters
    out = tmp_path / "letters.pdf"
    pages = queue.write_letters(out, letters, labels=False)
    assert pages == len(letters)
    assert out.read_bytes().startswith(b"%PDF")
    labels = tmp_path / "labels.pdf"
    assert queue.write_letters(labels, letters, labels=True) == 1
    done = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=False)
    if done.returncode == 0:
        text = unicodedata.normalize("NFKC", done.stdout)   # the PDF's ligatures, as letters
        assert letters[0].person_name in text and "Harbor Lane Logistics" in text
        assert "Yours sincerely,\n" in text


def test_log_a_touch_from_the_map_clears_never_contacted(qtbot, db: Database, demo: int,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    from ui.campaigns.log_dialog import LogTouchDialog
    from ui.committee_map.tab import CommitteeTab
    from workbench.committee.coverage import NEVER_CONTACTED

    def answer(dialog: LogTouchDialog) -> int:
        dialog.outcome.setCurrentIndex(list(Outcome).index(Outcome.CONNECTED))
        dialog.note.setPlainText("Agreed to look at the pilot plan")
        return 1

    monkeypatch.setattr(LogTouchDialog, "exec", answer)
    tab = CommitteeTab(db)
    qtbot.addWidget(tab)
    tab.set_account(demo)
    priya = next(p.id for p in tab.committee.people if p.name == "Priya Raman")
    never = next(f for f in tab.coverage_panel.coverage.flags if f.code == NEVER_CONTACTED)
    assert priya in never.stakeholder_ids
    tab.scene.select_ids([priya])
    tab.inspector.log_touch_button.click()
    assert tab.inspector.last_contact.date().toPython() == date.today()
    flags = {f.code: f for f in tab.coverage_panel.coverage.flags}
    assert NEVER_CONTACTED not in flags or priya not in flags[NEVER_CONTACTED].stakeholder_ids
    with db.session() as session:
        from sqlalchemy import select

        from workbench.storage.models import Touch

        touch = session.scalars(select(Touch).where(Touch.stakeholder_id == priya)).one()
        assert touch.outcome is Outcome.CONNECTED and touch.note.startswith("Agreed")


def test_in_the_window_every_pane_logs_touches_in_the_worker(
        qtbot, db: Database, demo: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workspace hands the window's job runner to every pane: a touch logged on the
    Campaigns tab or from the map is written off the GUI thread."""
    from sqlalchemy import func, select

    import workbench.campaigns.touches as touches_module
    from tests.threads import record_main_thread
    from ui.campaigns.log_dialog import LogTouchDialog
    from ui.main_window import MainWindow
    from workbench.storage.models import Touch

    def touches() -> int:
        with db.session() as session:
            return int(session.scalar(select(func.count(Touch.id))) or 0)

    on_main_thread = record_main_thread(monkeypatch, touches_module, "log_touch")
    monkeypatch.setattr(LogTouchDialog, "exec", lambda dialog: 1)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.select_account(demo)
    panes = [window.workspace.show_pane(key) for key in sorted(window.workspace.pane_keys)]
    assert all(pane.runner is window.jobs for pane in panes)

    window.show()
    before = touches()
    campaigns = window.workspace.show_pane("campaigns")
    queue = campaigns.queue
    qtbot.waitUntil(lambda: bool(queue.touches), timeout=20_000)
    queue.tree.setCurrentIndex(queue.model.index_of(queue.touches[0].planned_touch_id))
    first = queue.current()
    assert first is not None
    queue.tree.setFocus()
    qtbot.keyClick(queue.tree, Qt.Key.Key_V if first.channel is Channel.PHONE else Qt.Key.Key_S)
    qtbot.waitUntil(lambda: touches() == before + 1 and not queue._writing, timeout=20_000)

    committee = window.workspace.show_pane("committee")
    priya = next(p.id for p in committee.committee.people if p.name == "Priya Raman")
    committee.scene.select_ids([priya])
    committee.inspector.log_touch_button.click()
    assert touches() == before + 2
    assert committee.inspector.last_contact.date().toPython() == date.today()
    assert on_main_thread == [False, False]
    window.jobs.wait_for_all()
