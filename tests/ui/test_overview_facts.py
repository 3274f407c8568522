"""The Overview's facts: one row per fact with its alternatives counted; the menu picks
another value, which the view then shows (and forgets again on request)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.research.server import FixtureServer
from ui.fact_pick_menu import fact_menu
from ui.overview_pane import OverviewPane
from workbench import accounts
from workbench.research.pipeline import run_research
from workbench.storage.database import Database

SITES = Path(__file__).resolve().parent.parent / "sites"


def _row(pane: OverviewPane, kind: str) -> int:
    return next(i for i, f in enumerate(pane._facts) if f.kind == kind)


def test_the_rep_picks_another_founding_year_from_the_facts_menu(qtbot: Any, db: Database) -> None:
    with FixtureServer() as fixture_server:
        _research(db, fixture_server)
    pane = OverviewPane(db)
    qtbot.addWidget(pane)
    account = accounts.find_account(db, "Lakeshore").id
    pane.set_account(account)
    _check_picking(pane)


def _research(db: Database, fixture_server: FixtureServer) -> None:
    fixture_server.serve_folder(SITES / "lakeshore")
    account = accounts.create_account(db, "Lakeshore", fixture_server.url("/"))
    run_research(db, account)


def _check_picking(pane: OverviewPane) -> None:
    model = pane.facts_model
    row = _row(pane, "founded")
    assert model.index(row, 1).data() == "2009  (+2 others)"
    assert sum(1 for f in pane._facts if f.kind == "description") == 1

    menu = fact_menu(pane, pane._facts[row], pane.on_fact_picked)
    actions = {a.text(): a for a in menu.actions()}
    assert "Use “2017”" in actions and "Use “2020”" in actions
    actions["Use “2017”"].trigger()
    row = _row(pane, "founded")
    assert model.index(row, 1).data().startswith("2017 ✓")

    menu = fact_menu(pane, pane._facts[row], pane.on_fact_picked)
    {a.text(): a for a in menu.actions()}["Let research decide (trust order)"].trigger()
    assert model.index(_row(pane, "founded"), 1).data().startswith("2009  (")
