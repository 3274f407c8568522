"""Four processes writing one account at once, on SQLite and on PostgreSQL: no tracebacks,
and the rules that span rows (one manager per person, no line twice, one source per
URL, one copy of a story) hold in the database afterwards."""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from tests.concurrency import writers
from tests.research.conftest import SITES
from tests.research.server import FixtureServer
from workbench import accounts
from workbench.committee import stakeholders
from workbench.committee.graph import find_loop, managers
from workbench.storage.database import Database
from workbench.storage.models import Call, NewsItem, Relationship, Source, Stakeholder

WRITERS = 4
# 200 rounds each by default; a quick local run may ask for fewer.
ROUNDS = int(os.environ.get("WORKBENCH_TEST_WRITER_ROUNDS", "200"))


def _pool() -> multiprocessing.pool.Pool:
    # Fresh interpreters, as separate programs would be (no inherited connections).
    return multiprocessing.get_context("spawn").Pool(WRITERS)


def _run(function, args_list):  # type: ignore[no-untyped-def]
    with _pool() as pool:
        results = pool.starmap(function, args_list)
        pool.close()
        pool.join()
    return results


def test_four_writers_on_one_committee_break_no_rule(db: Database,
                                                     db_target: str | Path) -> None:
    account_id = accounts.create_account(db, "Shared Co", "https://shared.example")
    people = [stakeholders.add_stakeholder(db, account_id, f"Person {n}") for n in range(8)]
    db.dispose()

    outcomes = _run(writers.committee_writer,
                    [(str(db_target), account_id, people, seed, ROUNDS)
                     for seed in range(WRITERS)])

    tracebacks = [t for o in outcomes for t in o.tracebacks]
    assert not tracebacks, tracebacks[0]
    confirmed = sum(o.confirmed for o in outcomes)
    refused = sum((Counter(o.refused) for o in outcomes), Counter())
    # Refusals are plain messages (a line already drawn, a busy file); most writes land.
    assert confirmed >= WRITERS * ROUNDS // 2, (confirmed, refused)
    with db.session() as session:
        lines = session.execute(select(Relationship.source_id, Relationship.target_id,
                                       Relationship.kind)).all()
        assert len(lines) == len(set(lines)), "a line was drawn twice"
        reporting = [(s, t) for s, t, kind in lines if kind == "reports_to"]
        by_person = Counter(s for s, _ in reporting)
        assert all(n == 1 for n in by_person.values()), "someone has two managers"
        assert find_loop(managers(reporting)) is None
        # Every call a writer was told is planned is there.
        planned = {c for o in outcomes for c in o.calls}
        kept = set(session.scalars(select(Call.id).where(Call.id.in_(planned))))
        assert kept == planned
        # Each field ends with a value some writer was told it saved.
        confirmed_values: dict[tuple[str, int], set[str]] = {}
        for o in outcomes:
            for name, person, value in o.edits:
                confirmed_values.setdefault((name, person), set()).add(value)
        for (name, person), values in confirmed_values.items():
            final = session.scalar(select(getattr(Stakeholder, name))
                                   .where(Stakeholder.id == person))
            assert final in values


def test_four_writers_researching_one_site_store_each_thing_once(
        db: Database, db_target: str | Path) -> None:
    rounds = max(2, ROUNDS // 40)  # a research run is a whole site; 5 each by default
    with FixtureServer() as server:
        server.serve_folder(SITES / "acme")
        account_id = accounts.create_account(db, "Acme", server.url("/"))
        db.dispose()
        results = _run(writers.research_writer,
                       [(str(db_target), account_id, seed, rounds) for seed in range(WRITERS)])

    tracebacks = [t for r in results for t in r["tracebacks"]]
    assert not tracebacks, tracebacks[0]
    runs = [run for r in results for run in r["runs"]]
    assert len(runs) == WRITERS * rounds
    # No run says it succeeded while its news could not be stored.
    for run in runs:
        if run["status"] in ("ok", "partial"):
            assert run["home"], run
            assert not any("could not be" in e.get("error", "") or "colleague" in e.get("error", "")
                           for e in run["errors"]), run
    assert sum(run["status"] in ("ok", "partial") for run in runs) >= len(runs) // 2, runs
    with db.session() as session:
        urls = session.scalars(select(Source.url).where(Source.account_id == account_id)).all()
        assert len(urls) == len(set(urls))
        stories = session.scalar(select(func.count(NewsItem.id))
                                 .where(NewsItem.account_id == account_id))
        keys = session.scalars(select(NewsItem.dedupe_key)
                               .where(NewsItem.account_id == account_id)).all()
        assert len(keys) == len(set(keys))
    # The site's news is in, once, whichever writer stored it.
    assert stories and sum(run.get("news_added", 0) for run in runs) == stories
