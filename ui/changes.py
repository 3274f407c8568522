"""The one broadcaster of data changes in the window, and the watcher of other processes.

Every write a pane makes returns a `Changes` (see `workbench.workbook`); the pane hands
it to `ChangeBus.publish(changes, source=self)`, and the bus tells every open pane
(through the workspace) and the account list. `ExternalChangeWatcher` polls the
database's `ChangeSource` about once a second on a worker thread and publishes
`Changes.external_change()` when another process (the CLI, a second window) wrote.
"""

from __future__ import annotations

import logging
import weakref
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from workbench.workbook import Changes, Workbook
from workbench.workbook.watch import ChangeSource

log = logging.getLogger("ui.changes")

POLL_INTERVAL_MS = 1000

_buses: weakref.WeakKeyDictionary[Workbook, ChangeBus] = weakref.WeakKeyDictionary()


class ChangeBus(QObject):
    """Signals:
        changed(Changes, object): what changed, and who changed it (a pane, or None
            for another process or a background job); a pane skips its own changes.
    """

    changed = Signal(object, object)

    def publish(self, changes: Changes, source: object = None) -> None:
        if not changes.empty:
            self.changed.emit(changes, source)


def bus_for(book: Workbook) -> ChangeBus:
    """The bus of one open database: every pane of it shares this one."""
    bus = _buses.get(book)
    if bus is None:
        bus = _buses[book] = ChangeBus()
    return bus


class _Poll(QRunnable):
    def __init__(self, watcher: ExternalChangeWatcher) -> None:
        super().__init__()
        self.watcher = watcher

    def run(self) -> None:
        try:
            changed = self.watcher.source.poll()
        except Exception:  # noqa: BLE001 - a failed look is retried on the next tick
            log.debug("change poll failed", exc_info=True)
            changed = False
        self.watcher.polled.emit(changed)


class ExternalChangeWatcher(QObject):
    """Turns another process's writes into broadcasts, within about a second.

    The poll reads a number from the database, which can wait on a busy file, so it runs
    on a single worker thread of its own, never on the GUI thread; at most one poll is
    in flight. Tests may pass `pool` (e.g. `ImmediatePool`) and call `poll_now()`.

    Signals:
        polled(bool): a poll finished; True when someone else changed the data.
    """

    polled = Signal(bool)

    def __init__(self, source: ChangeSource, bus: ChangeBus, parent: QObject | None = None,
                 pool: Any = None, interval_ms: int = POLL_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.source, self.bus = source, bus
        if pool is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            pool.setExpiryTimeout(-1)
        self._pool = pool
        self._in_flight = False
        self.polled.connect(self.on_polled)
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.poll_now)
        self.timer.start()

    def poll_now(self) -> None:
        if self._in_flight:
            return
        self._in_flight = True
        self._pool.start(_Poll(self))

    def on_polled(self, changed: bool) -> None:
        self._in_flight = False
        if changed:
            self.bus.publish(Changes.external_change(), None)

    def stop(self) -> None:
        """Stop polling, wait for a poll in flight and close the source."""
        self.timer.stop()
        wait = getattr(self._pool, "waitForDone", None)
        if wait is not None:
            wait(5000)
        self.source.close()
