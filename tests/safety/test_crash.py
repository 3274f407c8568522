"""A writer killed with SIGKILL at random moments: the file opens, is whole, keeps every saved edit.

The 200-round run is `python -m benchmarks.crash_bench`; here a few rounds keep the
normal suite quick.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import crash_bench
from tests.timing import load_factor
from workbench import accounts
from workbench.storage.database import open_database

ROUNDS_IN_SUITE = 8


@pytest.mark.slow
def test_killing_a_writer_at_random_moments_never_loses_a_confirmed_edit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The kill comes within 0.5 s of the writer's start on a quiet machine; on a busy
    # one the writer gets a fraction of a core, so the window is stretched by the load
    # (else half the rounds confirmed nothing before the kill, and the test failed).
    monkeypatch.setattr(crash_bench, "MAX_KILL_DELAY_S",
                        crash_bench.MAX_KILL_DELAY_S * load_factor())
    results = crash_bench.run_rounds(ROUNDS_IN_SUITE, seed=20261122, folder=tmp_path)
    problems = {r.round: r.problems for r in results if r.problems}
    assert problems == {}
    # Every round really wrote and really confirmed edits before the kill.
    assert sum(r.confirmed for r in results) >= ROUNDS_IN_SUITE


def test_the_crash_checker_notices_a_lost_edit(db_path: Path) -> None:
    db = open_database(db_path)
    kept = accounts.create_account(db, "kept", notes="v2 text")
    db.dispose()
    clean = [["create", str(kept), "kept"], ["notes", str(kept), "1"], ["notes", str(kept), "2"]]
    assert crash_bench.check_file(db_path, clean) == []
    lost_account = [*clean, ["create", "99", "vanished"]]
    assert crash_bench.check_file(db_path, lost_account) == ["confirmed account vanished is missing"]
    lost_notes = [*clean, ["notes", str(kept), "3"]]
    assert crash_bench.check_file(db_path, lost_notes) == ["kept: notes at v2, confirmed v3"]
    # An edit in flight at the kill may have landed ...
    assert crash_bench.check_file(db_path, clean[:2], ["notes", str(kept), "2"]) == []
    # ... but an edit never announced may not.
    assert crash_bench.check_file(db_path, clean[:2]) == ["kept: notes at v2, confirmed v1"]
