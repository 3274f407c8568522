"""Feed ingestion speed: parse + dedupe + trigger tagging + storing, against feedparser alone.

Both sides read the same bytes of every feed in the shared corpus (`feeds/`), already in
memory. "feedparser alone" is `feedparser.parse` on each; "ingestion" is what
`ingest_feeds` does after the download: `parse_feed` (safety checks, plain text, UTC
dates), then `store_entries` into a fresh SQLite database (dedupe, triggers, commit per
feed). Target: ingestion at least half as fast as feedparser alone, that is at most twice
its time. The suite's row has the usual keys: the ingestion's median, feedparser alone as its
floor (the two alternate round by round), the ratio of the medians (ingestion / feedparser,
so at most 2x), a text target and `met`.

    python -m benchmarks.ingest_bench           # 5 rounds over the whole corpus
    python -m benchmarks.ingest_bench --quick   # 1 round over feeds/current
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

import feedparser

from benchmarks import harness

CORPUS = Path(os.environ.get("WORKBENCH_CORPORA")
              or Path(__file__).resolve().parent.parent.parent / "shared" / "corpora") / "feeds"
TARGET_RATIO = 0.5  # ingestion's speed at least this fraction of feedparser's alone
MAX_TIME_RATIO = 1 / TARGET_RATIO  # so its time at most this multiple of feedparser's


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


def run(quick: bool) -> list[harness.Row]:
    """`run(quick: bool) -> list[dict]`: one row, ingestion against feedparser alone (its
    floor), with a text target and `met`."""
    feeds = load_corpus(quick)
    rounds = 1 if quick else 5
    fp_times: list[float] = []
    ingest_times: list[float] = []
    stories = 0
    for n in range(rounds):
        # Alternate which goes first, as harness.side_by_side does.
        for kind in ("fp", "ingest") if n % 2 == 0 else ("ingest", "fp"):
            if kind == "fp":
                fp_times.append(feedparser_round(feeds))
            else:
                elapsed, stories = ingest_round(feeds)
                ingest_times.append(elapsed)
    speed = harness.median(fp_times) / harness.median(ingest_times)
    return [harness.row(
        f"ingestion into SQLite vs feedparser alone ({stories} stories, {len(feeds)} feeds)",
        ingest_times, floor_samples=fp_times,
        target=f"at most {MAX_TIME_RATIO:g}x feedparser alone (at least "
               f"{TARGET_RATIO:g} of its speed)", max_ratio=MAX_TIME_RATIO,
        note=f"{speed:.2f} of feedparser's speed; floor: feedparser.parse alone on the same "
             "bytes")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round over feeds/current")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"The feed corpus is not at {CORPUS}.", file=sys.stderr)
        return 2
    for row in run(args.quick):
        met = {True: "met", False: "NOT met", None: "-"}[row["met"]]
        print(f"{row['name']}: median {row['median_s']:.3f} s, feedparser alone "
              f"{row['floor_s']:.3f} s, ratio {row['ratio']:.2f}x ({row.get('note', '')}); "
              f"target {row['target']}: {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
