"""Reload and coming back to Today read the day in a worker of a real thread pool, and an
answer overtaken by a newer reading is never shown."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

import workbench.today as today_module
from tests.threads import hold_until_released, record_main_thread
from workbench.demo import load_demo
from workbench.storage.database import Database
from workbench.today import TodayData


@pytest.fixture
def pool() -> QThreadPool:
    pool = QThreadPool()
    yield pool
    pool.waitForDone(20_000)


def test_reload_reads_in_a_worker_and_the_window_does_not_wait(
        db: Database, qtbot: QtBot, monkeypatch, pool: QThreadPool) -> None:
    from ui.jobs import JobRunner
    from ui.territory.today_view import TodayView

    load_demo(db)
    runner = JobRunner(pool)
    view = TodayView(db, runner=runner)
    qtbot.addWidget(view)
    view.show()
    release = hold_until_released(monkeypatch, today_module, "build_today")
    on_main_thread = record_main_thread(monkeypatch, today_module, "build_today")
    view.refresh_button.click()
    # The click came back while the day is still being read.
    assert view.reader.busy and view.data is None
    assert view.summary.text() == "Reading the day…"
    release.set()
    qtbot.waitUntil(lambda: not view.reader.busy and view.data is not None, timeout=20_000)
    assert on_main_thread and not any(on_main_thread)
    assert view.calls_model.rowCount() + view.signals_model.rowCount() > 0


def test_an_answer_overtaken_by_a_newer_reading_is_dropped(
        db: Database, qtbot: QtBot, monkeypatch, pool: QThreadPool) -> None:
    from ui.jobs import JobRunner
    from ui.territory.today_view import TodayView

    load_demo(db)
    view = TodayView(db, runner=JobRunner(pool))
    qtbot.addWidget(view)
    view.show()
    stale = TodayData(date(2000, 1, 1))
    first_started, release = threading.Event(), threading.Event()
    real = today_module.build_today
    calls: list[int] = []

    def first_old_then_real(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            first_started.set()
            release.wait(20)
            return stale
        return real(*args, **kwargs)

    monkeypatch.setattr(today_module, "build_today", first_old_then_real)
    shown: list[date] = []
    show = view.show_day
    view.show_day = lambda d: (shown.append(d.day), show(d))  # type: ignore[method-assign]
    view.reload()
    assert first_started.wait(20)
    view.reload()  # Reload again while the first reading is still on its way
    release.set()
    qtbot.waitUntil(lambda: not view.reader.busy and view.data is not None, timeout=20_000)
    assert len(calls) == 2
    assert stale.day not in shown and shown == [date.today()]
    assert view.data is not stale

    # The brief reads at once on this thread, and an older answer on its way is dropped.
    calls.clear()
    first_started.clear()
    release.clear()
    view.data = None
    view.reload()
    assert first_started.wait(20)
    data = view.read_now()
    release.set()
    qtbot.waitUntil(lambda: not view.reader.busy, timeout=20_000)
    assert view.data is data and data is not stale


def test_coming_back_to_today_reads_in_the_windows_worker(db: Database, qtbot: QtBot,
                                                          monkeypatch) -> None:
    from ui.main_window import MainWindow

    load_demo(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.territory.today is not None)
    today = window.territory.today
    assert today is not None
    qtbot.waitUntil(lambda: today.data is not None and not today.reader.busy, timeout=20_000)
    on_main_thread = record_main_thread(monkeypatch, today_module, "build_today")
    window.show_workspace()
    window.territory.today_action.trigger()
    assert window.views.currentWidget() is today
    qtbot.waitUntil(lambda: bool(on_main_thread) and not today.reader.busy, timeout=20_000)
    assert on_main_thread == [False]
