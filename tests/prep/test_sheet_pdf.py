"""Sheets as PDF: page counts, every part present, hostile and odd content, nothing off the page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.prep.conftest import add_people, crowd, fonts_draw, pdf_pages, pdf_text
from workbench.prep import calls
from workbench.prep.context import load_sheet
from workbench.storage.database import Database
from workbench.storage.models import Role

pytestmark = pytest.mark.usefixtures("qapp")

LONG_NOTES = ("Remember the loading dock story and the freezer aisle. " * 40)[:2000]
UNBROKEN = "https://intranet.example/" + "x" * 400


def _write(db: Database, call_id: int, path: Path, template: str, page_size: str):
    from ui.calls.sheet_document import write_sheet_pdf

    return write_sheet_pdf(load_sheet(db, call_id), path, template, page_size)


def words_off_the_page(path: Path) -> list[str]:
    """Words whose box is outside the page (or inside the margin band beyond a point)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    bad = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html,
                            re.S):
        width, height = float(page.group(1)), float(page.group(2))
        for word in re.finditer(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" '
                                r'yMax="([\d.-]+)">(.*?)</word>', page.group(3)):
            x0, y0, x1, y1 = (float(word.group(i)) for i in range(1, 5))
            # The margin is 11 mm (31 pt); text must stay well inside the paper.
            if x0 < 20 or y0 < 20 or x1 > width - 20 or y1 > height - 20:
                bad.append(word.group(5))
    return bad


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_the_demo_sheet_is_one_page_with_every_part(db: Database, demo: int, tmp_path: Path,
                                                    page_size: str) -> None:
    out = tmp_path / "demo.pdf"
    fitted = _write(db, calls.next_call_id(db, demo), out, "one_page", page_size)
    assert fitted.fits and pdf_pages(out) == 1
    text = " ".join(pdf_text(out).split())
    for part in ("Harbor Lane Logistics", "Demo call", "Objective:", "Ask for (best):",
                 "Accept at least:", "Value hypothesis:", "Reason to call (pinned)",
                 "funding", "Meridian Capital", "Who is in the room", "Marcus Oyelaran",
                 "Elena Brandt", "Champion", "Last contact", "Committee map (14 people)",
                 "Not in the room: Dana Whitfield",
                 "Company snapshot", "Founded: 1987", "What changed on their pages",
                 "1,400 people", "Questions", "Likely objections", "Talking points", "Notes",
                 "Last call (Discovery"):
        assert part in text, part
    assert words_off_the_page(out) == []


def _hostile_call(db: Database, account_id: int, n_people: int) -> int:
    people = crowd(n_people)
    people[0].update(name="<script>alert('x')</script>", needs=LONG_NOTES)
    people[1].update(name="محمد الأحمد", title="مدير العمليات")
    people[2].update(name="שרה כהן")
    people[3].update(name="王小明", title="首席信息官", role=Role.CHAMPION)
    people[4].update(name="田中 さくら", personal_win=UNBROKEN)
    ids = add_people(db, account_id, people)
    return calls.create_call(
        db, account_id, scheduled_at="2026-12-03T14:30:00+00:00", kind="discovery",
        objective="Find out <who> decides & why " + UNBROKEN, notes=LONG_NOTES,
        commitment_best=LONG_NOTES, value_hypothesis=LONG_NOTES,
        questions=[f"Question {i}: {LONG_NOTES[:300]}" for i in range(20)],
        objections=[{"objection": f"Objection {i} " + LONG_NOTES[:200], "answer": LONG_NOTES}
                    for i in range(10)],
        talking_points=[LONG_NOTES] * 8, attendee_ids=ids)


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_hostile_content_with_six_attendees_still_fits_one_page(
        db: Database, empty_account: int, tmp_path: Path, page_size: str) -> None:
    call_id = _hostile_call(db, empty_account, 6)
    out = tmp_path / "hostile.pdf"
    fitted = _write(db, call_id, out, "one_page", page_size)
    assert fitted.fits and fitted.level > 0 and pdf_pages(out) == 1
    text = " ".join(pdf_text(out).split())
    assert "<script>alert('x')</script>" in text
    for name in ("王小明", "田中", "さくら", "שרה", "כהן", "محمد", "الأحمد"):
        assert name in text or not fonts_draw(name), name
    # What was shortened says so, visibly.
    assert "more questions in the workbench" in text
    assert "more objections in the workbench" in text
    assert "..." in text  # the ellipsis, after NFKC
    assert words_off_the_page(out) == []


def test_fourteen_attendees_fit_the_detailed_sheet_in_two_pages(
        db: Database, empty_account: int, tmp_path: Path) -> None:
    call_id = _hostile_call(db, empty_account, 14)
    out = tmp_path / "detailed.pdf"
    fitted = _write(db, call_id, out, "detailed", "Letter")
    assert fitted.fits and pdf_pages(out) <= 2
    text = " ".join(pdf_text(out).split())
    assert text.count("Director of Area") == 12  # 14 cards; two have other titles
    assert words_off_the_page(out) == []


def test_fourteen_plain_attendees_fit_two_pages_on_a4(db: Database, empty_account: int,
                                                      tmp_path: Path) -> None:
    ids = add_people(db, empty_account, crowd(14))
    call_id = calls.create_call(db, empty_account, objective="Agree the pilot scope",
                                attendee_ids=ids)
    out = tmp_path / "detailed.pdf"
    assert _write(db, call_id, out, "detailed", "A4").fits and pdf_pages(out) <= 2
    assert "Person Number13 Lastname" in pdf_text(out)


def test_an_account_with_no_data_gives_a_useful_sheet(db: Database, empty_account: int,
                                                      tmp_path: Path) -> None:
    call_id = calls.create_call(db, empty_account)
    out = tmp_path / "blank.pdf"
    assert _write(db, call_id, out, "one_page", "A4").fits and pdf_pages(out) == 1
    text = " ".join(pdf_text(out).split())
    for prompt in ("No committee yet", "No attendees chosen", "No trigger event yet",
                   "No objective yet", "Nothing researched yet", "from the question bank",
                   "Date not set"):
        assert prompt in text, prompt



def _write_with_map(db: Database, call_id: int, path: Path, template: str):
    from ui.calls.map_picture import map_image
    from ui.calls.sheet_document import map_size_px, write_sheet_pdf

    data = load_sheet(db, call_id)
    picture = map_image(db, data.account_id, *map_size_px(template))
    return write_sheet_pdf(data, path, template, "A4", picture)


def test_the_paper_is_filled_before_anything_is_shortened(db: Database, demo: int,
                                                          tmp_path: Path) -> None:
    """The demo's one-page sheet has room for every flag and the whole value hypothesis."""
    call_id = calls.next_call_id(db, demo)
    path = tmp_path / "one.pdf"
    fitted = _write_with_map(db, call_id, path, "one_page")
    assert pdf_pages(path) == 1 and fitted.fits
    text = " ".join(pdf_text(path).split())
    assert "in the workbench" not in text  # no "+1 more flag in the workbench"
    hypothesis = calls.call_fields(db, call_id)["value_hypothesis"]
    assert hypothesis.rstrip(".").endswith("1.8M a year")
    assert "1.8M a year." in text  # the value hypothesis whole, to its last word


def test_the_detailed_sheet_shows_the_map_across_the_page(db: Database, demo: int,
                                                          tmp_path: Path) -> None:
    from ui.calls.sheet_document import map_size_px

    width, height = map_size_px("detailed")
    assert width >= 700 * 3  # across the page at print resolution, not a 380 px thumbnail
    path = tmp_path / "detailed.pdf"
    _write_with_map(db, calls.next_call_id(db, demo), path, "detailed")
    assert pdf_pages(path) == 2
    assert "The buying committee (14 people)" in pdf_text(path)
