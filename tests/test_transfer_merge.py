"""Importing an account that exists: a preview, then merge (nothing lost) or a copy."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from workbench import accounts, errors, transfer_merge
from workbench.cli import main
from workbench.committee.stakeholders import add_stakeholder
from workbench.demo import demo_dossier, load_demo
from workbench.dossier import build_dossier
from workbench.prep import calls
from workbench.storage.database import Database, open_database


def _names(db: Database, account_id: int) -> set[str]:
    return {p["name"] for p in build_dossier(db, account_id)["stakeholders"]}


@pytest.fixture
def two_laptops(db: Database, tmp_path: Path, migrated_copy) -> tuple[Database, int, Path]:
    """Yours and a colleague's copy of the demo, each edited apart; returns the file of theirs."""
    mine = load_demo(db)
    export = build_dossier(db, mine)
    theirs_db = open_database(migrated_copy(tmp_path / "colleague.sqlite3"))
    from workbench.transfer import import_dossier

    theirs = import_dossier(theirs_db, export)
    # Yours: a person and a note on the account, made first.
    add_stakeholder(db, mine, "Mine Only", title="Site lead")
    accounts.update_account(db, mine, notes="My notes")
    time.sleep(0.01)
    # Theirs, later: another person, a new industry, a new call, an edited call.
    add_stakeholder(theirs_db, theirs, "Theirs Only", title="CFO")
    accounts.update_account(theirs_db, theirs, industry="Contract logistics")
    calls.create_call(theirs_db, theirs, objective="Their new call",
                      scheduled_at=datetime(2027, 1, 5, 15, tzinfo=UTC))
    first = calls.list_calls(theirs_db, theirs)[-1].id
    calls.update_call(theirs_db, first, outcome="They agreed to a workshop")
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps(build_dossier(theirs_db, theirs)), encoding="utf-8")
    theirs_db.dispose()
    return db, mine, path


def test_preview_names_what_differs_and_changes_nothing(two_laptops) -> None:
    db, mine, path = two_laptops
    before = build_dossier(db, mine)
    preview = transfer_merge.preview_merge(db, transfer_merge.read_for_merge(path))
    assert preview.theirs_newer
    assert preview.new_people == ["Theirs Only"]
    assert any(line.startswith("Industry:") and "Contract logistics" in line
               for line in preview.changed_fields)
    # Both copies' notes differ: free text is never dropped, so the merge keeps both.
    assert any(line.startswith("Notes:") for line in preview.changed_fields)
    assert [c for c in preview.new_calls if "Their new call" in c]
    assert [c for c in preview.changed_calls if "outcome" in c]
    assert build_dossier(db, mine) == before  # a preview writes nothing


def test_merge_unites_people_and_calls_and_newer_edit_wins(two_laptops) -> None:
    db, mine, path = two_laptops
    account_id, _ = transfer_merge.merge_dossier(db, transfer_merge.read_for_merge(path))
    assert account_id == mine
    assert {"Mine Only", "Theirs Only"} <= _names(db, mine)
    assert len(_names(db, mine)) == 16  # 14 of the demo, one each; nobody twice
    account = accounts.get_account(db, mine)
    assert account.industry == "Contract logistics"  # theirs, the newer edit
    assert "My notes" in account.notes and "Mid-size 3PL" in account.notes  # both kept
    rows = calls.list_calls(db, mine)
    assert len(rows) == 3 and any(r.objective == "Their new call" for r in rows)
    outcomes = [calls.call_fields(db, r.id)["outcome"] for r in rows]
    merged = next(o for o in outcomes if "They agreed to a workshop" in o)
    assert merged.startswith("They agreed") and "Marcus confirmed budget" in merged  # both kept
    dossier = build_dossier(db, mine)
    demo = demo_dossier()
    # not doubled: each page and story of the demo once
    assert len(dossier["pages"]) == len(demo["pages"]) and len(dossier["news"]) == len(demo["news"])
    # Merging the same file again changes nothing more.
    again = transfer_merge.preview_merge(db, transfer_merge.read_for_merge(path))
    assert again.is_empty, again.lines()


def test_a_merge_that_fails_half_way_changes_nothing(two_laptops, tmp_path: Path) -> None:
    db, mine, path = two_laptops
    data = json.loads(path.read_text(encoding="utf-8"))
    data["stakeholders"][-1]["attitude"] = 7  # passes the shape check, refused by the merge
    before = build_dossier(db, mine)
    with pytest.raises(errors.InvalidInput):
        transfer_merge.merge_dossier(db, data)
    assert build_dossier(db, mine) == before


def test_cli_import_of_an_existing_domain_previews_then_merges_or_copies(
        two_laptops, db_target: Path | str, capsys: pytest.CaptureFixture[str]) -> None:
    db, mine, path = two_laptops
    target = str(db_target)
    assert main(["--db", target, "import", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "People added (1):" in out and "Theirs Only" in out
    assert "--merge" in err and "--as-copy" in err
    assert "Theirs Only" not in _names(db, mine)

    assert main(["--db", target, "import", str(path), "--preview"]) == 0
    assert "Theirs Only" in capsys.readouterr().out
    assert "Theirs Only" not in _names(db, mine)

    assert main(["--db", target, "import", str(path), "--as-copy"]) == 0
    assert "Harbor Lane Logistics (copy)" in capsys.readouterr().out
    assert len(accounts.list_accounts(db)) == 2

    assert main(["--db", target, "import", str(path), "--merge"]) == 0
    out = capsys.readouterr().out
    assert "Merged into account" in out
    if db.path is not None:  # a server is backed up with its own tools, not by the program
        assert "kept in" in out
    assert {"Mine Only", "Theirs Only"} <= _names(db, mine)
