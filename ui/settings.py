"""The program's settings (window geometry, recent databases, research choices) in the
user's config folder."""

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


# -- research ------------------------------------------------------------------------------
ARTICLE_BUDGET_KEY = "research/article_budget"
MAX_ARTICLE_BUDGET = 500


def default_article_budget() -> int:
    from workbench.research.article_budget import ARTICLES_PER_RUN  # no HTTP library

    return ARTICLES_PER_RUN


def article_budget() -> int:
    """How many new stories per research run get their article text fetched (the rep's
    choice in Research settings, else the program's default)."""
    raw = settings().value(ARTICLE_BUDGET_KEY, None)
    try:
        value = int(str(raw)) if raw not in (None, "") else default_article_budget()
    except ValueError:
        value = default_article_budget()
    return max(0, min(value, MAX_ARTICLE_BUDGET))


def set_article_budget(value: int) -> None:
    settings().setValue(ARTICLE_BUDGET_KEY, max(0, min(int(value), MAX_ARTICLE_BUDGET)))
