"""Feed ingestion speed: parse + dedupe + trigger tagging + storing, against feedparser alone.

Both sides read the same bytes of every feed in the shared corpus (`feeds/`), already in
memory. "feedparser alone" is `feedparser.parse` on each; "ingestion" is what
`ingest_feeds` does after the download: `parse_feed` (safety checks, plain text, UTC
dates), then `store_entries` into a fresh SQLite database (dedupe, triggers, commit per
feed). Target: ingestion at least half as fast as feedparser alone (ratio >= 0.5, where
ratio = feedparser time / ingestion time).

    python -m benchmarks.ingest_bench           # 5 rounds over the whole corpus
    python -m benchmarks.ingest_bench --quick   # 1 round over feeds/current
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import feedparser

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "feeds"
TARGET_RATIO = 0.5


def load_corpus(quick: bool) -> list[tuple[str, bytes]]:
    folder = CORPUS / "current" if quick else CORPUS
    return [(p.name, p.read_bytes()) for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "LICENSE"]


def feedparser_round(feeds: list[tuple[str, bytes]]) -> float:
    started = time.perf_counter()
    for name, data in feeds:
        feedparser.parse(io.BytesIO(data), response_headers={"content-location": "http://feeds.test/" + name},
                         sanitize_html=True, resolve_relative_uris=True)
    return time.perf_counter() - started


def ingest_round(feeds: list[tuple[str, bytes]]) -> tuple[float, int]:
    from workbench.accounts import create_account
    from workbench.research import news, triggers
    from workbench.research.feeds import FeedError, parse_feed
    from workbench.storage.database import open_database

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("WORKBENCH_HOME", tmp)  # never the user's real rules file
        db = open_database(Path(tmp) / "bench.sqlite3")
        try:
            account = create_account(db, "Bench", "bench.example")
            rules, _ = triggers.rules_or_builtin()
            with db.session() as session:
                seen = news.SeenStories.load(session, account)
            added = 0
            started = time.perf_counter()
            for name, data in feeds:
                try:
                    parsed = parse_feed(data, "http://feeds.test/" + name)
                except FeedError:
                    continue
                added += news.store_entries(db, account, None, parsed.entries, seen=seen,
                                            rules=rules)
            elapsed = time.perf_counter() - started
        finally:
            db.dispose()
    return elapsed, added


def run(quick: bool) -> list[dict[str, object]]:
    """`run(quick: bool) -> list[dict]`: rows with name, median_s, floor_s, ratio, target."""
    feeds = load_corpus(quick)
    rounds = 1 if quick else 5
    fp_times = [feedparser_round(feeds) for _ in range(rounds)]
    ingest = [ingest_round(feeds) for _ in range(rounds)]
    ingest_times = [t for t, _ in ingest]
    fp_median = statistics.median(fp_times)
    ingest_median = statistics.median(ingest_times)
    return [
        {"name": f"feedparser alone ({len(feeds)} feeds)", "median_s": fp_median,
         "floor_s": min(fp_times), "ratio": 1.0, "target": None},
        {"name": f"ingestion into SQLite ({ingest[0][1]} stories)", "median_s": ingest_median,
         "floor_s": min(ingest_times), "ratio": fp_median / ingest_median,
         "target": TARGET_RATIO},
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round over feeds/current")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"The feed corpus is not at {CORPUS}.", file=sys.stderr)
        return 2
    for row in run(args.quick):
        target = row["target"]
        verdict = "" if target is None else (
            f"  target >= {target}: {'met' if float(row['ratio']) >= float(target) else 'NOT met'}")
        print(f"{row['name']:45s} median {row['median_s']:.3f} s  floor {row['floor_s']:.3f} s  "
              f"speed ratio {row['ratio']:.2f}{verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
