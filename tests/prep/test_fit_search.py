"""Fitting a sheet: the search keeps a fitting sheet rich, and a sheet fitted before is
laid out once."""

from __future__ import annotations

import dataclasses

import pytest

from workbench.prep import calls
from workbench.prep.context import load_sheet
from workbench.storage.database import Database

pytestmark = pytest.mark.usefixtures("qapp")


def map_picture() -> object:
    """A committee-map-sized picture: with it the demo sheet needs the search."""
    from PySide6.QtGui import QColor, QImage

    from ui.calls.sheet_document import map_size_px

    width, height = map_size_px("one_page")
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    return image


def test_a_sheet_fitted_before_is_laid_out_once(db: Database, demo: int,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.calls import sheet_document

    monkeypatch.setattr(sheet_document, "_fit_cache", type(sheet_document._fit_cache)())
    renders: list[object] = []
    real = sheet_document.render_html

    def counting(*args: object, **kwargs: object) -> str:
        renders.append(args[2])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sheet_document, "render_html", counting)
    picture = map_picture()
    call_id = calls.next_call_id(db, demo)
    assert call_id is not None
    # Notes long enough that the most generous level does not fit: a real search.
    data = dataclasses.replace(load_sheet(db, call_id),
                               notes="Remember the loading dock story. " * 60)
    first_pdf, first = sheet_document.sheet_pdf_bytes(data, "one_page", "A4", picture)
    searched = len(renders)
    assert first.fits and first.level > 0 and searched >= 3
    renders.clear()
    again_pdf, again = sheet_document.sheet_pdf_bytes(data, "one_page", "A4", picture)
    assert again.html == first.html and again.level == first.level and again.fits
    assert len(renders) <= 2  # the key (most generous HTML) and the remembered budget
    # Other content is searched afresh, never given another sheet's budget blindly.
    renders.clear()
    longer = dataclasses.replace(data, notes=data.notes + " More to say." * 20)
    _pdf, other = sheet_document.sheet_pdf_bytes(longer, "one_page", "A4", picture)
    assert other.fits and len(renders) >= 2
    # A different page size is a different layout.
    renders.clear()
    _pdf, letter = sheet_document.sheet_pdf_bytes(data, "one_page", "Letter", picture)
    assert letter.fits and len(renders) >= 2


def test_the_search_keeps_more_than_the_level_that_fits(db: Database, demo: int) -> None:
    from ui.calls import sheet_document
    from workbench.prep.render import template_info

    picture = map_picture()
    call_id = calls.next_call_id(db, demo)
    assert call_id is not None
    data = dataclasses.replace(load_sheet(db, call_id),
                               notes="Remember the loading dock story. " * 60)
    sheet_document._fit_cache.clear()
    _pdf, fitted = sheet_document.sheet_pdf_bytes(data, "one_page", "A4", picture)
    assert fitted.fits and fitted.level > 0
    (_level, budget), = sheet_document._fit_cache.values()
    plain_level = template_info("one_page").levels[fitted.level]
    # Never leaner than the first level that fits, on any budget line.
    for field in dataclasses.fields(budget):
        value = getattr(budget, field.name)
        if isinstance(value, int) and not isinstance(value, bool):
            assert value >= getattr(plain_level, field.name)
