"""What the reader processes' fork server imports before it forks a worker.

Importing this module imports the extractors (trafilatura, feedparser) and freezes
trafilatura's stop-list (`page_reading.warm`), so every worker forked from the server
starts with them: the second worker, started the first time two pages wait at once,
reads its first page at once instead of after half a second of imports.
"""

from __future__ import annotations

from workbench.research import page_reading

page_reading.warm()
