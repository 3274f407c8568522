"""Logging for the application: one rotating file in the user's log folder.

Library modules only get named loggers (`workbench.research`, ...); this is the one
place that adds handlers, called by the CLI and the desktop program at start.
"""

from __future__ import annotations

import logging
import logging.handlers
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


def configure(level: int = logging.INFO) -> Path:
    """Send log records to the rotating log file and return its path."""
    path = log_file()
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(PasswordMask())
        root.addHandler(handler)
    root.setLevel(level)
    return path
