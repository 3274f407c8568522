"""The one seam between the program and its data: a `Workbook` per open database.

The UI reaches data through a workbook's services (`book.accounts`, `book.committee`,
`book.calls`, `book.news`, `book.research`, `book.backups`, `book.campaigns`,
`book.signals`). Reads return plain values;
every write returns a `Changes` (which account, which areas, which rows), which the UI
broadcasts to every open pane. `book.changes_elsewhere()` gives the object that notices
another process's writes (`watch.ChangeSource`).

All writes of this process, through the workbook or not, pass one lock
(`Database.writer`), so the window, the research worker and the news ingester never
race one another on SQLite's busy timeout.
"""

from __future__ import annotations

import weakref

from workbench.storage.database import Database
from workbench.workbook import services, territory_services
from workbench.workbook.changes import AREAS, NOTHING, Changes
from workbench.workbook.watch import ChangeSource, change_source

__all__ = ["AREAS", "NOTHING", "Changes", "Workbook"]

_open: weakref.WeakKeyDictionary[Database, Workbook] = weakref.WeakKeyDictionary()


class Workbook:
    """One open database and its services."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.accounts = services.AccountsService(db)
        self.committee = services.CommitteeService(db)
        self.calls = services.CallsService(db)
        self.news = services.NewsService(db)
        self.research = services.ResearchService(db)
        self.backups = services.BackupsService(db)
        self.campaigns = territory_services.CampaignsService(db)
        self.signals = territory_services.SignalsService(db)

    @classmethod
    def of(cls, source: Database | Workbook) -> Workbook:
        """The workbook of an open database (made on first use, then always the same)."""
        if isinstance(source, Workbook):
            return source
        book = _open.get(source)
        if book is None:
            book = _open[source] = cls(source)
        return book

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    def changes_elsewhere(self) -> ChangeSource:
        """A new watcher for other processes' writes; the caller closes it."""
        return change_source(self.db)
