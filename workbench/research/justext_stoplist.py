"""One stop-list for trafilatura's jusText fallback, built once and hashed once.

trafilatura passes jusText a tuple of every language's stop words (about 150,000) on each
call, and jusText looks it up in an `lru_cache`: a tuple's hash is computed afresh every
time (10 ms a short page). A frozenset keeps its hash, so the lookup is free after the
first call; the words and the result are the same.
"""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_done = False


def use_frozen_stoplist(trafilatura: Any = None) -> None:
    """Replace trafilatura's all-languages stop-list by a frozenset (once per process)."""
    global _done
    if _done:
        return
    with _lock:
        if _done:
            return
        try:
            from trafilatura import external
        except ImportError:  # another trafilatura layout: leave it as it is
            _done = True
            return
        if hasattr(external, "JT_STOPLIST") and hasattr(external, "jt_stoplist_init"):
            current = external.JT_STOPLIST or external.jt_stoplist_init()
            external.JT_STOPLIST = frozenset(current)  # type: ignore[assignment]
        _done = True
