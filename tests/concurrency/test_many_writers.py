"""Four processes writing one account at once, on SQLite and on PostgreSQL: no tracebacks,
and the rules that span rows (one manager per person, no line twice, one source per
URL, one copy of a story) hold in the database afterwards."""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.concurrency import writers
from tests.conftest import home_environment
from tests.research.conftest import SITES
from tests.research.server import FixtureServer
from workbench import accounts
from workbench.committee import stakeholders
from workbench.committee.graph import find_loop, managers
from workbench.storage.database import Database
from workbench.storage.models import Call, NewsItem, Relationship, Source, Stakeholder

# Four writer processes per test, on both backends: long robustness runs.
pytestmark = pytest.mark.slow

WRITERS = 4
# 200 rounds each by default; a quick local run may ask for fewer.
ROUNDS = int(os.environ.get("WORKBENCH_TEST_WRITER_ROUNDS", "200"))


def _private_home(home: Path) -> None:
    os.environ.update(home_environment(home))
    os.environ.pop("WORKBENCH_DB", None)


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[multiprocessing.pool.Pool]:
    """Four fresh interpreters, as separate programs would be (no inherited connections),
    started once for the module, with a private home like every test's: each writer opens
    and closes its own database per task, and starting four interpreters per test cost
    more CPU than most tests' writing."""
    home = tmp_path_factory.mktemp("writers-home")
    with multiprocessing.get_context("spawn").Pool(
            WRITERS, initializer=_private_home, initargs=(home,)) as workers:
        yield workers
        workers.close()
        workers.join()


def _run(pool, function, args_list):  # type: ignore[no-untyped-def]
    return pool.starmap(function, args_list, chunksize=1)


def test_four_writers_on_one_committee_break_no_rule(pool, db: Database,
                                                     db_target: str | Path) -> None:
    account_id = accounts.create_account(db, "Shared Co", "https://shared.example")
    people = [stakeholders.add_stakeholder(db, account_id, f"Person {n}") for n in range(8)]
    db.dispose()

    outcomes = _run(pool, writers.committee_writer,
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
        pool, db: Database, db_target: str | Path) -> None:
    rounds = max(2, ROUNDS // 40)  # a research run is a whole site; 5 each by default
    with FixtureServer() as server:
        server.serve_folder(SITES / "acme")
        account_id = accounts.create_account(db, "Acme", server.url("/"))
        db.dispose()
        results = _run(pool, writers.research_writer,
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


def _chain(start: str | None, edits: list[writers.Edit], final: str | None) -> list[str]:
    """The confirmed writes of one field in the order they happened, from `start` to
    `final`; fails where a confirmed write was lost or two writes took the same value."""
    by_shown: dict[str | None, list[writers.Edit]] = {}
    for edit in edits:
        by_shown.setdefault(edit.shown, []).append(edit)
    forks = {shown: [e.saved for e in both] for shown, both in by_shown.items() if len(both) > 1}
    # Two confirmed writes made on top of the same value: one overwrote the other unseen.
    assert not forks, f"confirmed writes over the same shown value (one was lost): {forks}"
    order: list[str] = []
    value = start
    while value in by_shown:
        value = by_shown.pop(value)[0].saved
        order.append(value)
    assert not by_shown, (f"confirmed writes not on the chain from the start (lost or made "
                          f"on an unconfirmed value): {sorted(map(str, by_shown))[:5]}")
    assert value == final, f"stored {final!r}, but the last confirmed write saved {value!r}"
    return order


def test_four_writers_lose_no_confirmed_note_or_field_edit(pool, db: Database,
                                                           db_target: str | Path) -> None:
    """Notes and stakeholder fields through the editors' compare-and-set: every confirmed
    write is the one read back or is superseded by a later confirmed write made on top of
    it; a write that lost the race came back as a conflict, never overwrote silently."""
    account_id = accounts.create_account(db, "Shared Co", "https://shared.example")
    people = [stakeholders.add_stakeholder(db, account_id, f"Person {n}") for n in range(3)]
    starting = {("stakeholder", p, name): stakeholders.get_values(db, p)[name]
                for p in people for name in writers.FIELDS}
    starting["account", account_id, "notes"] = accounts.get_account(db, account_id).notes
    db.dispose()

    results = _run(pool, writers.cas_writer, [(str(db_target), account_id, people, seed, ROUNDS)
                                        for seed in range(WRITERS)])

    tracebacks = [t for r in results for t in r["tracebacks"]]
    assert not tracebacks, tracebacks[0]
    refused = sum((Counter(r["refused"]) for r in results), Counter())
    edits = [e for r in results for e in r["edits"]]
    # The race is real: writers collided, and the collisions came back as conflicts.
    assert refused["Conflict"] > 0, refused
    assert set(refused) <= {"Conflict", "WriteConflict", "DatabaseLocked"}, refused
    assert len(edits) >= WRITERS * ROUNDS // 4, (len(edits), refused)
    by_field: dict[tuple[str, int, str], list[writers.Edit]] = {}
    for edit in edits:
        by_field.setdefault(edit.what, []).append(edit)
    with db.session() as session:
        for what, field_edits in by_field.items():
            kind, row_id, name = what
            if kind == "account":
                final = accounts.get_account(db, row_id).notes
            else:
                final = session.scalar(select(getattr(Stakeholder, name))
                                       .where(Stakeholder.id == row_id))
            order = _chain(starting[what], field_edits, final)
            position = {value: n for n, value in enumerate(order)}
            for edit in field_edits:
                if edit.read_back is not None:
                    # What the writer read back is its own value or a later confirmed one.
                    assert position.get(edit.read_back, -1) >= position[edit.saved], \
                        (what, edit.saved, edit.read_back)
    notes = accounts.get_account(db, account_id).notes.split("\n")
    confirmed_notes = [e.saved.rsplit("\n", 1)[-1] for e in by_field.get(
        ("account", account_id, "notes"), [])]
    # Each confirmed line of notes is in the final notes, once.
    assert sorted(notes) == sorted(confirmed_notes)
