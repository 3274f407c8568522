"""A cancellation token that long work (research, batches) checks between steps."""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """Raised by work that noticed its token was cancelled."""


class CancelToken:
    """Set by whoever started the work (a Cancel button, Ctrl+C), read by the worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()
