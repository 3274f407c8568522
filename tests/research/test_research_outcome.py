"""Research finds the same as before on every fixture site (and the benchmark's site):
the same pages and captures, facts, people, news, trigger events and signals, on a first
research and on the refresh after it. The recorded outcome is
``data/research_outcome.json``; `research_outcome` says how to record it again after a
deliberate change of what research finds (never after a change made for speed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.research.research_outcome import RECORDED, SITE_NAMES, site_outcome


@pytest.mark.parametrize("site", SITE_NAMES)
def test_research_finds_what_it_found_before(site: str, tmp_path: Path, migrated_copy) -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))[site]
    migrated_copy(tmp_path / f"{site}.sqlite3")  # the fresh database site_outcome opens
    now = json.loads(json.dumps(site_outcome(site, tmp_path)))  # tuples as lists, as recorded
    for run in ("research", "refresh"):
        for part in recorded[run]:
            assert now[run][part] == recorded[run][part], f"{site}, {run}: {part} differ"
