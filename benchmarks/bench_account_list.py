"""Measurement 2: the account list at a territory's scale: loading it, filtering it as the rep
types, sorting it by each column.

Two levels. The core level times `list_accounts` (against the bare read of the
same rows with sqlite3, its floor), a filter over the loaded rows and a sort by
each column. The Qt level runs the same keystrokes and sorts through the
program's `ui.accounts_model` in a view (`qt_list`), until the view has repainted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from benchmarks import generate, harness
from workbench.accounts import AccountRow, list_accounts
from workbench.storage.database import open_database

TARGET_S = 0.030
_NEVER = datetime.min.replace(tzinfo=UTC)
COLUMNS: tuple[tuple[str, Callable[[AccountRow], Any]], ...] = (
    ("name", lambda r: r.name.casefold()),
    ("domain", lambda r: r.domain),
    ("tier", lambda r: r.tier),
    ("stage", lambda r: r.stage),
    ("last researched", lambda r: r.last_researched_at or _NEVER),
    ("next call", lambda r: (r.next_call_at is None, r.next_call_at or _NEVER)),
)


def typed_queries(rows: Sequence[AccountRow]) -> list[str]:
    """What a rep types: a whole company name, part of one, a legal form, a domain piece."""
    middle = rows[len(rows) // 2]
    return ["northwind", middle.name.split(" ")[0].lower(), "gmbh", middle.domain[:6]]


def filter_rows(rows: Sequence[AccountRow], typed: str) -> list[AccountRow]:
    needle = typed.casefold()
    return [r for r in rows if needle in r.name.casefold() or needle in r.domain]


def _raw_read(path: str) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("SELECT id, name, domain, tier, stage, last_researched_at FROM account "
                     "ORDER BY lower(name)").fetchall()
    finally:
        conn.close()


def run(quick: bool) -> list[harness.Row]:
    path = generate.territory(quick)
    db = open_database(path)
    rounds = 5 if quick else 9
    try:
        loaded, floor = harness.side_by_side(lambda: list_accounts(db),
                                              lambda: _raw_read(str(path)), rounds)
        rows_ = list_accounts(db)
        result = [harness.row(f"account list: load {len(rows_)} rows", loaded, floor_samples=floor,
                              target="(information; floor: bare sqlite3 read)")]
        per_key = [harness.timed(lambda p=prefix: filter_rows(rows_, p))
                   for _ in range(rounds) for typed in typed_queries(rows_)
                   for prefix in _keystrokes(typed)]
        result.append(harness.row("account list: filter per keystroke (core)", per_key,
                                  target="median < 30 ms", limit_s=TARGET_S))
        for label, key in COLUMNS:
            sorts = harness.repeat(lambda k=key: sorted(rows_, key=k), rounds)
            result.append(harness.row(f"account list: sort by {label} (core)", sorts,
                                      target="median < 30 ms", limit_s=TARGET_S))
        result += _qt_rows(rows_, rounds)
    finally:
        db.dispose()
    return result


def _keystrokes(typed: str) -> list[str]:
    return [typed[:end] for end in range(1, len(typed) + 1)]


def _qt_rows(rows: Sequence[AccountRow], rounds: int) -> list[harness.Row]:
    try:
        from benchmarks import qt_list
    except ImportError as exc:
        return [harness.unavailable("account list: Qt model", "median < 30 ms",
                                    f"PySide6 or ui.accounts_model cannot load ({exc})")]
    return qt_list.measure(rows, typed_queries(rows), rounds, TARGET_S)
