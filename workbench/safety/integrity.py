"""The integrity check as the safety actions name it; it lives in `storage.integrity`.

The check runs when a file opens (in storage), so it sits below the engine; this
module keeps the names the safety actions and the UI import.
"""

from __future__ import annotations

from workbench.errors import DamagedDatabase, restore_command
from workbench.storage.integrity import damaged_header, require_intact, set_aside
from workbench.storage.sqlite_file import COMPANION_SUFFIXES, CheckResult, quick_check

__all__ = ["COMPANION_SUFFIXES", "CheckResult", "DamagedDatabase", "damaged_header",
           "quick_check", "require_intact", "restore_command", "set_aside"]
