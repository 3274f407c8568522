"""Signals and Today hear of changes on the change bus, and publish what they change."""

from __future__ import annotations

from workbench.demo import load_demo
from workbench.storage.database import Database
from workbench.workbook import Changes, Workbook
from workbench.workbook.changes import SIGNALS


def test_dismissing_publishes_and_today_rereads(qtbot, db: Database) -> None:
    from ui.changes import bus_for
    from ui.territory.signals_view import SignalsView
    from ui.territory.today_view import TodayView

    load_demo(db)
    book = Workbook.of(db)
    heard: list[tuple[Changes, object]] = []
    bus_for(book).changed.connect(lambda c, s: heard.append((c, s)))
    signals, today = SignalsView(db), TodayView(db)
    for view in (signals, today):
        qtbot.addWidget(view)
        view.show()
        view.reload()
    assert signals.model.rows
    first = signals.model.rows[0].signal
    signals.table.selectRow(0)
    heard.clear()
    reads: list[object] = []
    today_show = today.show_day
    today.show_day = lambda d: (reads.append(d), today_show(d))  # type: ignore[method-assign]
    signals.on_dismiss()
    assert [(SIGNALS in c.areas, c.account_id, s) for c, s in heard] == [
        (True, first.account_id, signals)]
    assert reads, "Today re-read from the broadcast"
    assert first.id not in {r.signal.id for r in signals.model.rows}
    assert first.id not in {r.signal.id for r in today.signals_model.rows}
    # Another process's write: both views re-read.
    reads.clear()
    bus_for(book).publish(Changes.external_change(), None)
    assert reads


def test_with_a_job_runner_a_change_is_read_in_the_background_once_per_burst(
        qtbot, db: Database) -> None:
    from ui.changes import bus_for
    from ui.jobs import JobRunner
    from ui.territory.signals_view import SignalsView
    from ui.territory.today_view import TodayView

    load_demo(db)
    book = Workbook.of(db)
    runner = JobRunner()
    today, signals = TodayView(db, runner=runner), SignalsView(db, runner=runner)
    for view in (today, signals):
        qtbot.addWidget(view)
        view.show()
        view.reload()
    top = signals.model.rows[0].signal
    shown: list[object] = []
    today_show = today.show_day
    today.show_day = lambda d: (shown.append(d), today_show(d))  # type: ignore[method-assign]
    book.signals.dismiss(top.id, True, account_id=top.account_id)
    for _ in range(3):  # a burst: one reading runs, one more follows it, no more
        bus_for(book).publish(Changes.external_change(), None)
    assert today.reader.busy and signals.reader.busy  # the window did not wait
    qtbot.waitUntil(lambda: not today.reader.busy and not signals.reader.busy, timeout=20_000)
    assert 1 <= len(shown) <= 2
    assert top.id not in {r.signal.id for r in today.signals_model.rows}
    assert top.id not in {r.signal.id for r in signals.model.rows}
    assert runner.wait_for_all()


def test_research_and_a_background_round_name_signals(db: Database) -> None:
    book = Workbook.of(db)
    assert SIGNALS in book.research.finished(1).areas
    assert SIGNALS in book.research.refreshed().areas
    assert book.research.refreshed().account_id is None
