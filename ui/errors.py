"""How the desktop program reports errors: clear messages for the environment, logs for bugs.

A `KnownError` (locked, full, read-only, bad input) becomes a plain warning. Anything
else is a bug: its traceback goes to the log file and a dialog says where the log is.
An exception never kills the program silently.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QToolButton,
    QWidget,
)

from workbench import errors, logs

log = logging.getLogger("ui.errors")


class ErrorBanner(QFrame):
    """The window's one place for an error of the environment: a line in the status bar
    that stays until dismissed (or replaced), with the hint in full beside it."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window, objectName="error_banner")
        self.setStyleSheet("#error_banner { background: #fde8e8; border-radius: 3px; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 2, 0)
        self.label = QLabel(self, objectName="error_text")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self, text="✕", objectName="dismiss_error", autoRaise=True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        layout.addWidget(self.label)
        layout.addWidget(close)
        window.statusBar().addPermanentWidget(self, 1)
        self.hide()

    @staticmethod
    def of(window: QMainWindow) -> ErrorBanner:
        banner = window.findChild(ErrorBanner, "error_banner")
        return banner if isinstance(banner, ErrorBanner) else ErrorBanner(window)

    def show_message(self, text: str, hint: str = "") -> None:
        self.label.setText(f"{text} {hint}".strip())
        self.setToolTip(hint)
        self.show()


def show_error(parent: QWidget | None, exc: BaseException, doing: str = "") -> None:
    """Tell the user what went wrong, in words that fit the kind of error.

    The one convention: an error of the environment or of the input (a `KnownError`)
    goes to the window's error banner in the status bar, and nothing stops the rep's
    work; where there is no main window yet (start-up, a dialog alone) it is a message
    box. A bug is a dialog that says where the log with its traceback is.
    """
    window = parent.window() if parent is not None else None
    if isinstance(exc, errors.KnownError) and isinstance(window, QMainWindow):
        text = exc.message if not doing else f"{doing} failed: {exc.message}"
        ErrorBanner.of(window).show_message(text, exc.hint)
        return
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
