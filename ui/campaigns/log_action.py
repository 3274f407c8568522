""""Log a touch" wherever a person is shown: ask with the dialog, write with the core."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.campaigns.log_dialog import LogTouchDialog
from workbench.campaigns.touches import LoggedTouch, log_touch
from workbench.storage.database import Database
from workbench.storage.models import Channel, Outcome


def ask_and_log(parent: QWidget, db: Database, stakeholder_id: int, name: str,
                channel: Channel = Channel.PHONE) -> LoggedTouch | None:
    """Ask what happened with one person and log it; None if the rep cancelled.
    Raises the core's `KnownError` for a refused touch (the caller shows it)."""
    dialog = LogTouchDialog(name, channel, parent)
    if not dialog.exec():
        return None
    values = dialog.values()
    outcome = values.pop("outcome")
    chosen = values.pop("channel")
    assert isinstance(outcome, Outcome) and isinstance(chosen, Channel)
    return log_touch(db, stakeholder_id, chosen, outcome, **values)  # type: ignore[arg-type]
