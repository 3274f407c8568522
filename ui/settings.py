"""The program's settings (window geometry, recent databases) in the user's config folder."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from workbench import paths

MAX_RECENT = 8


def settings() -> QSettings:
    # An explicit INI file under the config folder: tests move it with WORKBENCH_HOME.
    return QSettings(str(paths.config_dir() / "settings.ini"), QSettings.Format.IniFormat)


def recent_databases() -> list[str]:
    value = settings().value("recent_databases", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value or []]


def remember_database(target: str) -> None:
    recent = [target] + [r for r in recent_databases() if r != target]
    settings().setValue("recent_databases", recent[:MAX_RECENT])
