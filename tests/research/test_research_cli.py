"""`workbench research` and `workbench refresh` end to end against a fixture site."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.helpers import run_command
from tests.research.server import FixtureServer, Route
from workbench.cli import research_cmd

SITES = Path(__file__).resolve().parent.parent / "sites"


def test_research_creates_account_and_prints_summary(db_path, fixture_server: FixtureServer,
                                                      capsys) -> None:
    fixture_server.serve_folder(SITES / "dupont")
    code = run_command(db_path, "research", fixture_server.url("/"), "--name", "Dupont & Fils",
                    "--max-pages", "4")
    out, err = capsys.readouterr()
    assert code == 0
    assert "Created account 1: Dupont & Fils" in err
    assert "Pages: 4 fetched" in out
    # Again: the same account is reused, not duplicated.
    assert run_command(db_path, "research", fixture_server.url("/")) == 0
    assert "Using account 1: Dupont & Fils" in capsys.readouterr().err


def test_research_fails_clearly_when_the_home_page_cannot_be_captured(
        db_path, fixture_server: FixtureServer, capsys) -> None:
    fixture_server.robots("User-agent: *\nDisallow: /\n")
    code = run_command(db_path, "research", fixture_server.url("/"))
    out, err = capsys.readouterr()
    assert code == 1
    host = fixture_server.url("/").split("//")[1].rstrip("/")
    assert f"Created account 1: {host}" in err  # an address, not "0"
    assert f"could not capture the home page of {host}: blocked by robots.txt" in err
    assert "research failed" in out


def test_refresh_one_and_all(db_path, fixture_server: FixtureServer, capsys) -> None:
    fixture_server.serve_folder(SITES / "mueller", etag='"same"')
    assert run_command(db_path, "research", fixture_server.url("/")) == 0
    capsys.readouterr()
    assert run_command(db_path, "refresh", "1") == 0
    out = capsys.readouterr().out
    assert "0 new or changed" in out and "8 unchanged" in out
    assert run_command(db_path, "refresh", "--all") == 0


def test_refresh_unknown_account_is_a_known_error(db_path) -> None:
    from workbench.errors import NotFound

    with pytest.raises(NotFound):
        run_command(db_path, "refresh", "nobody")


def test_max_pages_must_be_sensible(db_path, capsys) -> None:
    with pytest.raises(SystemExit):
        run_command(db_path, "research", "example.com", "--max-pages", "0")
    assert "between 1 and 100" in capsys.readouterr().err


def test_progress_bar_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Tty(), io.StringIO()
    research_cmd._Bar("Acme", tty)(3, 12, "Captured about")
    research_cmd._Bar("Acme", pipe)(3, 12, "Captured about")
    assert "3/12 Captured about" in tty.getvalue() and pipe.getvalue() == ""


def test_export_carries_research(db_path, fixture_server: FixtureServer, capsys) -> None:
    """The JSON export (the lead's dossier) carries pages, facts, people and the run."""
    from workbench.dossier import build_dossier
    from workbench.storage.database import open_database

    fixture_server.serve_folder(SITES / "acme")
    fixture_server.route("/investors", Route(body="oops", status=500))
    assert run_command(db_path, "research", fixture_server.url("/")) == 0
    db = open_database(db_path)
    try:
        dossier = json.loads(json.dumps(build_dossier(db, 1), default=str))
    finally:
        db.dispose()
    assert any(p["kind"] == "about" and "founded in 2009" in p["text"] for p in dossier["pages"])
    assert any(f["kind"] == "founded" and f["value"] == "2009" and f["source_url"]
               for f in dossier["facts"])
    assert any(p["name"] == "Priya Raman" and p["source_url"] for p in dossier["people"])
    assert dossier["feeds"] and dossier["news"]
    assert any(e["error"] == "the page answered with error 500"
               for e in dossier["last_research"]["errors"])
