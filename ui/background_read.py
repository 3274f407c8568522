"""Reading a view's data in a worker and showing it when read, newest answer only.

For reads that may take more than a few milliseconds (a change heard on the bus, another
process's writes, the end of a background refresh, an account with thousands of
stories): the window goes on while the database is read, and a burst of requests makes
one reading more, not one per request. `read_now` reads on the calling thread (what the
rep just asked for, when it is small); an answer still on its way from an earlier
`read` is then dropped, so an older answer never replaces a newer one. Without a job
runner (tests of a bare view) every reading is done at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from ui.jobs import JobRunner

log = logging.getLogger("ui.background_read")


class BackgroundReader(QObject):
    """Runs `read()` (or the function given) in the runner's worker and hands the answer
    to `show` on the main thread; while one reading runs, asking again reads once more
    after it, and only the newest answer is shown. `failed` (default: a log line) hears
    of a reading that raised."""

    def __init__(self, runner: JobRunner | None, title: str, read: Callable[[], Any],
                 show: Callable[[Any], None], parent: QObject | None = None,
                 failed: Callable[[BaseException], None] | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.title = title
        self.default_read = read
        self.show = show
        self.failed = failed
        self._reading = False  # a reading is on the runner
        self.again: Callable[[], Any] | None = None
        self._latest = 0  # the number of the newest reading asked for

    @property
    def busy(self) -> bool:
        return self._reading

    def supersede(self) -> None:
        """The view is about to show a newer reading of its own: drop what is on its way."""
        self._latest += 1
        self.again = None

    def read_now(self, fn: Callable[[], Any] | None = None) -> None:
        """Read on this thread and show it; a reading still running is not shown."""
        self.supersede()
        self.show((fn or self.default_read)())

    def read(self, fn: Callable[[], Any] | None = None) -> None:
        fn = fn or self.default_read
        if self.runner is None:
            self.read_now(fn)
            return
        if self._reading:
            self.again = fn  # the running answer is already old: read once more after it
            return
        self._latest += 1
        number = self._latest
        self._reading = True  # before submitting: a pool of tests runs the job at once
        self.runner.submit(self.title, fn, on_success=lambda answer: self.on_read(number, answer),
                           on_failure=lambda error: self.on_failed(number, error))

    def on_read(self, number: int, answer: object) -> None:
        self._reading = False
        if self._read_again():
            return
        if number == self._latest:  # else a newer reading was shown meanwhile
            self.show(answer)

    def on_failed(self, number: int, error: BaseException) -> None:
        self._reading = False
        if self._read_again() or number != self._latest:
            log.info("%s failed, and a newer reading replaces it: %s", self.title, error)
            return
        if self.failed is not None:
            self.failed(error)
        else:
            log.warning("%s failed: %s", self.title, error)

    def _read_again(self) -> bool:
        if self.again is None:
            return False
        fn, self.again = self.again, None
        self.read(fn)
        return True
