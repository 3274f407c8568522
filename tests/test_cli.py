"""The `workbench` command, run as a rep would run it (in a subprocess) and in-process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import __version__
from workbench.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)


def test_version_and_help() -> None:
    done = run("--version")
    assert done.returncode == 0 and __version__ in done.stdout
    assert "accounts" in run("--help").stdout


def test_accounts_add_list_show_remove(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    assert main(["--db", db, "accounts", "add", "Acme Robotics", "--website", "www.acme.example/",
                 "--tier", "A"]) == 0
    assert "Added account 1: Acme Robotics (acme.example)" in capsys.readouterr().out
    assert main(["--db", db, "accounts", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Acme Robotics" in listing and "acme.example" in listing
    assert main(["--db", db, "accounts", "show", "acme.example"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Acme Robotics (id 1)\n") and "Tier:" in shown
    assert main(["--db", db, "accounts", "show", "acme.example", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tier"] == "A"
    assert main(["--db", db, "accounts", "remove", "Acme Robotics", "--yes"]) == 0
    assert main(["--db", db, "accounts", "list"]) == 0
    assert "No accounts yet" in capsys.readouterr().out


def test_accounts_remove_without_a_terminal_asks_for_yes(db_path: Path) -> None:
    db = str(db_path)
    assert main(["--db", db, "accounts", "add", "Acme", "--website", "acme.example"]) == 0
    done = subprocess.run([sys.executable, "-m", "workbench", "--db", db, "accounts", "remove",
                           "Acme"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    assert "unexpected error" not in done.stderr and "Traceback" not in done.stderr
    assert "Nothing was deleted" in done.stderr and "--yes" in done.stderr
    assert main(["--db", db, "accounts", "show", "Acme", "--json"]) == 0


def test_calls_lists_an_account_calls_with_the_ids_prep_takes(
        db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    assert main(["--db", db, "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "calls", "harborlane.example"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["ID", "WHEN"]
    rows = [line for line in lines[1:] if line.strip()[:1].isdigit()]
    assert len(rows) == 2
    assert "Demo" in out and "Discovery" in out and "← next" in out
    assert "--call ID" in out
    assert main(["--db", db, "accounts", "add", "Quiet", "--website", "quiet.example"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "calls", "Quiet"]) == 0
    assert "no calls yet" in capsys.readouterr().out


def test_clear_errors_and_exit_codes(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    assert main(["--db", db, "accounts", "add", "A", "--website", "a.example"]) == 0
    assert main(["--db", db, "accounts", "add", "B", "--website", "https://www.a.example"]) == 1
    assert "already belongs to the account “A”" in capsys.readouterr().err
    assert main(["--db", db, "accounts", "show", "nobody"]) == 1
    assert "No account matches “nobody”" in capsys.readouterr().err
    assert main(["--db", db, "accounts", "add", "   "]) == 1
    assert "needs a name" in capsys.readouterr().err
    done = run("--db", db, "accounts", "add", "X", "--tier", "Z")
    assert done.returncode == 2 and "invalid choice" in done.stderr


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bogus = tmp_path / "budget.xlsx"
    bogus.write_bytes(b"PK\x03\x04 not a database")
    done = run("--db", str(bogus), "accounts", "list")
    assert done.returncode == 1
    assert "not a workbench database" in done.stderr and "Traceback" not in done.stderr
    assert bogus.read_bytes() == b"PK\x03\x04 not a database"


def test_demo_and_export_carry_the_whole_dossier(db_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    assert main(["--db", db, "demo"]) == 0
    assert main(["--db", db, "demo"]) == 0  # a second time reuses it
    capsys.readouterr()
    assert main(["--db", db, "export", "harborlane.example", "--format", "json"]) == 0
    dossier = json.loads(capsys.readouterr().out)
    assert dossier["account"]["name"] == "Harbor Lane Logistics"
    assert len(dossier["stakeholders"]) == 14 and len(dossier["calls"]) == 2
    assert {"url", "kind", "title", "captured_at", "text"} <= set(dossier["pages"][0])
    assert any(t["kind"] == "funding" for n in dossier["news"] for t in n["triggers"])
    assert len(dossier["pages"][1]["history"]) == 2


def test_export_and_import_round_trip(tmp_path: Path) -> None:
    from workbench.dossier import build_dossier
    from workbench.storage.database import open_database
    from workbench.transfer import import_dossier

    first = open_database(tmp_path / "a.sqlite3")
    from workbench.demo import load_demo

    original = build_dossier(first, load_demo(first))
    second = open_database(tmp_path / "b.sqlite3")
    copy = build_dossier(second, import_dossier(second, original))
    strip = ("id", "created_at", "updated_at", "fetched_at", "found_at")

    def clean(node: object) -> object:
        if isinstance(node, dict):
            return {k: clean(v) for k, v in node.items() if k not in strip
                    and not k.endswith("_id")}
        if isinstance(node, list):
            return [clean(v) for v in node]
        return node

    assert clean(copy["stakeholders"]) == clean(original["stakeholders"])
    assert clean(copy["news"]) == clean(original["news"])
    assert clean(copy["pages"]) == clean(original["pages"])
    assert [c["objective"] for c in copy["calls"]] == [c["objective"] for c in original["calls"]]
    assert len(copy["relationships"]) == len(original["relationships"])
    first.dispose()
    second.dispose()


def test_the_program_starts_and_quits(db_path: Path) -> None:
    """`workbench` with no command starts the desktop program (through the entry point)."""
    import os

    env = {**os.environ, "WORKBENCH_SMOKE_TEST": "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "workbench", "--db", str(db_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert f"started: Sales Prep Workbench — {db_path.name}" in done.stdout
