"""Research settings from the window: the article budget is the rep's, kept in the
settings, and the next research run fetches article text for that many stories."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import func, select

from tests.research.conftest import SITES
from tests.research.server import FixtureServer
from ui import settings
from ui.main_window import MainWindow
from ui.research.research_settings import ResearchSettingsDialog
from workbench import accounts
from workbench.research import pipeline
from workbench.storage.database import Database
from workbench.storage.models import NewsItem


def test_reading_the_budget_imports_no_http_library() -> None:
    # The window reads it on its own thread as a background refresh starts: importing
    # the news pipeline for one number stalled the window for 0.3-0.5 s.
    probe = ("import sys; from ui import settings; settings.article_budget(); "
             "print(sorted(m for m in ('requests', 'workbench.research.news', 'sqlalchemy') "
             "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=Path(__file__).parents[2],
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_the_budget_defaults_to_thirty_and_is_kept_in_the_settings(qtbot) -> None:
    assert settings.article_budget() == 30
    dialog = ResearchSettingsDialog()
    qtbot.addWidget(dialog)
    assert dialog.article_budget.value() == 30
    dialog.article_budget.setValue(12)
    dialog.reject()  # Cancel keeps the old value
    assert settings.article_budget() == 30
    dialog = ResearchSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.article_budget.setValue(12)
    dialog.accept()
    assert settings.article_budget() == 12
    again = ResearchSettingsDialog()
    qtbot.addWidget(again)
    assert again.article_budget.value() == 12
    again.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert again.article_budget.value() == 30


def test_a_bad_stored_value_falls_back_to_the_default(qtbot) -> None:
    settings.settings().setValue(settings.ARTICLE_BUDGET_KEY, "lots")
    assert settings.article_budget() == 30
    settings.set_article_budget(10_000)
    assert settings.article_budget() == settings.MAX_ARTICLE_BUDGET


def _with_text(db: Database, account_id: int) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(NewsItem).where(
            NewsItem.account_id == account_id, NewsItem.text != "")) or 0


@pytest.mark.parametrize("budget", [0, 1])
def test_the_research_run_reads_as_many_articles_as_the_rep_chose(
        qtbot, db: Database, budget: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # The subject is the rep's budget, not the grace period for slow fetches
    # (tests/research/test_slow_pages.py): on a heavily loaded machine the one article's
    # reading once waited longer than the grace and was given up on.
    monkeypatch.setattr(pipeline, "GRACE_S", 60.0)
    with FixtureServer() as site:
        site.serve_folder(SITES / "acme")
        account_id = accounts.create_account(db, "Acme", site.url("/"))
        window = MainWindow(db)
        qtbot.addWidget(window)
        window.show()
        window.reload_accounts(select_id=account_id)

        # The rep opens Account ▸ Research settings…, sets the number and presses OK.
        def answer() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, ResearchSettingsDialog):
                QTimer.singleShot(20, answer)
                return
            dialog.article_budget.setValue(budget)
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

        QTimer.singleShot(20, answer)
        assert window.research.settings_action in window.account_menu.actions()
        window.research.settings_action.trigger()
        assert settings.article_budget() == budget

        with qtbot.waitSignal(window.research.finished, timeout=60_000) as finished:
            window.research.research_action.trigger()
        summary = finished.args[1]
        assert not isinstance(summary, BaseException) and summary.news_added >= 2
        assert _with_text(db, account_id) == budget
        window.close()
