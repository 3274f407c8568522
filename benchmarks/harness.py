"""Measuring on shared, noisy machines: rounds, medians, spread, the ratio to a floor, the table.

A measurement runs its target and its floor (the cheapest thing doing the same
job: a bare window, feedparser alone, fetches one after another) side by side,
alternating round by round, so a neighbour's load hits both alike; we quote
medians and the ratio of the medians, never a single best time.

Every module of the suite returns rows as plain dicts with the keys of `Row`, so
modules written by different people print in one table and one JSON file.
"""

from __future__ import annotations

import json
import math
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypedDict

ROW_KEYS = ("name", "median_s", "floor_s", "ratio", "target", "met")


class Row(TypedDict, total=False):
    """One line of the table: the keys every benchmark module returns (`spread_s`,
    `rounds` and `note` are optional extras)."""

    name: str
    median_s: float | None
    floor_s: float | None
    ratio: float | None
    target: str
    met: bool | None
    spread_s: float | None
    rounds: int
    note: str


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of `fn` takes (monotonic, high resolution)."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def median(samples: Sequence[float]) -> float:
    if not samples:
        raise ValueError("no samples")
    return statistics.median(samples)


def spread(samples: Sequence[float]) -> float:
    """The interquartile range: how far the middle half of the rounds spread."""
    if len(samples) < 2:
        return 0.0
    q1, _q2, q3 = statistics.quantiles(samples, n=4, method="inclusive")
    return q3 - q1


def ratio(value: float | None, floor: float | None) -> float | None:
    """`value / floor`, or None where there is no floor (or it is zero)."""
    if value is None or floor is None or floor <= 0:
        return None
    return value / floor


def side_by_side(target: Callable[[], object], floor: Callable[[], object], rounds: int,
                 warmup: int = 1) -> tuple[list[float], list[float]]:
    """Time `target` and `floor` alternately for `rounds` rounds, after `warmup` unrecorded ones.

    The order flips every round so neither always runs right after the other.
    """
    for _ in range(warmup):
        target()
        floor()
    got: list[float] = []
    base: list[float] = []
    for round_no in range(rounds):
        if round_no % 2:
            base.append(timed(floor))
            got.append(timed(target))
        else:
            got.append(timed(target))
            base.append(timed(floor))
    return got, base


def repeat(fn: Callable[[], object], rounds: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    return [timed(fn) for _ in range(rounds)]


def row(name: str, samples: Sequence[float], *, target: str, limit_s: float | None = None,
        floor_samples: Sequence[float] | None = None, max_ratio: float | None = None,
        min_ratio: float | None = None, note: str = "") -> Row:
    """A table row from raw samples.

    `limit_s`: the median must stay below it. `max_ratio`: median / floor at most
    this (cold start within 4x a bare window). `min_ratio`: floor / median at
    least this (a speed-up: concurrent research 4x faster than one after another).
    With none of them the row is information only (`met` None).
    """
    med = median(samples)
    floor = median(floor_samples) if floor_samples else None
    rat = ratio(med, floor)
    met: bool | None = None
    checks: list[bool] = []
    if limit_s is not None:
        checks.append(med < limit_s)
    if max_ratio is not None and rat is not None:
        checks.append(rat <= max_ratio)
    if min_ratio is not None and rat is not None:
        checks.append(1 / rat >= min_ratio)
    if checks:
        met = all(checks)
    result: Row = {"name": name, "median_s": med, "floor_s": floor, "ratio": rat,
                   "target": target, "met": met, "spread_s": spread(samples),
                   "rounds": len(samples)}
    if note:
        result["note"] = note
    return result


def unavailable(name: str, target: str, why: str) -> Row:
    """A row for a measurement that cannot run here yet, saying why."""
    return {"name": name, "median_s": None, "floor_s": None, "ratio": None,
            "target": target, "met": None, "note": f"not available: {why}"}


def check_row(candidate: Any) -> Row:
    """A row from another module, with the agreed keys (missing ones filled in, said so).

    A row without a name or a median is a bug in that module and raises; a row that
    only informs (a floor printed on its own line, say) may leave out `met`, `ratio`,
    `floor_s` or `target`.
    """
    if not isinstance(candidate, dict):
        raise TypeError(f"a benchmark row must be a dict, got {type(candidate).__name__}")
    missing = [key for key in ("name", "median_s") if key not in candidate]
    if missing:
        raise TypeError(f"benchmark row {candidate.get('name', '?')!r} lacks {missing}")
    row = dict(candidate)
    for key in ROW_KEYS:
        row.setdefault(key, "-" if key == "target" else None)
    # A target given as a bare number (a ratio) prints as text like every other.
    row["target"] = "-" if row["target"] is None else str(row["target"])
    return row  # type: ignore[return-value]


# --- output ----------------------------------------------------------------

def format_seconds(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.001:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def _format_value(name: str, value: float | None) -> str:
    # Memory rows carry megabytes in median_s's place; their names say so.
    if value is not None and name.endswith("(MB)"):
        return f"{value:.0f} MB"
    return format_seconds(value)


def format_table(rows: Iterable[Row]) -> str:
    """A plain-text table: measurement, median, spread, floor, ratio, target, met."""
    header = ("measurement", "median", "spread", "floor", "ratio", "target", "met")
    lines: list[tuple[str, ...]] = [header]
    notes: list[str] = []
    for item in rows:
        name = item["name"]
        met = item.get("met")
        mark = "-" if met is None else ("yes" if met else "NO")
        rat = item.get("ratio")
        lines.append((
            name, _format_value(name, item.get("median_s")),
            _format_value(name, item.get("spread_s")) if item.get("spread_s") is not None
            else "-",
            _format_value(name, item.get("floor_s")),
            f"{rat:.2f}x" if rat is not None else "-",
            str(item.get("target") or "-"), mark))
        if item.get("note"):
            notes.append(f"  {name}: {item['note']}")
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for number, line in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[i]) if i in (0, 5) else cell.rjust(widths[i])
                             for i, cell in enumerate(line)).rstrip())
        if number == 0:
            out.append("  ".join("-" * width for width in widths))
    if notes:
        out.append("")
        out.append("Notes:")
        out.extend(notes)
    return "\n".join(out)


def format_markdown(rows: Sequence[Row]) -> str:
    """The same table in Markdown, for the README, its notes listed below it."""
    out = ["| measurement | median | spread | floor | ratio | target | met |",
           "|---|---:|---:|---:|---:|---|---|"]
    for item in rows:
        name = item["name"]
        rat = item.get("ratio")
        met = item.get("met")
        out.append("| " + " | ".join((
            name, _format_value(name, item.get("median_s")),
            _format_value(name, item.get("spread_s")),
            _format_value(name, item.get("floor_s")),
            f"{rat:.2f}x" if rat is not None else "-", str(item.get("target") or "-"),
            "-" if met is None else ("yes" if met else "**no**"))) + " |")
    notes = [f"- {item['name']}: {item['note']}" for item in rows if item.get("note")]
    if notes:
        out += ["", *notes]
    return "\n".join(out)


def write_json(path: Path, rows: Sequence[Row], *, quick: bool, seconds: float) -> None:
    document = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "duration_s": round(seconds, 1),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "results": list(rows),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    # default=str: a module may put a Path or a Decimal in a row; the file must still be written.
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")
