"""With the window's job runner (a real thread pool), a logged touch is written off the GUI
thread: the rep moves on at once, the touch shows "logging…" until the write lands, its
person's rows then take their places (as a fresh read would show them), writes land in the
order they were made, and a write that fails says so and leaves the touch due."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QThreadPool
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

import workbench.campaigns.touches as touches_module
from tests.campaigns.conftest import Committee
from tests.campaigns.test_queue_in_place import DAY, _fresh, _shape, _territory
from tests.threads import hold_until_released, record_main_thread
from ui.campaigns.queue_view import QueueWidget
from ui.jobs import JobRunner
from workbench import errors
from workbench.storage.database import Database
from workbench.storage.models import PlannedTouch, Touch
from workbench.vocabulary import Outcome


@pytest.fixture
def pool() -> Iterator[QThreadPool]:
    pool = QThreadPool()
    yield pool
    pool.waitForDone(20_000)


@pytest.fixture
def widget(qtbot: QtBot, db: Database, committee: Committee, pool: QThreadPool) -> QueueWidget:
    _territory(db, committee)
    widget = QueueWidget(db, territory=True, runner=JobRunner(pool))
    qtbot.addWidget(widget)
    widget.reload(DAY)
    widget.show()
    return widget


def _touches(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count(Touch.id))) or 0)


def _gate(monkeypatch) -> tuple[threading.Event, list[bool]]:
    """Hold each log_touch until released; record whether it ran on the GUI thread."""
    release = hold_until_released(monkeypatch, touches_module, "log_touch")
    return release, record_main_thread(monkeypatch, touches_module, "log_touch")


def test_a_keystroke_logs_in_the_worker_and_the_row_updates_when_it_lands(
        qtbot: QtBot, db: Database, widget: QueueWidget, monkeypatch) -> None:
    release, on_main_thread = _gate(monkeypatch)
    first = widget.current()
    assert first is not None
    wrote: list[object] = []
    widget.wrote.connect(wrote.append)
    qtbot.keyClick(widget.tree, Qt.Key.Key_V)
    # Back at once: the write waits in the worker, the rep is on the next touch.
    following = widget.current()
    assert following is not None and following.planned_touch_id != first.planned_touch_id
    row = widget.model.index_of(first.planned_touch_id).row()
    assert widget.model.index(row, 3).data() == "logging…"
    assert _touches(db) == 0 and not wrote
    release.set()
    qtbot.waitUntil(lambda: not widget._writing, timeout=20_000)
    assert on_main_thread == [False]
    assert _touches(db) == 1 and len(wrote) == 1
    assert not widget.model.index_of(first.planned_touch_id).isValid()
    assert _shape(widget.model) == _fresh(db)
    assert widget.current() is not None
    assert widget.current().planned_touch_id == following.planned_touch_id


def test_writes_land_in_the_order_they_were_made(qtbot: QtBot, db: Database,
                                                 widget: QueueWidget, monkeypatch) -> None:
    release, on_main_thread = _gate(monkeypatch)
    logged = []
    for _ in range(3):
        logged.append(widget.current().planned_touch_id)
        qtbot.keyClick(widget.tree, Qt.Key.Key_N)
    assert len(set(logged)) == 3
    assert all(widget.model.index(widget.model.index_of(i).row(), 3).data() == "logging…"
               for i in logged)
    release.set()
    qtbot.waitUntil(lambda: not widget._writing, timeout=20_000)
    with db.session() as session:
        planned = list(session.scalars(select(PlannedTouch.id)
                                       .join(Touch, Touch.id == PlannedTouch.touch_id)
                                       .order_by(Touch.id)))
    assert planned == logged
    assert on_main_thread == [False, False, False]
    assert _shape(widget.model) == _fresh(db)


def test_a_write_that_fails_says_so_and_the_touch_stays_due(
        qtbot: QtBot, db: Database, widget: QueueWidget, monkeypatch) -> None:
    def refused(*_args, **_kwargs):
        raise errors.DatabaseLocked("The database is locked by another program.")

    monkeypatch.setattr(touches_module, "log_touch", refused)
    said: list[str] = []
    widget.status_message.connect(said.append)
    first = widget.current()
    qtbot.keyClick(widget.tree, Qt.Key.Key_V)
    qtbot.waitUntil(lambda: not widget._writing, timeout=20_000)
    assert said and said[-1].startswith("Not saved: logging voicemail with")
    assert "locked by another program" in said[-1] and "still due" in said[-1]
    index = widget.model.index_of(first.planned_touch_id)
    assert index.isValid() and widget.model.index(index.row(), 3).data() != "logging…"
    assert _touches(db) == 0
    assert _shape(widget.model) == _fresh(db)


def test_without_a_runner_the_write_is_done_at_once(qtbot: QtBot, db: Database,
                                                     committee: Committee) -> None:
    _territory(db, committee)
    widget = QueueWidget(db, territory=True)
    qtbot.addWidget(widget)
    widget.reload(DAY)
    logged = widget.log_current(Outcome.VOICEMAIL)
    assert logged is not None and _touches(db) == 1
    assert _shape(widget.model) == _fresh(db)


def test_the_territory_queue_shows_its_head_then_the_whole_queue(
        qtbot: QtBot, db: Database, committee: Committee, pool: QThreadPool,
        monkeypatch) -> None:
    import ui.campaigns.queue_view as queue_view
    import workbench.campaigns.queue as queue_module

    _territory(db, committee)
    monkeypatch.setattr(queue_view, "HEAD_ROWS", 3)
    release = threading.Event()
    real = queue_module.touches_due

    def whole_held(database, day, **kwargs):
        if kwargs.get("account_id") is None and kwargs.get("stakeholder_ids") is None:
            release.wait(20)  # the whole queue, read in the worker
        return real(database, day, **kwargs)

    monkeypatch.setattr(queue_module, "touches_due", whole_held)
    import workbench.signals.proposals as proposals_module

    proposals_on_main_thread = record_main_thread(monkeypatch, proposals_module, "proposals")
    widget = QueueWidget(db, territory=True, runner=JobRunner(pool))
    qtbot.addWidget(widget)
    widget.show()
    widget.reload(DAY)
    whole = real(db, DAY, scripts=False)
    assert widget.model.count == 3 and widget.reader.busy
    assert f"{len(whole):,} touches (the first 3 shown" in widget.summary.text()
    first_heading = widget.model.index(widget.model.heading_rows[0], 0).data()
    channel = whole[0].channel
    assert first_heading == f"{channel.label} ({sum(t.channel is channel for t in whole)})"
    # A touch logged meanwhile: the whole queue on its way was read before it, and is
    # read again rather than shown.
    logged = widget.current()
    qtbot.keyClick(widget.tree, Qt.Key.Key_V)
    qtbot.waitUntil(lambda: not widget._writing, timeout=20_000)
    release.set()
    qtbot.waitUntil(lambda: not widget.reader.busy, timeout=20_000)
    assert not widget.model.index_of(logged.planned_touch_id).isValid()
    assert _shape(widget.model) == _fresh(db)
    assert widget.model.count == len(whole) - 1
    assert "reading the rest" not in widget.summary.text()
    qtbot.waitUntil(lambda: not widget.proposals.reader.busy, timeout=20_000)
    assert proposals_on_main_thread and not any(proposals_on_main_thread)
