"""`workbench search` through the real parser: grouped hits with matched words, filters, JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import run_command
from workbench import errors
from workbench.demo import load_demo
from workbench.storage.database import open_database


@pytest.fixture
def demo_db(db_path: Path, migrated_copy: Callable[[Path], Path]) -> Path:
    db = open_database(migrated_copy(db_path))
    load_demo(db)
    db.dispose()
    return db_path


def test_search_finds_a_stakeholder_grouped_with_matched_words(demo_db: Path, capsys) -> None:
    assert run_command(demo_db, "search", "warehouse") == 0
    out = capsys.readouterr().out
    assert "People (" in out or "News (" in out or "Pages (" in out
    assert "«" in out  # the matched word is marked


def test_search_json_names_kind_tab_and_matched_words(demo_db: Path, capsys) -> None:
    assert run_command(demo_db, "search", "Harbor", "--json") == 0
    hits = json.loads(capsys.readouterr().out)
    kinds = {h["kind"] for h in hits}
    assert "account" in kinds
    account_hit = next(h for h in hits if h["kind"] == "account")
    assert account_hit["tab"] == "overview"
    assert account_hit["account"] == "Harbor Lane Logistics"
    assert any(w.lower().startswith("harbor") for h in hits for w in h["matched"])


def test_search_kind_filter_and_account_filter(demo_db: Path, capsys) -> None:
    assert run_command(demo_db, "search", "a", "--kind", "stakeholder", "--json") == 0
    capsys.readouterr()
    db = open_database(demo_db)
    from sqlalchemy import select

    from workbench.storage.models import Stakeholder
    with db.session() as s:
        first = s.scalars(select(Stakeholder).order_by(Stakeholder.id)).first()
        name, title = first.name, first.title
    db.dispose()
    surname = name.split()[-1]
    assert run_command(demo_db, "search", surname, "--kind", "stakeholder",
                       "--account", "Harbor Lane Logistics", "--json") == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and {h["kind"] for h in hits} == {"stakeholder"}
    assert any(h["id"] == first.id and h["tab"] == "committee" for h in hits)
    assert title in next(h["title"] for h in hits if h["id"] == first.id)


def test_search_nothing_found_and_unknown_account(demo_db: Path, capsys) -> None:
    assert run_command(demo_db, "search", "zzzqqq") == 0
    assert "Nothing matches" in capsys.readouterr().out
    with pytest.raises(errors.NotFound):
        run_command(demo_db, "search", "x", "--account", "No Such Co")
