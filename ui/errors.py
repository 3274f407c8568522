"""How the desktop program reports errors: clear messages for the environment, logs for bugs.

A `KnownError` (locked, full, read-only, bad input) becomes a plain warning. Anything
else is a bug: its traceback goes to the log file and a dialog says where the log is.
An exception never kills the program silently.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from workbench import errors, logs

log = logging.getLogger("ui.errors")


def show_error(parent: QWidget | None, exc: BaseException, doing: str = "") -> None:
    """Tell the user what went wrong, in words that fit the kind of error."""
    if isinstance(exc, errors.KnownError):
        title = "Cannot do that" if isinstance(exc, errors.InvalidInput) else "Problem"
        text = exc.message if not doing else f"{doing} failed: {exc.message}"
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          parent)
        if exc.hint:
            box.setInformativeText(exc.hint)
        box.exec()
        return
    log.error("unexpected error%s", f" while {doing}" if doing else "",
              exc_info=(type(exc), exc, exc.__traceback__))
    box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                      "Something went wrong inside the workbench. Your data is safe: "
                      "every change that was confirmed is stored.",
                      QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(f"The details are in the log file:\n{logs.log_file()}")
    box.setDetailedText(f"{type(exc).__name__}: {exc}")
    box.exec()


def install_excepthook() -> None:
    """Route uncaught exceptions in slots to `show_error` instead of a silent console print."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        exc.__traceback__ = tb
        try:
            show_error(None, exc)
        except Exception:  # the dialog itself failed: the log still has it
            log.exception("could not show the error dialog")

    sys.excepthook = hook
