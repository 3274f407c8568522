"""Reading a view's data in a worker and showing it when read, one reading at a time.

For re-reads the rep did not ask for (a change heard on the bus, another process's
writes, the end of a background refresh): the window goes on while the database is
read, and a burst of changes makes one reading more, not one per change. Without a job
runner (tests of a bare view) the reading is done at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from ui.jobs import Job, JobRunner

log = logging.getLogger("ui.territory")


class BackgroundReader(QObject):
    """Runs `read()` (or the function given) in the runner's worker and hands the answer
    to `show` on the main thread; while one reading runs, asking again reads once more
    after it, and only the newest answer is shown."""

    def __init__(self, runner: JobRunner | None, title: str, read: Callable[[], Any],
                 show: Callable[[Any], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.title = title
        self.default_read = read
        self.show = show
        self.job: Job | None = None
        self.again: Callable[[], Any] | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None

    def read(self, fn: Callable[[], Any] | None = None) -> None:
        fn = fn or self.default_read
        if self.runner is None:
            self.show(fn())
            return
        if self.job is not None:
            self.again = fn  # the running answer is already old: read once more after it
            return
        job = Job(self.title, lambda _progress, _cancel: fn())
        job.succeeded.connect(self.on_read)
        job.failed.connect(self.on_failed)
        self.job = job
        self.runner.start(job)

    def on_read(self, answer: object) -> None:
        self.job = None
        if self.again is not None:
            fn, self.again = self.again, None
            self.read(fn)
            return
        self.show(answer)

    def on_failed(self, error: object) -> None:
        self.job = None
        log.warning("%s failed: %s", self.title, error)
        if self.again is not None:
            fn, self.again = self.again, None
            self.read(fn)
