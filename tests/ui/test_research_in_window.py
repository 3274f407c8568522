"""Research from the window: a background job against a fixture site, progress, Cancel."""

from __future__ import annotations

import pytest

from tests.research.conftest import SITES
from tests.research.server import FixtureServer
from ui.main_window import MainWindow
from workbench import accounts
from workbench.storage.database import Database


@pytest.fixture
def site() -> FixtureServer:
    with FixtureServer() as server:
        server.serve_folder(SITES / "acme")
        yield server


def test_research_runs_in_the_background_and_fills_the_tabs(qtbot, db: Database,
                                                            site: FixtureServer) -> None:
    account_id = accounts.create_account(db, "Acme", site.url("/"))
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.reload_accounts(select_id=account_id)
    assert window.research.research_action.isEnabled()
    with qtbot.waitSignal(window.research.finished, timeout=60_000) as finished:
        window.research.research_action.trigger()
        assert window.research.strip.isVisible()  # progress and Cancel while it runs
        assert not window.research.research_action.isEnabled()
    summary = finished.args[1]
    assert not isinstance(summary, BaseException) and summary.home_captured
    assert not window.research.strip.isVisible()
    assert window.workspace.pane("PagesTab").isEnabled()
    assert "pages" in window.workspace.overview.summary.text()
    assert not window.workspace.overview.summary.text().startswith("0 pages")
    assert window.model.index(0, 4).data()  # "Researched" is filled in the list
    window.close()


def test_cancel_stops_research_and_keeps_the_window_usable(qtbot, db: Database) -> None:
    with FixtureServer() as slow:
        slow.serve_folder(SITES / "acme", delay=0.5)
        account_id = accounts.create_account(db, "Acme", slow.url("/"))
        window = MainWindow(db)
        qtbot.addWidget(window)
        window.reload_accounts(select_id=account_id)
        with qtbot.waitSignal(window.research.finished, timeout=60_000) as finished:
            window.research.research_action.trigger()
            window.research.cancel_action.trigger()
        summary = finished.args[1]
        assert not isinstance(summary, BaseException) and summary.status == "cancelled"
        assert window.research.research_action.isEnabled()
        window.close()
