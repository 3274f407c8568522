"""The committee map picture on the sheet (through its adapter) and the paper size."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QColor, QImage

from tests.prep.conftest import pdf_pages, pdf_text
from ui.calls import map_picture
from ui.calls.sheet_document import locale_page_size, page_layout, write_sheet_pdf
from workbench import errors
from workbench.prep import calls
from workbench.prep.context import load_sheet
from workbench.storage.database import Database

pytestmark = pytest.mark.usefixtures("qapp")
EXPORT = "ui.committee_map.export"


def test_paper_follows_the_locale_and_refuses_unknown_sizes() -> None:
    assert locale_page_size(QLocale("en_US")) == "Letter"
    assert locale_page_size(QLocale("de_DE")) == "A4"
    with pytest.raises(errors.InvalidInput, match="A4 or Letter"):
        page_layout("A3")


def test_a_broken_map_export_does_not_stop_the_sheet(db: Database, demo: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(map_picture, "render_map_image", broken)
    assert map_picture.map_image(db, demo, 900, 500) is None


def test_the_map_picture_is_printed_on_the_sheet(db: Database, demo: int, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    asked = {}

    def render(db_, account_id, width, height=None, **_drawn_from):
        asked["size"] = (account_id, width, height)
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("#336699"))
        return image

    monkeypatch.setattr(map_picture, "render_map_image", render)
    picture = map_picture.map_image(db, demo, 990, 540)
    assert asked["size"] == (demo, 990, 540) and picture is not None
    out = tmp_path / "map.pdf"
    data = load_sheet(db, calls.next_call_id(db, demo))
    assert write_sheet_pdf(data, out, "one_page", "A4", picture).fits
    assert pdf_pages(out) == 1
    assert "No committee map yet" not in pdf_text(out)
    if not shutil.which("pdfimages"):
        pytest.skip("pdfimages (poppler-utils) is not installed")
    listing = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert len(listing) == 1
