"""The pane contract: what every tab of the workspace does, and how to add a new one.

A pane shows one area of one account (Overview, Pages, News, Committee, Calls, ...).
It implements four things and knows nothing of the other panes:

- ``set_account(account_id | None)``: show that account (flush first; clear undo).
- ``on_changes(changes, source)``: some data changed (see `workbench.workbook.Changes`).
  Refresh only what the pane shows (`changes.touches(self.account_id, *areas)`), and
  skip a change the pane made itself (``source is self``), which it already shows.
  For another process's change (``changes.external``) flush first: a typed edit is then
  saved with compare-and-set, and a clash asks the user (`ui.conflicts`).
- ``undo_stack``: a `QUndoStack` (or None); the workspace adds it to the window's undo
  group. Commands derive from `ui.undo.WriteCommand`.
- ``flush()``: save anything typed but not yet saved (before switching account, on quit).

Its constructor is ``MyTab(db, parent=None, *, runner=None)``: ``runner`` is the
window's `ui.jobs.JobRunner`, the one way to run work off the GUI thread (None for a tab
on its own in a test: its work is then done at once).

It also has ``status_message = Signal(str)`` for the status bar, and reports errors with
``ui.errors.show_error`` (one way for the environment, one for a bug).

## How to add a pane

1. Write ``ui/<area>/tab.py`` with ``class MyTab(PaneMixin, QWidget)``; in ``__init__``
   call ``self.init_pane(db, runner)`` (gives ``self.book``, the `Workbook`,
   ``self.bus`` and ``self.runner``; reads and writes that take more than a few
   milliseconds go through ``self.runner``).
   Set ``SHOWS`` to the change areas the pane displays (add a new area to
   ``workbench.workbook.changes.AREAS`` if the feature has data of its own).
2. Read through ``self.book.<service>``; write through it too and hand each returned
   `Changes` to ``self.publish(changes)``, so every other pane hears of it.
3. Implement ``set_account``, ``refresh`` (re-read what is shown) and, if the pane holds
   typed text, ``flush``. The default ``on_changes`` calls ``refresh`` when needed.
4. Add one line to ``LAZY_PANES`` in ``ui/workspace.py`` (a key, the tab's title, the
   module, the class); other parts of the window open the tab by its key
   (``workspace.show_pane("campaigns")``). Nothing else in the window changes: no
   class-name checks, no hand wiring between panes. A window outside the workspace
   (Today's touches, the Signals view) connects to ``bus_for(book).changed`` itself and
   publishes its writes there too. `ui.campaigns.tab.CampaignsTab` is a worked example.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from ui.changes import ChangeBus, bus_for
from ui.jobs import JobRunner
from workbench.workbook import Changes, Workbook


@runtime_checkable
class Pane(Protocol):
    """What the workspace relies on (see the module docstring)."""

    undo_stack: Any

    def set_account(self, account_id: int | None) -> None: ...

    def on_changes(self, changes: Changes, source: object) -> None: ...

    def flush(self) -> None: ...


class PaneMixin:
    """The contract's common half: the workbook, the bus, and `on_changes` done once."""

    SHOWS: tuple[str, ...] = ()
    book: Workbook
    bus: ChangeBus
    runner: JobRunner | None

    def init_pane(self, db: Any, runner: JobRunner | None = None) -> None:
        self.book = Workbook.of(db)
        self.bus = bus_for(self.book)
        self.runner = runner

    @property
    def shown_account(self) -> int | None:
        return getattr(self, "account_id", getattr(self, "_account_id", None))

    def publish(self, changes: Changes) -> None:
        self.bus.publish(changes, self)

    def on_changes(self, changes: Changes, source: object) -> None:
        if source is self or self.shown_account is None:
            return
        if not changes.touches(self.shown_account, *self.SHOWS):
            return
        if changes.external:
            self.flush()
        self.refresh()

    def refresh(self) -> None:
        """Re-read what the pane shows, keeping selection and scroll where it can."""
        raise NotImplementedError

    def flush(self) -> None:
        """Save typed text; panes without any have nothing to do."""
