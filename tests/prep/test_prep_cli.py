"""`workbench prep ACCOUNT --pdf OUT`: the headless sheet, through the registered command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import run_command
from tests.prep.conftest import pdf_pages, pdf_text
from workbench import errors
from workbench.accounts import create_account
from workbench.demo import load_demo
from workbench.prep import calls
from workbench.storage.database import open_database

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def demo_db(db_path: Path, migrated_copy: Callable[[Path], Path]) -> Path:
    db = open_database(migrated_copy(db_path))
    load_demo(db)
    db.dispose()
    return db_path


def test_prep_writes_the_next_calls_sheet(demo_db: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sheet.pdf"
    assert run_command(demo_db, "prep", "harborlane.example", "--pdf", str(out),
               "--page-size", "Letter") == 0
    assert pdf_pages(out) == 1
    assert "Show that one platform can run Toledo" in " ".join(pdf_text(out).split())
    assert "1 page, Letter, one_page" in capsys.readouterr().err


def test_prep_takes_a_call_and_a_template(demo_db: Path, tmp_path: Path) -> None:
    db = open_database(demo_db)
    past = calls.list_calls(db, 1)[-1].id
    db.dispose()
    out = tmp_path / "past.pdf"
    assert run_command(demo_db, "prep", "Harbor Lane Logistics", "--call", str(past), "--pdf",
               str(out), "--template", "detailed") == 0
    text = " ".join(pdf_text(out).split())
    assert "Discovery call" in text and "detailed sheet" in text


def test_prep_refuses_what_it_cannot_do_with_clear_messages(demo_db: Path,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    with pytest.raises(errors.NotFound, match="no sheet template “fancy”"):
        run_command(demo_db, "prep", "1", "--pdf", str(out), "--template", "fancy")
    db = open_database(demo_db)
    other = create_account(db, "Quiet Co")
    foreign = calls.create_call(db, other)
    create_account(db, "Never Called Ltd")
    db.dispose()
    with pytest.raises(errors.InvalidInput, match=f"Call {foreign} is not a call with Harbor"):
        run_command(demo_db, "prep", "1", "--call", str(foreign), "--pdf", str(out))
    with pytest.raises(errors.NotFound, match="Never Called Ltd has no calls yet"):
        run_command(demo_db, "prep", "Never Called Ltd", "--pdf", str(out))
    with pytest.raises(errors.InvalidInput, match="does not exist"):
        run_command(demo_db, "prep", "1", "--pdf", str(tmp_path / "missing" / "x.pdf"))
    assert not out.exists()


def test_prep_through_the_workbench_command(demo_db: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """As `workbench --db X prep ...` runs once the entry point is installed."""
    import types

    from ui.calls.cli import register
    from workbench import cli

    monkeypatch.setattr(cli, "_plugin_commands",
                        lambda: [types.SimpleNamespace(name="prep", load=lambda: register)])
    out = tmp_path / "cli.pdf"
    assert cli.main(["--db", str(demo_db), "prep", "harborlane.example", "--pdf", str(out),
                     "--page-size", "A4"]) == 0
    assert pdf_pages(out) == 1
    assert cli.main(["--db", str(demo_db), "prep", "nobody", "--pdf", str(out)]) == 1
    assert "No account matches “nobody”" in capsys.readouterr().err
