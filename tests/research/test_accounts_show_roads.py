"""`workbench accounts show` prints the same summary whether it reads the file with plain
sqlite3 or through the ORM, and the plain road imports neither SQLAlchemy nor lxml."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.research.server import FixtureServer
from workbench import accounts
from workbench.cli import account_summary, main
from workbench.demo import load_demo
from workbench.prep import calls
from workbench.research import fact_choice
from workbench.research.pipeline import run_research
from workbench.storage import plain_read
from workbench.storage.database import Database
from workbench.storage.models import Fact, Stakeholder

ROOT = Path(__file__).resolve().parent.parent.parent
SITES = ROOT / "tests" / "sites"
pytestmark = pytest.mark.sqlite_only("the plain read road is for a current SQLite file")


def shown(capsys: pytest.CaptureFixture[str], db_path: Path, ref: str) -> str:
    assert main(["--db", str(db_path), "accounts", "show", ref]) == 0
    return capsys.readouterr().out


def both_roads(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
               db_path: Path, ref: str) -> tuple[str, str]:
    """What `accounts show` prints on the plain road, then forced onto the ORM road."""
    with monkeypatch.context() as patch:
        def no_orm(*_args: object) -> None:
            raise AssertionError("a current SQLite file must not take the ORM road")

        patch.setattr(account_summary, "read_orm", no_orm)
        plain = shown(capsys, db_path, ref)
    with monkeypatch.context() as patch:
        patch.setattr(plain_read, "open_current", lambda _target: None)
        orm = shown(capsys, db_path, ref)
    return plain, orm


def test_the_demo_account_reads_the_same_both_ways(
        db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    account = load_demo(db)
    db.dispose()
    plain, orm = both_roads(monkeypatch, capsys, db_path, str(account))
    assert plain == orm
    assert "Harbor Lane Logistics" in plain and "Next call:" in plain
    assert "Phone:       +1 419-555-0100" in plain  # the chosen phone, formatted by phonenumbers


def test_a_researched_account_with_people_calls_and_a_pick_reads_the_same_both_ways(
        db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], fixture_server: FixtureServer) -> None:
    fixture_server.serve_folder(SITES / "lakeshore")
    account = accounts.create_account(db, "Lakeshore", fixture_server.url("/"))
    run_research(db, account)
    with db.session() as session:
        fact_choice.pick(session, account, "founded", "2017")
        session.add_all([Stakeholder(account_id=account, name="Dana Reyes", title="COO"),
                         Stakeholder(account_id=account, name="Sam Okafor")])
        home = fixture_server.url("/")
        session.add_all([Fact(account_id=account, kind="social", source_url=home,
                              value="https://www.linkedin.com/company/lakeshore/"),
                         Fact(account_id=account, kind="social", source_url=home,
                              value="https://linkedin.com/company/lakeshore")])
    now = datetime.now(UTC).replace(microsecond=0)
    calls.create_call(db, account, kind="discovery", scheduled_at=now - timedelta(days=4),
                      objective="Past call")
    soon = calls.create_call(db, account, kind="follow_up",
                             scheduled_at=now + timedelta(days=2), objective="Agree the pilot")
    calls.create_call(db, account, kind="demo", scheduled_at=now + timedelta(days=9))
    calls.create_call(db, account, kind="proposal")  # being planned: no date yet
    db.dispose()

    plain, orm = both_roads(monkeypatch, capsys, db_path, "Lakeshore")
    assert plain == orm
    lines = plain.splitlines()
    assert f"Follow up (id {soon}): Agree the pilot" in plain  # the soonest upcoming call
    assert any(line.startswith("  Holds:") and "2 people on the committee, 4 calls" in line
               for line in lines)
    assert "  Founded:     2017" in lines  # the rep's pick wins over the structured data
    # One number written four ways is one phone; the description is the home page's.
    assert [line for line in lines if line.startswith("  Phone:")] == [
        "  Phone:       +1 617-555-0100"]
    assert not any("Open jobs" in line for line in lines)
    assert [line for line in lines if line.startswith("  Social:")] == [
        "  Social:      https://www.linkedin.com/company/lakeshore/"]  # one profile, two ways


def test_accounts_show_imports_neither_sqlalchemy_nor_lxml(
        db: Database, db_path: Path) -> None:
    load_demo(db)
    db.dispose()
    probe = ("import sys\nfrom workbench.cli import main\ncode = main(sys.argv[1:])\n"
             "print('HEAVY', sorted(m for m in sys.modules if m.split('.')[0] in "
             "('sqlalchemy', 'lxml', 'alembic')), code)")
    done = subprocess.run([sys.executable, "-c", probe, "--db", str(db_path), "accounts", "show",
                           "harborlane.example"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=False)
    assert "Phone:" in done.stdout and "Next call:" in done.stdout, done.stderr
    assert "HEAVY [] 0" in done.stdout, done.stdout[-500:]
