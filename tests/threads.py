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
