"""Measurement 3: full-text search over pages, news, notes and stakeholders, as the rep types.

Every keystroke of a few realistic queries is one sample (a name, a trigger
phrase, an accented person, a city, a word found in most documents). For
comparison, the same words through the ILIKE fallback PostgreSQL would use:
the cost FTS5 saves.
"""

from __future__ import annotations

import random
import sqlite3
import time

from benchmarks import generate, harness
from workbench import search
from workbench.storage.database import Database, open_database

TYPED = ("northwind", "funding round", "héloïse mar", "grenoble", "platform", "appointed chief")
TARGET_S = 0.030


def keystrokes(typed: str) -> list[str]:
    """What the search box holds after each key: 'n', 'no', 'nor', ..."""
    return [typed[:end] for end in range(1, len(typed) + 1)]


def _rare_word(db: Database) -> str:
    # A word of the generated vocabulary that occurs in only a few documents.
    assert db.path is not None
    conn = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, search_news, row)")
        found = conn.execute("SELECT term FROM temp.v WHERE doc BETWEEN 3 AND 10 "
                             "AND length(term) > 6 ORDER BY term LIMIT 1").fetchone()
    finally:
        conn.close()
    return found[0] if found else "zzz"


def run(quick: bool) -> list[harness.Row]:
    db = open_database(generate.territory(quick))
    rounds = 2 if quick else 3
    try:
        typed = [*TYPED, _rare_word(db)]
        # Warm the page cache once, as a window that has been open a while would be.
        for text in typed:
            search.search(db, text)
        per_key: list[float] = []
        worst: tuple[float, str] = (0.0, "")
        for _ in range(rounds):
            for text in typed:
                for prefix in keystrokes(text):
                    seconds = harness.timed(lambda p=prefix: search.search(db, p, limit=50))
                    per_key.append(seconds)
                    worst = max(worst, (seconds, prefix))
        rows = [harness.row(
            "search: per keystroke, all kinds", per_key, target="median < 30 ms",
            limit_s=TARGET_S,
            note=f"{len(typed)} queries typed key by key; slowest {worst[0] * 1000:.0f} ms "
                 f"for {worst[1]!r}")]
        scoped: list[float] = []
        for _ in range(rounds):
            for text in typed:
                for prefix in keystrokes(text):
                    scoped.append(harness.timed(lambda p=prefix: search.search(
                        db, p, account_id=generate.BIG_ACCOUNT_ID, limit=50)))
        rows.append(harness.row("search: per keystroke, one account", scoped,
                                target="median < 30 ms", limit_s=TARGET_S))
        # Whole words, one query each: what a rep pasting a phrase waits for.
        whole = harness.repeat(lambda: [search.search(db, text) for text in typed], rounds)
        rows.append(harness.row("search: whole queries (per query)",
                                [s / len(typed) for s in whole], target="median < 30 ms",
                                limit_s=TARGET_S))
        like_words = ["grenoble"]
        like = harness.repeat(lambda: _like_all_kinds(db, like_words), 1 if quick else 2,
                              warmup=0)
        rows.append(harness.row("search without FTS5 (ILIKE fallback)", like,
                                target="(information: what FTS5 saves)",
                                note="one query through the PostgreSQL fallback on SQLite"))
    finally:
        db.dispose()
    rows.extend(_on_server(typed, rounds, quick))
    rows.append(_upkeep(rounds))
    return rows


def _on_server(typed: list[str], rounds: int, quick: bool) -> list[harness.Row]:
    """The same keystrokes on PostgreSQL (`--db URL`): tsvector + GIN (workbench.search_pg).

    Beside the wall time, the CPU time per keystroke of this process and of the server
    process answering it (read from /proc when the server runs on this machine), so a
    time inflated by a loaded machine can be told from work done.
    """
    from benchmarks import postgres_territory

    url = postgres_territory.server_url()
    if url is None:
        return []
    server = open_database(postgres_territory.load(url, generate.territory(quick)))
    rows = []
    try:
        for text in typed:
            search.search(server, text)
        for name, account_id in (("all kinds", None), ("one account", generate.BIG_ACCOUNT_ID)):
            samples: list[float] = []
            worst: tuple[float, str] = (0.0, "")
            backend_before = _backend_cpu(server)
            client_before = time.process_time()
            for _ in range(rounds):
                for text in typed:
                    for prefix in keystrokes(text):
                        seconds = harness.timed(lambda p=prefix, a=account_id: search.search(
                            server, p, account_id=a, limit=50))
                        samples.append(seconds)
                        worst = max(worst, (seconds, prefix))
            client = (time.process_time() - client_before) / len(samples)
            backend_after = _backend_cpu(server)
            cpu = f"CPU per keystroke: this process {client * 1000:.1f} ms"
            if backend_before is not None and backend_after is not None:
                cpu += f", the server {(backend_after - backend_before) / len(samples) * 1000:.1f} ms"
            rows.append(harness.row(
                f"search on PostgreSQL: per keystroke, {name}", samples,
                target="median < 30 ms", limit_s=TARGET_S,
                note=f"tsvector + GIN; {cpu}; slowest {worst[0] * 1000:.0f} ms "
                     f"for {worst[1]!r}"))
    finally:
        server.dispose()
    return rows


def _backend_cpu(db: Database) -> float | None:
    """CPU seconds the server process behind `db`'s pooled connection has used, or None
    where it cannot be read (a server on another machine, another user's process)."""
    import os

    from sqlalchemy import text

    with db.session() as session:
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    try:
        with open(f"/proc/{int(pid)}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _upkeep(rounds: int) -> harness.Row:
    """What keeping the index costs a write: 1,000 news items inserted with the FTS5
    triggers, against the same rows into a copy of the table without them."""
    import tempfile
    from pathlib import Path

    from sqlalchemy import text

    with tempfile.TemporaryDirectory() as folder:
        fresh = open_database(Path(folder) / "upkeep.sqlite3")
        try:
            with fresh.engine.begin() as conn:
                conn.execute(text("INSERT INTO account (id, name, website, industry, tier, "
                                  "stage, notes, created_at, updated_at, required_roles) VALUES "
                                  "(1, 'A', '', '', 'B', 'prepare', '', '2026-01-01 00:00:00', "
                                  "'2026-01-01 00:00:00', '')"))
                conn.execute(text("CREATE TABLE news_plain AS SELECT * FROM news_item WHERE 0"))
            words = generate.Words(random.Random(1))
            batch = [{"k": f"k{i}", "t": words.sentence(9), "s": words.sentence(30)}
                     for i in range(1000)]
            counter = iter(range(1_000_000))

            def insert(table: str) -> None:
                tag = next(counter)
                with fresh.engine.begin() as conn:
                    conn.execute(text(
                        f"INSERT INTO {table} (account_id, dedupe_key, guid, url, title, "
                        "summary, text, fetched_at, pinned, read) VALUES (1, :k || :n, '', '', "
                        ":t, :s, '', '2026-01-01 00:00:00', 0, 0)"),
                        [dict(item, n=str(tag)) for item in batch])

            got, floor = harness.side_by_side(lambda: insert("news_item"),
                                              lambda: insert("news_plain"), rounds)
        finally:
            fresh.dispose()
    return harness.row("search upkeep: insert 1,000 news items", got, floor_samples=floor,
                       target="(information; floor: same table without FTS5 triggers)")


def _like_all_kinds(db: Database, words: list[str]) -> None:
    with db.session() as session:
        for kind in search.KINDS:
            search._search_like(session, kind, words, None, 50)
