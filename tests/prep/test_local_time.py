"""Times on the sheet are in the user's time zone, and the zone is named."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from workbench.prep import calls
from workbench.prep.context import load_sheet
from workbench.prep.fit import Budget
from workbench.prep.render import DEFAULT_TEMPLATE, render_html, template_info
from workbench.storage.database import Database


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_sheet_shows_local_times_and_names_the_zone(new_york, db: Database,
                                                        demo: int) -> None:
    call_id = calls.next_call_id(db, demo)
    data = load_sheet(db, call_id)
    budget: Budget = template_info(DEFAULT_TEMPLATE).levels[0]
    html = render_html(data, DEFAULT_TEMPLATE, budget)
    # The demo's call is at 15:00 UTC: 10:00 in New York in December, named EST.
    assert "10:00 EST" in html
    assert "15:00 UTC" not in html
