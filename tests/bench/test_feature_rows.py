"""The feature owners' modules (research, ingestion) give rows like every other: a text
target, `met` as a bool, their baseline as the floor and the ratio of the medians."""

from __future__ import annotations

import pytest

from benchmarks import harness, ingest_bench, research_bench

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>
<item><title>Bench Corp closed a 20 million euro funding round</title>
<link>http://feeds.test/story/1</link><guid>1</guid>
<pubDate>Mon, 01 Jan 2024 09:00:00 GMT</pubDate>
<description>Bench Corp closed a 20 million euro funding round led by Example.</description>
</item></channel></rss>"""


def _check(row: harness.Row) -> None:
    assert harness.check_row(row) == row  # nothing had to be filled in
    assert isinstance(row["target"], str) and row["target"]
    assert isinstance(row["met"], bool)
    assert row["ratio"] == pytest.approx(row["median_s"] / row["floor_s"])


def test_ingestion_is_one_row_against_feedparser_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_bench, "load_corpus", lambda quick: [("bench.xml", FEED)])
    [row] = ingest_bench.run(quick=True)
    _check(row)
    assert row["name"] == "ingestion into SQLite vs feedparser alone (1 stories, 1 feeds)"
    assert row["met"] == (row["ratio"] <= 2.0)


def test_research_is_one_row_against_one_fetch_after_another(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def fake_round(url: str, conn: object, per_host: int, folder: object,
                   label: str) -> tuple[float, int]:
        calls.append(per_host)
        return (1.0 if per_host == 1 else 0.3), 25  # 3.3x faster: short of 4x

    monkeypatch.setattr(research_bench, "one_round", fake_round)
    [row] = research_bench.run(quick=True)
    _check(row)
    assert row["met"] is False and row["ratio"] == pytest.approx(0.3)
    assert row["floor_s"] == 1.0 and "3.33x faster" in row["note"]
    assert row["target"] == "at least 4x faster (ratio <= 0.25x)"
    # A warm-up, then the two kinds alternately, 3 rounds each.
    assert len(calls) == 7 and calls.count(1) == 3
