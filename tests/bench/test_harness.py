"""The harness's arithmetic and output, and the runner that gathers every module's rows."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from benchmarks import __main__ as runner
from benchmarks import harness


def test_median_spread_and_ratio() -> None:
    assert harness.median([3.0, 1.0, 2.0]) == 2.0
    assert harness.median([1.0, 2.0, 3.0, 10.0]) == 2.5
    assert harness.spread([1.0, 2.0, 3.0, 4.0, 5.0]) == pytest.approx(2.0)
    assert harness.spread([7.0]) == 0.0
    assert harness.ratio(0.6, 0.15) == pytest.approx(4.0)
    assert harness.ratio(0.6, None) is None
    assert harness.ratio(0.6, 0.0) is None
    with pytest.raises(ValueError):
        harness.median([])


def test_a_row_is_met_by_its_median_not_its_worst_round() -> None:
    row = harness.row("filter", [0.010, 0.020, 0.500], target="median < 30 ms", limit_s=0.030)
    assert row["median_s"] == 0.020 and row["met"] is True
    assert harness.row("filter", [0.040, 0.050], target="", limit_s=0.030)["met"] is False
    assert harness.row("info", [1.0], target="(information)")["met"] is None


def test_ratio_targets_both_ways() -> None:
    cold = harness.row("cold", [0.7, 0.8, 0.9], floor_samples=[0.2, 0.2, 0.2], target="4x",
                       max_ratio=4.0)
    assert cold["ratio"] == pytest.approx(4.0) and cold["met"] is True
    slow = harness.row("cold", [0.9], floor_samples=[0.2], target="4x", max_ratio=4.0)
    assert slow["met"] is False
    research = harness.row("research", [0.5], floor_samples=[2.5], target="4x faster",
                           min_ratio=4.0)
    assert research["met"] is True
    assert harness.row("research", [1.0], floor_samples=[2.5], target="",
                       min_ratio=4.0)["met"] is False


def test_side_by_side_alternates_and_keeps_the_rounds_apart() -> None:
    calls: list[str] = []
    got, base = harness.side_by_side(lambda: calls.append("t"), lambda: calls.append("f"),
                                     rounds=4, warmup=1)
    assert len(got) == len(base) == 4
    assert calls == ["t", "f", "t", "f", "f", "t", "t", "f", "f", "t"]


def test_the_table_shows_each_figure_and_flags_a_miss() -> None:
    rows = [harness.row("search: per keystroke", [0.012], target="median < 30 ms",
                        limit_s=0.03),
            harness.row("workspace: open", [0.2], target="median < 150 ms", limit_s=0.15),
            harness.row("peak memory (MB)", [212.0], target="< 300 MB", limit_s=300),
            harness.unavailable("cold start", "4x", "ui.app is not in this checkout yet")]
    table = harness.format_table(rows)
    assert "12.0 ms" in table and "200.0 ms" in table and "212 MB" in table
    assert " NO" in table and "yes" in table
    assert "cold start: not available: ui.app is not in this checkout yet" in table
    markdown = harness.format_markdown(rows)
    assert markdown.splitlines()[len(rows) + 1].startswith("| cold start |")
    assert "**no**" in markdown
    assert markdown.endswith("- cold start: not available: ui.app is not in this checkout yet")


def test_json_holds_every_agreed_key(tmp_path: Path) -> None:
    rows = [harness.row("x", [0.5], floor_samples=[0.25], target="2x", max_ratio=2.0)]
    out = tmp_path / "out" / "bench.json"
    harness.write_json(out, rows, quick=True, seconds=1.5)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["quick"] is True
    [result] = document["results"]
    assert {k: result[k] for k in harness.ROW_KEYS} == {
        "name": "x", "median_s": 0.5, "floor_s": 0.25, "ratio": 2.0, "target": "2x",
        "met": True}


def test_rows_from_other_modules_are_checked() -> None:
    with pytest.raises(TypeError, match="lacks"):
        harness.check_row({"name": "ingest", "floor_s": 1.0})
    filled = harness.check_row({"name": "feedparser alone", "median_s": 1.0})
    assert {k: filled[k] for k in harness.ROW_KEYS} == {
        "name": "feedparser alone", "median_s": 1.0, "floor_s": None, "ratio": None,
        "target": "-", "met": None}
    assert harness.check_row({"name": "research", "median_s": 1.0, "target": 4.0})["target"] == "4.0"
    with pytest.raises(TypeError, match="must be a dict"):
        harness.check_row(["ingest"])


def test_the_runner_skips_missing_modules_and_survives_a_broken_one(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    good = types.ModuleType("benchmarks.fake_good")
    good.run = lambda quick: [{"name": "fake", "median_s": 0.001, "floor_s": None,  # type: ignore[attr-defined]
                               "ratio": None, "target": "-", "met": None}]
    bad = types.ModuleType("benchmarks.fake_bad")

    def explode(quick: bool) -> list[dict[str, object]]:
        raise RuntimeError("boom")

    bad.run = explode  # type: ignore[attr-defined]
    standalone = types.ModuleType("benchmarks.fake_eval")
    standalone.__spec__ = types.SimpleNamespace(name="benchmarks.fake_eval")  # type: ignore[assignment]
    monkeypatch.setitem(sys.modules, "benchmarks.fake_eval", standalone)
    monkeypatch.setitem(sys.modules, "benchmarks.fake_good", good)
    monkeypatch.setitem(sys.modules, "benchmarks.fake_bad", bad)
    good.__spec__ = types.SimpleNamespace(name="benchmarks.fake_good")  # type: ignore[assignment]
    bad.__spec__ = types.SimpleNamespace(name="benchmarks.fake_bad")  # type: ignore[assignment]
    monkeypatch.setattr(runner, "MODULES", ("benchmarks.fake_good", "benchmarks.not_merged_yet",
                                            "benchmarks.fake_bad", "benchmarks.fake_eval"))
    monkeypatch.setattr(runner, "discover", lambda: list(runner.MODULES))
    assert runner.main(["--quick"]) == 0
    out = capsys.readouterr()
    assert "fake" in out.out
    assert "not_merged_yet: not available: module not merged yet" in out.out
    assert "fake_bad: failed: RuntimeError: boom" in out.out
    assert "fake_eval: not available: no run(quick)" in out.out
