"""Fixtures for the call-prep tests: the demo account, accounts with odd or no data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from workbench.accounts import create_account
from workbench.demo import load_demo
from workbench.storage.database import Database
from workbench.storage.models import Role, Stakeholder

ROOT = Path(__file__).resolve().parent.parent.parent
COMMITTEE_MODULES = ("workbench.committee.coverage", "ui.committee_map.export")
# The committee map is built on another branch. Until it is merged into this tree,
# its modules must not leak in from another checkout (an editable install can
# resolve them elsewhere): these tests then see exactly what a user of this tree
# sees. Set PREP_USE_COMMITTEE=1 to try the installed ones anyway.
COMMITTEE_HERE = (ROOT / "workbench" / "committee" / "coverage.py").exists() and (
    ROOT / "ui" / "committee_map" / "export.py").exists()
USE_COMMITTEE = COMMITTEE_HERE or os.environ.get("PREP_USE_COMMITTEE") == "1"


def block_committee_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make importing the committee's coverage and map export fail, as if absent."""
    for name in COMMITTEE_MODULES:
        monkeypatch.setitem(sys.modules, name, None)


@pytest.fixture(autouse=True)
def committee_modules_of_this_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    if not USE_COMMITTEE:
        block_committee_modules(monkeypatch)


@pytest.fixture
def without_committee_map(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback: no coverage module and no map export."""
    block_committee_modules(monkeypatch)


@pytest.fixture
def demo(db: Database) -> int:
    return load_demo(db)


def add_people(db: Database, account_id: int, people: list[dict]) -> list[int]:
    with db.session() as session:
        rows = [Stakeholder(account_id=account_id, **p) for p in people]
        session.add_all(rows)
        session.flush()
        return [r.id for r in rows]


def crowd(n: int) -> list[dict]:
    """`n` committee members with full, realistic cards."""
    roles = list(Role)
    return [{"name": f"Person Number{i:02d} Lastname", "title": f"Director of Area {i}",
             "role": roles[i % len(roles)], "attitude": (i % 5) - 2,
             "needs": "Fewer manual steps in month-end reporting and a single view of stock "
                      "across every site.",
             "dissatisfaction": "Spends two days a month reconciling spreadsheets from sites.",
             "personal_win": "Be seen as the person who fixed reporting before the audit."}
            for i in range(n)]


@pytest.fixture
def empty_account(db: Database) -> int:
    return create_account(db, "Blank Slate Inc")


def pdf_text(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    # NFKC folds the ligatures ("ﬁ") the PDF uses back into letters.
    return unicodedata.normalize("NFKC", out.replace("\u200b", ""))


def pdf_pages(path: Path) -> int:
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
