"""Account research: polite fetching, company pages, facts, people, feeds and news.

The pipeline (`pipeline.run_research`) is Qt-free: the CLI, a Qt worker thread and the
tests run the same code, with a progress callback and a `CancelToken`.
"""

from __future__ import annotations

# One cancellation token for all long work; research re-exports it for its callers.
from workbench.cancel import CancelToken

__all__ = ["CancelToken"]
