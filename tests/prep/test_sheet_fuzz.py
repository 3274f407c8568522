"""Odd content of every kind still gives a one-page sheet with nothing off the paper."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.prep.conftest import add_people, pdf_pages
from tests.prep.test_sheet_pdf import words_off_the_page
from workbench.accounts import create_account
from workbench.prep import calls
from workbench.prep.context import load_sheet
from workbench.storage.database import Database

# Any printable text: scripts of every direction, symbols, markup-looking strings.
ODD = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), max_size=600)
_counter = itertools.count()


@pytest.mark.slow
@pytest.mark.usefixtures("qapp")
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(ODD.filter(lambda s: s.strip()), min_size=0, max_size=6),
       body=ODD, items=st.lists(ODD, max_size=12))
def test_odd_content_fits_one_page(db: Database, tmp_path: Path, names: list[str], body: str,
                                   items: list[str]) -> None:
    from ui.calls.sheet_document import write_sheet_pdf

    account = create_account(db, f"Fuzz {next(_counter)}")
    ids = add_people(db, account, [{"name": n[:200], "title": body[:300], "needs": body,
                                    "dissatisfaction": body, "personal_win": body}
                                   for n in names])
    call_id = calls.create_call(
        db, account, objective=body, commitment_best=body, value_hypothesis=body, notes=body,
        questions=items, talking_points=items,
        objections=[{"objection": i, "answer": body} for i in items if i.strip()],
        attendee_ids=ids)
    out = tmp_path / "fuzz.pdf"
    fitted = write_sheet_pdf(load_sheet(db, call_id), out, "one_page", "Letter")
    assert fitted.fits and pdf_pages(out) == 1
    assert words_off_the_page(out) == []
