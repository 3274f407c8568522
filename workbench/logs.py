"""Logging for the application: one rotating file in the user's log folder.

Library modules only get named loggers (`workbench.research`, ...); this is the one
place that adds handlers, called by the CLI and the desktop program at start.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from workbench import paths

LOG_FILENAME = "workbench.log"

MASK = "***"
# `scheme://user:password@host` (a '@' inside a password is written %40 in a URL).
_PASSWORD_IN_URL = re.compile(r"(?P<head>\b[a-z][a-z0-9+.\-]*://[^:/@\s]*:)(?P<pw>[^\s@]*)@",
                              re.IGNORECASE)
# libpq's keyword form (`password=...`) and a query parameter (`?password=...`).
_PASSWORD_KEYWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<pw>'[^']*'|[^\s&'\"]+)",
                               re.IGNORECASE)

def mask(text: str) -> str:
    """`text` with every password in a URL or `password=` keyword replaced by ***."""
    if "://" not in text and "password" not in text.lower():
        return text
    text = _PASSWORD_IN_URL.sub(lambda m: f"{m['head']}{MASK}@", text)
    return _PASSWORD_KEYWORD.sub(lambda m: f"{m['head']}{MASK}", text)




class PasswordMask(logging.Filter):
    """Replaces any password in a record (a database URL, `password=`) with ***.

    On the handler, not on loggers: every record that reaches the file passes it,
    whichever library logged it (SQLAlchemy, Alembic, the driver) and however the
    message was built, the command line and tracebacks included.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


def log_file() -> Path:
    return paths.log_dir() / LOG_FILENAME


class _LogFile(logging.Handler):
    """The rotating log file, set up when the first record arrives.

    A read-only command usually logs nothing, and the rotating handler's module
    (`logging.handlers`, with sockets, pickle and queues) costs it more than its read;
    the file itself was only ever opened at the first record (`delay=True`).
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.baseFilename = str(path)  # as the file handler's: `configure` adds one only
        self._file: logging.Handler | None = None

    def _opened(self) -> logging.Handler:
        if self._file is None:
            import logging.handlers

            handler = logging.handlers.RotatingFileHandler(
                self.baseFilename, maxBytes=2_000_000, backupCount=3, encoding="utf-8",
                delay=True)
            handler.setFormatter(logging.Formatter(
                "%(asctime)s %(levelname)s %(name)s: %(message)s"))
            handler.addFilter(PasswordMask())
            self._file = handler
        return self._file

    def emit(self, record: logging.LogRecord) -> None:
        self._opened().handle(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def configure(level: int = logging.INFO) -> Path:
    """Send log records to the rotating log file and return its path."""
    path = log_file()
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        root.addHandler(_LogFile(path))
    root.setLevel(level)
    return path
