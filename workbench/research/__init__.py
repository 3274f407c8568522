"""Account research: polite fetching, company pages, facts, people, feeds and news.

The pipeline (`pipeline.run_research`) is Qt-free: the CLI, a Qt worker thread and the
tests run the same code, with a progress callback and a `CancelToken`.
"""

from __future__ import annotations

import threading


class CancelToken:
    """A flag a caller sets to stop a research run between steps; safe across threads."""

    def __init__(self) -> None:
        self._event = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        self._event.set()


__all__ = ["CancelToken"]
