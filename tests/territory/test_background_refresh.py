"""Background refresh through the window on a fixture site on 127.0.0.1: off by default, runs
the accounts due, finds the week's changes as signals, notifies a few, cancels and resumes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from tests.research.server import FixtureServer
from tests.territory.fixture_site import ChangingSite
from ui.jobs import ImmediatePool
from ui.main_window import MainWindow
from workbench import accounts
from workbench.cancel import CancelToken
from workbench.storage.models import Account
from workbench.territory.refresh_round import refresh_due, to_notify
from workbench.territory.schedule import RefreshSchedule, due_accounts, load_schedule, save_schedule


@pytest.fixture
def site(fixture_server: FixtureServer) -> ChangingSite:
    site = ChangingSite(fixture_server)
    site.first()
    return site


@pytest.fixture
def window(db, qtbot: QtBot, site: ChangingSite) -> MainWindow:
    accounts.create_account(db, "Acme Robotics", site.srv.url("/"), tier="A")
    win = MainWindow(db, pool=ImmediatePool())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.territory.today is not None)
    return win


def test_off_by_default(window: MainWindow) -> None:
    assert load_schedule().enabled is False
    assert not window.territory.background.timer.isActive()
    assert window.territory.background.start() is False  # not forced, not enabled


@pytest.mark.slow  # two research rounds over a territory: the suite's longest test
def test_two_rounds_find_the_changes_and_notify_a_few(window: MainWindow, db,
                                                     site: ChangingSite) -> None:
    save_schedule(RefreshSchedule(enabled=True, notify_per_day=2))
    background = window.territory.background
    background.on_schedule_changed()
    assert background.timer.isActive()
    rounds = []
    background.round_finished.connect(rounds.append)
    assert background.start()  # the account was never researched: due
    assert rounds[-1].refreshed and not rounds[-1].failed
    assert due_accounts(db) == []
    site.second()
    with db.session() as s:  # a day later
        s.execute(update(Account).values(
            last_researched_at=datetime.now(UTC) - timedelta(days=2)))
    notified_before = len(background.notifier.shown)
    background.now_action.trigger()
    second = rounds[-1]
    kinds = {r.signal.kind for r in second.new_signals}
    assert {"funding", "leadership_change"} <= kinds
    funding = next(r for r in second.new_signals if r.signal.kind == "funding")
    assert funding.signal.source_count == 2
    shown = background.notifier.shown[notified_before:]
    assert 1 <= len(shown) <= 2  # the day's allowance, best first
    assert shown[0][0].startswith("Acme Robotics:")
    # Today (shown) was read again and lists the new signals.
    today = window.territory.today
    assert any(r.signal.kind == "funding" for r in today.signals_model.rows)
    assert "Background refresh done" in window.statusBar().currentMessage()


def test_the_schedule_dialog_saves(window: MainWindow, qtbot: QtBot, monkeypatch) -> None:
    from ui.territory.schedule_dialog import ScheduleDialog

    dialog = ScheduleDialog(window)
    qtbot.addWidget(dialog)
    assert not dialog.enabled.isChecked() and dialog.days["A"].value() == 1
    dialog.enabled.setChecked(True)
    dialog.days["B"].setValue(3)
    dialog.accept()
    saved = load_schedule()
    assert saved.enabled and saved.days["B"] == 3 and saved.days["A"] == 1


def test_a_cancelled_round_keeps_what_was_done_and_resumes(db) -> None:
    for name in ("One", "Two", "Three"):
        accounts.create_account(db, name, f"{name.lower()}.example", tier="A")
    token = CancelToken()
    done: list[int] = []

    def fake_refresh(database, account_id, cancel):
        done.append(account_id)
        with database.session() as s:
            s.get(Account, account_id).last_researched_at = datetime.now(UTC)
        if len(done) == 2:
            token.cancel()  # the rep closes the program during the second account
        return SimpleNamespace(cancelled=False, home_captured=True, errors=[])

    first = refresh_due(db, cancel=token, refresh=fake_refresh)
    assert first.cancelled and len(first.refreshed) == 2 and first.due == 3
    second = refresh_due(db, refresh=fake_refresh)  # the next start
    assert second.due == 1 and not second.cancelled and len(second.refreshed) == 1
    assert len(set(done)) == 3


def test_a_round_reads_as_many_articles_as_the_rep_set(db) -> None:
    accounts.create_account(db, "Budget Co", "budget.example", tier="A")
    asked: list[object] = []

    def fake_refresh(database, account_id, cancel, **options):  # noqa: ANN001, ANN003, ANN202
        asked.append(options.get("articles"))
        return SimpleNamespace(cancelled=False, home_captured=True, errors=[])

    refresh_due(db, refresh=fake_refresh, articles=5)
    assert asked == [5]


def test_notifications_stay_within_the_days_allowance() -> None:
    ranked = [SimpleNamespace(score=s) for s in (90, 80, 70, 40)]
    assert [r.score for r in to_notify(ranked, 0, 3)] == [90, 80, 70]
    assert [r.score for r in to_notify(ranked, 2, 3)] == [90]
    assert to_notify(ranked, 3, 3) == []
    assert [r.score for r in to_notify(ranked, 0, 10)] == [90, 80, 70]  # 40: not worth it
