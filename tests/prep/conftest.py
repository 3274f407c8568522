"""Fixtures for the call-prep tests: the demo account, accounts with odd or no data."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from workbench.accounts import create_account
from workbench.storage.database import Database
from workbench.storage.models import Role, Stakeholder

ROOT = Path(__file__).resolve().parent.parent.parent
@pytest.fixture
def demo(db: Database, demo_copy) -> int:
    return demo_copy(db)  # load_demo(db), copied


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


def fonts_draw(text: str) -> bool:
    """Some installed font has a glyph for every character of ``text`` (a sheet can show
    a name only in a font that has its letters: a machine without a CJK font draws
    Chinese names as empty boxes, which no test of the program can change)."""
    from PySide6.QtGui import QFont, QFontDatabase, QRawFont

    return any(all(QRawFont.fromFont(QFont(family)).supportsCharacter(ord(ch)) for ch in text)
               for family in QFontDatabase.families())


def pdf_pages(path: Path) -> int:
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
