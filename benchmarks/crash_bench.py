"""Kill a writing workbench with SIGKILL at random moments; every time, nothing confirmed is lost.

A child process makes edits through the core (new accounts, notes edits,
committee members with their lines, deletions), printing each edit to a pipe
only after the call that saved it returned, exactly when the user would be told
"saved". The parent kills it at a random moment, then opens the file, runs
`PRAGMA integrity_check` and looks for every confirmed edit.

    python -m benchmarks.crash_bench [--quick] [--rounds N] [--seed S]

`run(quick)` returns rows in the benchmark suite's shape (name, median_s, ...).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FULL_ROUNDS = 200
QUICK_ROUNDS = 20
ROUNDS_PER_FILE = 25  # a fresh file now and then keeps the integrity check quick
MAX_KILL_DELAY_S = 0.5


# --- the child: a program writing edits as a user would --------------------------------

def child_main(db_path: str, seed: int, tag: str) -> None:
    """Write edits forever; print each one after it is saved."""
    from sqlalchemy import event

    from workbench import accounts
    from workbench.storage.database import open_database
    from workbench.storage.models import RelationKind, Relationship, Stakeholder

    rng = random.Random(seed)
    db = open_database(db_path)
    if rng.random() < 0.5:
        # Half the rounds checkpoint the WAL often, so some kills land mid-checkpoint.
        db.engine.dispose()
        event.listen(db.engine, "connect",
                     lambda conn, _rec: conn.execute("PRAGMA wal_autocheckpoint=16"))
    mine: list[tuple[int, str]] = []
    version: dict[int, int] = {}
    print("ready", flush=True)
    for i in range(100_000):
        op = rng.choice(("create", "create", "notes", "notes", "notes", "person", "delete"))
        if op in ("notes", "person", "delete") and not mine:
            op = "create"
        if op == "create":
            print("try create", flush=True)
            name = f"{tag}-{i}"
            pad = "x" * rng.randint(100, 24_000)
            account_id = accounts.create_account(db, name, notes=f"v0 {pad}")
            mine.append((account_id, name))
            version[account_id] = 0
            print(f"create {account_id} {name}", flush=True)
        elif op == "notes":
            account_id, _name = rng.choice(mine)
            version[account_id] += 1
            print(f"try notes {account_id} {version[account_id]}", flush=True)
            accounts.update_account(
                db, account_id, notes=f"v{version[account_id]} " + "y" * rng.randint(10, 16_000))
            print(f"notes {account_id} {version[account_id]}", flush=True)
        elif op == "person":
            account_id, _name = rng.choice(mine)
            print(f"try person {account_id} {tag}-p{i}", flush=True)
            with db.session() as session:
                a = Stakeholder(account_id=account_id, name=f"{tag}-p{i}a")
                b = Stakeholder(account_id=account_id, name=f"{tag}-p{i}b")
                session.add_all([a, b])
                session.flush()
                session.add(Relationship(account_id=account_id, source_id=a.id,
                                         target_id=b.id, kind=RelationKind.REPORTS_TO))
            print(f"person {account_id} {tag}-p{i}", flush=True)
        else:
            account_id, name = mine.pop(rng.randrange(len(mine)))
            print(f"try delete {account_id} {name}", flush=True)
            accounts.delete_account(db, account_id)
            print(f"delete {account_id} {name}", flush=True)


# --- the parent: kill, open, check ---------------------------------------------------

@dataclass
class RoundResult:
    """One kill and what the reopened file held."""

    round: int
    confirmed: int
    problems: list[str] = field(default_factory=list)
    reopen_s: float = 0.0


def _confirmed_lines(raw: bytes) -> tuple[list[list[str]], list[str] | None]:
    """The confirmed edits, and the edit in flight when the kill came (if any).

    The child announces each edit (`try ...`) before making it and confirms it
    after; only whole lines count, since a line cut by the kill was never shown.
    """
    text = raw.decode("utf-8", "replace")
    complete = text[: text.rfind("\n") + 1]
    confirmed: list[list[str]] = []
    in_flight: list[str] | None = None
    for line in complete.splitlines():
        words = line.split()
        if not words or words == ["ready"]:
            continue
        if words[0] == "try":
            in_flight = words[1:]
        else:
            confirmed.append(words)
            in_flight = None
    return confirmed, in_flight


def check_file(db_path: Path, lines: list[list[str]],
               in_flight: list[str] | None = None) -> list[str]:
    """What is wrong with the file after the kill (empty: nothing).

    The edit in flight at the kill may or may not have landed: both are right.
    """
    from workbench.errors import KnownError
    from workbench.storage.database import open_database

    problems: list[str] = []
    try:
        open_database(db_path).dispose()
    except KnownError as exc:
        return [f"does not open: {exc}"]
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        verdict = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if verdict != ["ok"]:
            return [f"integrity_check: {verdict[:3]}"]
        names = dict(conn.execute("SELECT id, name FROM account"))
        notes = {i: n.split(" ", 1)[0] for i, n in conn.execute("SELECT id, notes FROM account")}
        people = {r[0] for r in conn.execute("SELECT name FROM stakeholder")}
        lines_count = conn.execute("SELECT count(*) FROM relationship").fetchone()[0]
    finally:
        conn.close()
    # Replay the confirmed edits: SQLite reuses the id of a deleted last row, so
    # accounts are followed by name, and only while they are alive.
    alive: dict[int, str] = {}
    version: dict[int, int] = {}
    members: dict[int, list[str]] = {}
    gone: list[str] = []
    for line in lines:
        kind, account_id = line[0], int(line[1])
        if kind == "create":
            alive[account_id], version[account_id], members[account_id] = line[2], 0, []
        elif kind == "notes":
            version[account_id] = int(line[2])
        elif kind == "person":
            members[account_id].append(line[2])
        elif kind == "delete":
            del alive[account_id]
            gone.append(line[2])
    present = set(names.values())
    flight_kind = in_flight[0] if in_flight else ""
    flight_id = int(in_flight[1]) if in_flight and len(in_flight) > 1 else None
    for account_id, name in alive.items():
        if flight_kind == "delete" and flight_id == account_id and account_id not in names:
            continue  # the deletion in flight landed
        if names.get(account_id) != name:
            problems.append(f"confirmed account {name} is missing")
            continue
        stored = int(notes[account_id].lstrip("v"))
        allowed = {version[account_id]}
        if flight_kind == "notes" and flight_id == account_id:
            allowed.add(version[account_id] + 1)
        if stored not in allowed:
            problems.append(f"{name}: notes at v{stored}, confirmed v{version[account_id]}")
        for member in members[account_id]:
            if f"{member}a" not in people or f"{member}b" not in people:
                problems.append(f"confirmed committee members {member} are missing")
    problems += [f"confirmed deletion of {name} was undone" for name in gone if name in present]
    if lines_count * 2 > len(people):
        problems.append("a line on the map outlived its people")
    return problems


def run_round(db_path: Path, index: int, rng: random.Random) -> RoundResult:
    """Start a writer, kill it at a random moment, check the file."""
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.crash_bench", "--child", str(db_path),
         str(rng.randrange(1 << 30)), f"r{index}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None
    first = child.stdout.readline()
    if first.strip() != b"ready":
        child.kill()
        _out, err = child.communicate()
        return RoundResult(index, 0, [f"writer did not start: {err.decode()[-500:]}"])
    time.sleep(rng.uniform(0.0, MAX_KILL_DELAY_S))
    os.kill(child.pid, signal.SIGKILL)
    out, err = child.communicate()
    lines, in_flight = _confirmed_lines(out)
    if child.returncode != -signal.SIGKILL:
        return RoundResult(index, len(lines), [f"writer ended by itself: {err.decode()[-500:]}"])
    started = time.perf_counter()
    problems = check_file(db_path, lines, in_flight)
    return RoundResult(index, len(lines), problems, time.perf_counter() - started)


def run_rounds(rounds: int, seed: int = 1, folder: Path | None = None) -> list[RoundResult]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="crash-bench-", dir=folder) as tmp:
        results = []
        for index in range(rounds):
            db_path = Path(tmp) / f"crash-{index // ROUNDS_PER_FILE}.sqlite3"
            results.append(run_round(db_path, index, rng))
        return results


def summarise(results: list[RoundResult], seconds: float) -> dict[str, Any]:
    failed = [r for r in results if r.problems]
    reopen = [r.reopen_s for r in results if not r.problems] or [0.0]
    return {
        "name": "crash: SIGKILL while writing, then reopen",
        "median_s": statistics.median(reopen),
        "floor_s": None,
        "ratio": None,
        "target": "every round: opens, integrity_check ok, every confirmed edit kept",
        "met": not failed,
        "rounds": len(results),
        "note": (f"{len(results) - len(failed)}/{len(results)} rounds clean; "
                 f"{sum(r.confirmed for r in results)} confirmed edits checked; "
                 f"{seconds:.0f} s in all; median_s is reopen+check time"
                 + (f"; first failure: round {failed[0].round}: {failed[0].problems[:2]}"
                    if failed else "")),
    }


def run(quick: bool) -> list[dict[str, Any]]:
    started = time.perf_counter()
    results = run_rounds(QUICK_ROUNDS if quick else FULL_ROUNDS)
    return [summarise(results, time.perf_counter() - started)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=3, metavar=("DB", "SEED", "TAG"), help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.child:
        child_main(args.child[0], int(args.child[1]), args.child[2])
        return 0
    rounds = args.rounds or (QUICK_ROUNDS if args.quick else FULL_ROUNDS)
    started = time.perf_counter()
    results = run_rounds(rounds, args.seed)
    row = summarise(results, time.perf_counter() - started)
    print(json.dumps(row, indent=2))
    return 0 if row["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
