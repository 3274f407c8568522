"""Where the program keeps its files: data, config and logs, per user (platformdirs).

`WORKBENCH_HOME` moves all three under one folder, which the tests use so they
never touch a user's real files.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from workbench import APP_SLUG

DB_ENV = "WORKBENCH_DB"
HOME_ENV = "WORKBENCH_HOME"
DB_FILENAME = "workbench.sqlite3"


def _dir(kind: str) -> Path:
    home = os.environ.get(HOME_ENV)
    if home:
        path = Path(home) / kind
    else:
        import platformdirs

        getters: dict[str, Callable[..., str]] = {
            "data": platformdirs.user_data_dir,
            "config": platformdirs.user_config_dir,
            "log": platformdirs.user_log_dir,
        }
        getter = getters[kind]
        path = Path(getter(APP_SLUG, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    return _dir("data")


def config_dir() -> Path:
    return _dir("config")


def log_dir() -> Path:
    return _dir("log")


def default_database_path() -> Path:
    return data_dir() / DB_FILENAME


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout or a bundle."""
    import sys

    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
