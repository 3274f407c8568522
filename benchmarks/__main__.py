"""`python -m benchmarks [--quick] [--json FILE]`: run every measurement and print the table.

Each measurement module exposes `run(quick: bool) -> list[dict]` (rows with the keys
of `harness.Row`). Modules are found by name; one that is not in this checkout
yet is skipped with a note, one that fails is reported and the others still run.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from benchmarks import harness

# In the order; modules written by other engineers plug in when merged.
MODULES = (
    "benchmarks.bench_coldstart",     # 1 cold start vs a bare window
    "benchmarks.bench_cli",           # 1b the command line against python3 + sqlite3
    "benchmarks.bench_account_list",  # 2 filter as the rep types, sort by each column
    "benchmarks.bench_search",        # 3 full-text search
    "benchmarks.bench_workspace",     # 4 opening a workspace (500 news, 40 people)
    "benchmarks.research_bench",      # 5 research, concurrent vs one after another
    "benchmarks.ingest_bench",        # 6 feed ingestion vs feedparser alone
    "benchmarks.prep_bench",          # 7 a prep sheet PDF with its map
    "benchmarks.map_bench",           # 8 a 60-person committee map
    "benchmarks.bench_stall",         # 9 longest event-loop stall during background work
    "benchmarks.bench_memory",        # 10 peak memory with the large database open
    "benchmarks.crash_bench",
    "benchmarks.triggers_eval",
    "benchmarks.reader_eval",
)


def discover() -> list[str]:
    """The known modules in order, then any other `bench_*.py` beside them."""
    here = Path(__file__).resolve().parent
    extra = sorted(f"benchmarks.{p.stem}" for p in here.glob("bench_*.py")
                   if f"benchmarks.{p.stem}" not in MODULES)
    return list(MODULES) + extra


def run_module(name: str, quick: bool) -> list[harness.Row]:
    if importlib.util.find_spec(name) is None:
        short = name.rsplit(".", 1)[-1]
        print(f"[skip] {short}: not in this checkout yet", file=sys.stderr)
        return [harness.unavailable(short, "-", "module not merged yet")]
    started = time.perf_counter()
    print(f"[run ] {name} ...", file=sys.stderr, flush=True)
    try:
        module = importlib.import_module(name)
        if not callable(getattr(module, "run", None)):
            # A standalone evaluation with its own command line, not a timed measurement.
            print(f"[skip] {name}: has no run(quick)", file=sys.stderr)
            return [harness.unavailable(name.rsplit(".", 1)[-1], "-",
                                        f"no run(quick); run it alone: python -m {name}")]
        rows = [harness.check_row(r) for r in module.run(quick)]
    except Exception as exc:  # noqa: BLE001 - one broken module must not hide the others
        traceback.print_exc()
        return [{"name": name.rsplit(".", 1)[-1], "median_s": None, "floor_s": None,
                 "ratio": None, "target": "-", "met": False,
                 "note": f"failed: {type(exc).__name__}: {exc}"}]
    print(f"[done] {name} in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure the workbench at a territory's scale and compare with the targets.")
    parser.add_argument("--quick", action="store_true",
                        help="a tenth of the database and fewer rounds (about a minute)")
    parser.add_argument("--json", metavar="FILE", type=Path,
                        help="also write every measurement to FILE as JSON")
    parser.add_argument("--markdown", action="store_true",
                        help="print the table as Markdown (for the README)")
    parser.add_argument("--only", metavar="NAME", action="append", default=[],
                        help="run only modules whose name contains NAME (repeatable)")
    parser.add_argument("--db", metavar="URL",
                        help="also measure on this PostgreSQL database (emptied and filled "
                             "with the territory once; give it a database of its own)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.db:
        from benchmarks.postgres_territory import SERVER_ENV

        os.environ[SERVER_ENV] = args.db
    started = time.perf_counter()
    rows: list[harness.Row] = []
    for name in discover():
        if args.only and not any(part in name for part in args.only):
            continue
        rows.extend(run_module(name, args.quick))
    seconds = time.perf_counter() - started
    if args.json:  # first: minutes of measuring must not be lost to a printing problem
        harness.write_json(args.json, rows, quick=args.quick, seconds=seconds)
        print(f"wrote {args.json}", file=sys.stderr)
    print(harness.format_markdown(rows) if args.markdown else harness.format_table(rows))
    scale = "quick (a tenth of the territory)" if args.quick else "full territory"
    print(f"\n{scale}; {seconds:.0f} s in all", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
