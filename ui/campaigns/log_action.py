""""Log a touch" wherever a person is shown: ask with the dialog, write through the workbook."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.campaigns.log_dialog import LogTouchDialog
from ui.jobs import JobRunner, run_and_wait
from workbench.vocabulary import Channel, Outcome
from workbench.workbook import Changes, Workbook


def ask_and_log(parent: QWidget, book: Workbook, stakeholder_id: int, name: str,
                channel: Channel = Channel.PHONE, *,
                runner: JobRunner | None = None) -> Changes | None:
    """Ask what happened with one person and log it (in ``runner``'s worker, the window
    drawing meanwhile; at once without one); None if the rep cancelled.

    Returns the write's `Changes` (its `result` is the `LoggedTouch`) for the caller to
    publish on the change bus. Raises the core's `KnownError` for a refused touch (the
    caller shows it)."""
    dialog = LogTouchDialog(name, channel, parent)
    if not dialog.exec():
        return None
    values = dialog.values()
    outcome = values.pop("outcome")
    chosen = values.pop("channel")
    assert isinstance(outcome, Outcome) and isinstance(chosen, Channel)
    changes: Changes = run_and_wait(
        runner, "logging a touch",
        lambda: book.campaigns.log_touch(stakeholder_id, chosen, outcome, **values))
    return changes
