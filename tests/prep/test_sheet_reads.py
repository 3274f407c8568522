"""A sheet reads its committee once: the coverage and the map come from that read, and an
unchanged map is drawn once for the preview, the print and the PDF."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from ui.calls import map_picture
from ui.calls.sheet_document import map_size_px
from workbench.committee import records
from workbench.committee.records import load_committee
from workbench.prep import calls, context
from workbench.prep.committee_view import coverage_view
from workbench.prep.context import diff_lines, load_sheet
from workbench.storage.database import Database

pytestmark = pytest.mark.usefixtures("qapp")


def test_the_sheet_reads_the_committee_once_and_maps_it_from_that_read(
        db: Database, demo: int, monkeypatch: pytest.MonkeyPatch) -> None:
    call_id = calls.next_call_id(db, demo)
    assert call_id is not None
    reads: list[int] = []
    real = records.load_committee
    monkeypatch.setattr(records, "load_committee",
                        lambda db_, account_id: reads.append(account_id) or real(db_, account_id))
    data = load_sheet(db, call_id)
    assert data.committee == real(db, demo)  # the same committee a separate read gives
    assert data.coverage == coverage_view(db, demo, data.today)
    reads.clear()
    drawn: list[object] = []

    def render(_db, _account_id, width, height=None, *, today=None, committee=None):
        drawn.append(committee)
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("#336699"))
        return image

    monkeypatch.setattr(map_picture, "render_map_image", render)
    map_picture.forget_pictures()
    width, height = map_size_px("one_page")
    first = map_picture.sheet_map(db, data, width, height)
    again = map_picture.sheet_map(db, load_sheet(db, call_id), width, height)
    assert first is not None and again is not None and drawn == [data.committee]
    assert reads == []  # neither the sheet nor its map read the committee on their own
    # A changed committee is drawn afresh.
    changed = load_sheet(db, call_id)
    assert changed.committee is not None
    person = changed.committee.people[0]
    changed.committee = records.Committee(
        changed.committee.account_id, changed.committee.account_name,
        (records.Person(person.id, person.name + " Jr."), *changed.committee.people[1:]),
        changed.committee.lines, changed.committee.required_roles_text)
    map_picture.sheet_map(db, changed, width, height)
    assert len(drawn) == 2
    map_picture.forget_pictures()
    assert load_committee(db, demo) == data.committee


def test_changed_page_lines_are_whole_lines_added_and_removed() -> None:
    assert diff_lines("A\nB\nC", "A\nC\nD") == (["D"], ["B"])
    assert diff_lines("Intro\nOld price 10\nTeam", "Intro\nNew price 12\nTeam") == (
        ["New price 12"], ["Old price 10"])
    assert diff_lines("A\nB", "B\nA") == (["B"], ["B"])  # moved: gone here, come there
    assert context.diff_lines("same\ntext", "same\ntext") == ([], [])
