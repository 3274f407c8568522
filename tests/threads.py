"""Telling which thread ran a core function: for tests that work must leave the GUI thread."""

from __future__ import annotations

import threading
from typing import Any

import pytest


def record_main_thread(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[bool]:
    """Wrap `owner.name`; each call appends whether it ran on the main (GUI) thread."""
    on_main_thread: list[bool] = []
    real = getattr(owner, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        on_main_thread.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return on_main_thread


def hold_until_released(monkeypatch: pytest.MonkeyPatch, owner: Any,
                        name: str) -> threading.Event:
    """Wrap `owner.name` so each call waits (at most 20 s) until the returned event is set:
    a job held in its worker while the test looks at the window meanwhile."""
    release = threading.Event()
    real = getattr(owner, name)

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, held)
    return release
