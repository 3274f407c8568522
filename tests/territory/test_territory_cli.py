"""`workbench signals`, `refresh --due` and `today [--pdf]` through the real parser, on the demo
and on a fixture site served on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from sqlalchemy import update

from tests.helpers import run_command
from tests.research.server import FixtureServer
from tests.territory.fixture_site import ChangingSite
from workbench import accounts
from workbench.demo import load_demo
from workbench.storage.database import open_database
from workbench.storage.models import Account
from workbench.territory.schedule import RefreshSchedule, due_accounts, save_schedule

ROOT = Path(__file__).resolve().parents[2]
TODAY_ENTRY = EntryPoint(name="today", value="ui.territory.cli:register",
                         group="workbench.commands")


@pytest.fixture
def demo_db(db_path: Path, migrated_copy: Callable[[Path], Path]) -> Path:
    db = open_database(migrated_copy(db_path))
    load_demo(db)
    db.dispose()
    return db_path


@pytest.fixture
def with_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The `today` command as the installed package declares it (pyproject's entry point),
    also where the shared environment's metadata predates it."""
    import workbench.cli as cli

    found = cli._plugin_commands()
    if not any(e.name == "today" for e in found):
        monkeypatch.setattr(cli, "_plugin_commands", lambda: sorted(
            [*found, TODAY_ENTRY], key=lambda e: e.name))


def test_pyproject_declares_the_today_command() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    commands = meta["project"]["entry-points"]["workbench.commands"]
    assert commands["today"] == TODAY_ENTRY.value


def test_signals_json_tier_since_and_why(demo_db: Path, capsys) -> None:
    assert run_command(demo_db, "signals", "--json") == 0
    signals = json.loads(capsys.readouterr().out)
    assert signals and signals == sorted(signals, key=lambda s: -s["score"])
    funding = next(s for s in signals if s["kind"] == "funding")
    assert funding["sources"] == 2 and funding["in_buying_window"]
    assert any("Tier A" in why for why in funding["why"])
    assert run_command(demo_db, "signals", "--tier", "C", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run_command(demo_db, "signals", "--since", "14d", "--json") == 0
    recent = json.loads(capsys.readouterr().out)
    assert 0 < len(recent) < len(signals)
    assert run_command(demo_db, "signals", "--why", "--limit", "1") == 0
    out = capsys.readouterr().out
    assert "buying window" in out and "halves every" in out


def test_signals_dismiss_and_mute(demo_db: Path, capsys) -> None:
    run_command(demo_db, "signals", "--json")
    signals = json.loads(capsys.readouterr().out)
    first = signals[0]
    assert run_command(demo_db, "signals", "--dismiss", str(first["id"])) == 0
    run_command(demo_db, "signals", "--json")
    capsys.readouterr()
    run_command(demo_db, "signals", "--json")
    assert all(s["id"] != first["id"] for s in json.loads(capsys.readouterr().out))
    assert run_command(demo_db, "signals", "--mute", "funding", "--account",
                       "Harbor Lane Logistics") == 0
    assert "muted" in capsys.readouterr().out
    run_command(demo_db, "signals", "--json")
    assert all(s["kind"] != "funding" for s in json.loads(capsys.readouterr().out))


def test_refresh_due_follows_the_schedule(db_path: Path, fixture_server: FixtureServer,
                                          capsys, migrated_copy) -> None:
    ChangingSite(fixture_server).first()
    db = open_database(migrated_copy(db_path))
    a = accounts.create_account(db, "Acme Robotics", fixture_server.url("/"), tier="A")
    accounts.create_account(db, "No Site Co", "", tier="A")
    assert [d.account_id for d in due_accounts(db)] == [a]  # never researched
    db.dispose()
    assert run_command(db_path, "refresh", "--due") == 0
    assert "Acme Robotics: research done" in capsys.readouterr().out
    db = open_database(db_path)
    assert due_accounts(db) == []  # tier A: daily
    later = datetime.now(UTC) + timedelta(days=1, hours=1)
    assert [d.account_id for d in due_accounts(db, now=later)] == [a]
    with db.session() as s:  # tier B is weekly
        s.execute(update(Account).values(tier="B"))
    assert due_accounts(db, now=later) == []
    assert due_accounts(db, now=later + timedelta(days=6)) != []
    db.dispose()
    save_schedule(RefreshSchedule(days={"A": 0, "B": 0, "C": 0}))
    assert run_command(db_path, "refresh", "--due") == 0
    assert "No account is due" in capsys.readouterr().out


def test_today_text_and_one_page_pdf(demo_db: Path, tmp_path: Path, capsys,
                                     with_today) -> None:
    assert run_command(demo_db, "today") == 0
    out = capsys.readouterr().out
    assert "New signals" in out and "Harbor Lane Logistics" in out
    assert "Gone quiet" in out and "Priya Raman" in out
    pdf = tmp_path / "brief.pdf"
    assert run_command(demo_db, "today", "--pdf", str(pdf), "--page-size", "A4") == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    assert pages.split()[-1] == "1"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Daily brief" in text and "Meridian" in text
