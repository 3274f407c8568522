"""The map benchmark runs and reports rows the shared table understands."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_the_map_benchmark_reports_its_rows(qapp) -> None:
    from benchmarks import map_bench

    rows = map_bench.run(quick=True)
    assert len(rows) == 4
    for row in rows:
        assert {"name", "median_s", "floor_s", "ratio", "target"} <= set(row)
        assert row["median_s"] > 0 and row["floor_s"] is not None
