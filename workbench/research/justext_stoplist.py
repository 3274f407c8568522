"""trafilatura, loaded with one stop-list for its jusText fallback, built and hashed once.

trafilatura passes jusText a tuple of every language's stop words (about 150,000) on each
call, and jusText looks it up in an `lru_cache`: a tuple's hash is computed afresh every
time (7-10 ms a short page, twice for a page that gets a second look). A frozenset keeps
its hash, so the lookup is free after the first call; the words and the result are the
same. Every reader loads trafilatura through `load_trafilatura`, so no path (a page, an
article, a worker that was never warmed) meets the tuple.
"""

from __future__ import annotations

import threading
from types import ModuleType

_lock = threading.Lock()
_done = False


def load_trafilatura() -> ModuleType:
    """``import trafilatura`` with the frozen stop-list in place (raises ImportError)."""
    import trafilatura

    use_frozen_stoplist()
    return trafilatura


def use_frozen_stoplist() -> None:
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
