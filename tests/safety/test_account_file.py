"""Moving an account between laptops: export, import, and refusing a cut or tampered file."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench import accounts, cli, errors
from workbench.demo import load_demo
from workbench.dossier import build_dossier
from workbench.safety.account_file import export_account_file, import_account_file
from workbench.storage.database import Database, open_database


@pytest.fixture(scope="module")
def old_laptop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The laptop the demo account comes from (made once: the tests only read it)."""
    database = open_database(tmp_path_factory.mktemp("old") / "old-laptop.sqlite3")
    load_demo(database)
    yield database
    database.dispose()


@pytest.fixture
def exported(old_laptop: Database, tmp_path: Path) -> Path:
    """The demo account exported to a file on the old laptop."""
    account_id = accounts.find_account(old_laptop, "Harbor Lane Logistics").id
    return export_account_file(old_laptop, account_id, tmp_path / "harbor-lane.json")


@pytest.fixture
def other_laptop(fresh_db_file: Path) -> Iterator[Database]:
    database = open_database(fresh_db_file)
    accounts.create_account(database, "Already Here", "already.example", notes="keep me")
    yield database
    database.dispose()


def _snapshot(db: Database) -> dict[str, Any]:
    """Everything a user could notice in the database: every account's whole dossier."""
    return {r.name: build_dossier(db, r.id) for r in accounts.list_accounts(db)}


# When a record was created or found: the import stamps them afresh, so they are not compared.
_STAMPS = ("created_at", "updated_at", "found_at", "fetched_at")


def _comparable(dossier: dict[str, Any]) -> dict[str, Any]:
    """A dossier without the ids and timestamps a new database assigns afresh."""
    data = copy.deepcopy(dossier)
    data["account"] = {k: v for k, v in data["account"].items() if k not in ("id", *_STAMPS)}
    for section in ("facts", "people", "news", "stakeholders", "calls"):
        for record in data[section]:
            for stamp in _STAMPS:
                record.pop(stamp, None)
    people = {p["id"]: p["name"] for p in data["stakeholders"]}
    for person in data["stakeholders"]:
        person.pop("id")
    for line in data["relationships"]:
        line["source_id"], line["target_id"] = people[line["source_id"]], people[line["target_id"]]
    for call in data["calls"]:
        call.pop("id")
        call["attendees"] = sorted(people[a] for a in call["attendees"])
    for item in data["news"]:
        item.pop("id")
    touches = {t["id"]: i for i, t in enumerate(data.get("touches", []))}
    for touch in data.get("touches", []):
        touch.pop("id")
        touch["stakeholder_id"] = people[touch["stakeholder_id"]]
    for enrolment in data.get("enrolments", []):
        enrolment.pop("created_at", None)
        enrolment["stakeholder_id"] = people[enrolment["stakeholder_id"]]
        for step in enrolment["planned"]:
            step["touch_id"] = touches.get(step["touch_id"])
    return data


def test_an_account_moves_to_another_laptop_whole(old_laptop: Database, exported: Path,
                                                  other_laptop: Database) -> None:
    original = build_dossier(
        old_laptop, accounts.find_account(old_laptop, "Harbor Lane Logistics").id)
    new_id = import_account_file(other_laptop, exported)
    moved = build_dossier(other_laptop, new_id)
    assert moved["stakeholders"] and moved["calls"] and moved["news"] and moved["pages"]
    assert _comparable(moved) == _comparable(original)
    assert accounts.find_account(other_laptop, "Already Here").notes == "keep me"


def _cut(text: str) -> str:
    return text[: len(text) * 2 // 3]


def _edit(change: Callable[[dict[str, Any]], None]) -> Callable[[str], str]:
    def tamper(text: str) -> str:
        data = json.loads(text)
        change(data)
        return json.dumps(data)
    return tamper


TAMPERED: dict[str, tuple[Callable[[str], str], str]] = {
    "cut short": (_cut, "not a complete account export"),
    "not JSON at all": (lambda t: "<html>oops</html>", "not a complete account export"),
    "some other JSON": (lambda t: '{"hello": "world"}', "is not an account export"),
    "binary garbage": (lambda t: "\udcff", "not an account export"),
    "unknown role": (_edit(lambda d: d["stakeholders"][0].update(role="overlord")),
                     "unknown role"),
    "attitude as text": (_edit(lambda d: d["stakeholders"][0].update(attitude="high")),
                         "non-number attitude"),
    "line to nobody": (_edit(lambda d: d["relationships"][0].update(target_id=99999)),
                       "points to a person the file does not list"),
    "attendee as a list": (_edit(lambda d: d["calls"][0].update(attendees=[[1]])),
                           "attendee the file does not list"),
    "objections as text": (_edit(lambda d: d["calls"][0].update(objections=["price"])),
                           "objections are not"),
    "news is a dict": (_edit(lambda d: d.update(news={"a": 1})), "“news” section"),
    "page status as text": (_edit(lambda d: d["pages"][0]["history"][0].update(status="OK")),
                            "non-number status"),
    "version as text": (_edit(lambda d: d.update(format_version="2")), "format version"),
    "map position as text": (_edit(lambda d: d["stakeholders"][0].update(x="left")),
                             "non-number x"),
    "bad date": (_edit(lambda d: d["calls"][0].update(scheduled_at="next Tuesday")),
                 "bad date"),
    "from a newer version": (_edit(lambda d: d.update(format_version=99)), "newer version"),
    "nameless person": (_edit(lambda d: d["stakeholders"][0].update(name="  ")),
                        "stakeholder without a name"),
}


@pytest.mark.parametrize("how", sorted(TAMPERED))
def test_a_cut_or_tampered_export_is_refused_and_nothing_changes(
        how: str, exported: Path, other_laptop: Database, tmp_path: Path) -> None:
    tamper, expected_message = TAMPERED[how]
    bad = tmp_path / "tampered.json"
    text = tamper(exported.read_text(encoding="utf-8"))
    bad.write_bytes(text.encode("utf-8", "surrogateescape"))
    before = _snapshot(other_laptop)
    with pytest.raises(errors.InvalidInput) as caught:
        import_account_file(other_laptop, bad)
    assert expected_message in str(caught.value)
    assert _snapshot(other_laptop) == before


def test_importing_twice_is_refused_plainly(exported: Path, other_laptop: Database) -> None:
    import_account_file(other_laptop, exported)
    before = _snapshot(other_laptop)
    with pytest.raises(errors.DuplicateDomain, match="already exists; the import was not applied"):
        import_account_file(other_laptop, exported)
    assert _snapshot(other_laptop) == before


def test_cli_import(exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                    capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "laptop.sqlite3"
    assert cli.main(["--db", str(target), "import", str(exported)]) == 0
    assert "Imported account 1: Harbor Lane Logistics" in capsys.readouterr().out
    cut = tmp_path / "cut.json"
    cut.write_text(_cut(exported.read_text(encoding="utf-8")), encoding="utf-8")
    assert cli.main(["--db", str(target), "import", str(cut), "--as", "Copy"]) == 1
    err = capsys.readouterr().err
    assert "cut.json is not a complete account export" in err and "Traceback" not in err
