"""`workbench touches`, `workbench touch log` and `workbench campaign enrol` through the parser."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import icalendar
import pytest

from tests.campaigns.conftest import Committee
from tests.helpers import run_command
from workbench import errors
from workbench.storage.database import Database


def test_enrol_list_log_and_ics(db: Database, db_target: Path | str, committee: Committee,
                                tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_command(db_target, "campaign", "enrol", "Northwind Freight",
                       "--template", "tier b: standard", "--person", "Bea",
                       "--start", "2026-11-23") == 0
    assert "Enrolled 1 person from Northwind Freight in “Tier B: standard”" in \
        capsys.readouterr().out
    assert run_command(db_target, "touches", "--date", "2026-11-23", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["person"], r["channel"]) for r in rows] == [("Bea Buyer", "phone"),
                                                           ("Bea Buyer", "email")]
    assert run_command(db_target, "touch", "log", "bea buyer", "--channel", "phone",
                       "--outcome", "voicemail", "--note", "left a message") == 0
    assert "The campaign step due is done" in capsys.readouterr().out
    out = tmp_path / "week.ics"
    assert run_command(db_target, "touches", "--due", "week", "--date", "2026-11-23",
                       "--ics", str(out)) == 0
    text = capsys.readouterr().out
    assert "Wrote 2 events" in text
    assert "Second call · Thu 26 Nov" in text and "Introduction email · today" in text
    assert "Introduction call" not in text            # logged: no longer due
    events = list(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert sorted(e.decoded("dtstart") for e in events) == [date(2026, 11, 23),
                                                            date(2026, 11, 26)]


def test_an_ambiguous_person_is_refused_with_the_choices(db_target: Path | str, committee: Committee,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    with pytest.raises(errors.InvalidInput, match="several people"):
        run_command(db_target, "touch", "log", "a", "--channel", "phone", "--outcome",
                    "connected")
    with pytest.raises(errors.InvalidInput, match="back"):
        run_command(db_target, "touch", "log", "Una", "--channel", "email", "--outcome",
                    "out_of_office")
