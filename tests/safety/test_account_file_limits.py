"""Account files that used to crash the import are refused up front, naming the part that
is wrong, and nothing is written: deep nesting, huge numbers, duplicates the database
keeps once (a page URL, a page that is also a feed, a person, a news story)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench import accounts, errors
from workbench.demo import load_demo
from workbench.dossier import build_dossier
from workbench.safety.account_file import import_account_file
from workbench.storage.database import Database, open_database


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    database = open_database(tmp_path_factory.mktemp("src") / "src.sqlite3")
    load_demo(database)
    data = build_dossier(database, accounts.find_account(database, "Harbor Lane Logistics").id)
    database.dispose()
    return data


def _dup_first(section: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data[section].append(copy.deepcopy(data[section][0]))
    return change


def _page_as_feed(data: dict[str, Any]) -> None:
    data["feeds"].append({"url": data["pages"][0]["url"], "added_by_user": True})


def _huge(data: dict[str, Any]) -> None:
    data["pages"][0]["status"] = 10 ** 30


def _huge_x(data: dict[str, Any]) -> None:
    data["stakeholders"][0]["x"] = 2 ** 70


CASES = [
    ("duplicate page", _dup_first("pages"), "listed twice"),
    ("page also a feed", _page_as_feed, "both as a page and as a feed"),
    ("duplicate person", _dup_first("people"), "listed twice"),
    ("duplicate news", _dup_first("news"), "listed twice"),
    ("huge status", _huge, "too large"),
    ("huge coordinate", _huge_x, "too large"),
]


@pytest.mark.parametrize("change,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_account_file_is_refused_naming_the_problem(
        dossier: dict[str, Any], db: Database, tmp_path: Path, change, expected: str) -> None:
    data = copy.deepcopy(dossier)
    assert data["pages"] and data["people"] and data["news"] and data["stakeholders"]
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(errors.InvalidInput, match=expected) as info:
        import_account_file(db, path)
    assert "Nothing was imported" in (info.value.hint or "")
    assert accounts.list_accounts(db) == []


@pytest.mark.parametrize("opening,closing", [("[", "]"), ('{"a":', "}")])
def test_a_deeply_nested_account_file_is_refused(dossier: dict[str, Any], db: Database,
                                                 tmp_path: Path, opening: str,
                                                 closing: str) -> None:
    data = copy.deepcopy(dossier)
    text = json.dumps(data)
    deep = opening * 100_000 + "1" + closing * 100_000
    path = tmp_path / "deep.json"
    path.write_text(text[:-1] + f', "extra": {deep}}}', encoding="utf-8")
    with pytest.raises(errors.InvalidInput, match="nested more than"):
        import_account_file(db, path)
    assert accounts.list_accounts(db) == []


def test_a_good_file_still_imports(dossier: dict[str, Any], db: Database,
                                   tmp_path: Path) -> None:
    path = tmp_path / "good.json"
    path.write_text(json.dumps(dossier), encoding="utf-8")
    assert import_account_file(db, path) > 0
