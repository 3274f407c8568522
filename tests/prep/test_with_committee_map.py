"""The demo sheet with the real committee map and coverage flags."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.prep.conftest import pdf_pages, pdf_text
from tests.prep.test_sheet_pdf import words_off_the_page
from workbench.prep import calls
from workbench.prep.context import load_sheet
from workbench.storage.database import Database

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.mark.parametrize("template, page_size, max_pages", [
    ("one_page", "A4", 1), ("one_page", "Letter", 1), ("detailed", "Letter", 2)])
def test_the_demo_sheet_shows_the_map_and_its_coverage(
        db: Database, demo: int, tmp_path: Path, template: str, page_size: str,
        max_pages: int) -> None:
    from ui.calls.map_picture import map_image
    from ui.calls.sheet_document import map_size_px, write_sheet_pdf

    data = load_sheet(db, calls.next_call_id(db, demo))
    assert data.coverage is not None
    picture = map_image(db, demo, *map_size_px(template))
    assert picture is not None and not picture.isNull()
    out = tmp_path / "sheet.pdf"
    fitted = write_sheet_pdf(data, out, template, page_size, picture)
    assert fitted.fits and pdf_pages(out) <= max_pages
    text = " ".join(pdf_text(out).split())
    assert "Coverage:" in text and "No committee map yet" not in text
    assert words_off_the_page(out) == []
    if shutil.which("pdfimages"):
        listing = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True,
                                 text=True, check=True).stdout.splitlines()[2:]
        # The 14-person demo map may not fit a Letter page next to six attendees:
        # then the sheet says so instead of losing it silently.
        assert len(listing) == 1 or "Map left out to fit the page" in text
