"""Units of work that skip their own flush to disk (`Database.session(durable=False)`):
only for that unit, and research's last write is durable again."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tests.research.server import FixtureServer
from workbench import accounts
from workbench.research import pipeline
from workbench.research.pipeline import run_research
from workbench.storage.database import Database, open_database

FULL, NORMAL = 2, 1


def _synchronous(db: Database, durable: bool = True) -> int:
    with db.session(durable=durable) as session:
        return int(session.execute(text("PRAGMA synchronous")).scalar_one())


def test_a_relaxed_unit_does_not_relax_the_next(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert _synchronous(db) == FULL
        assert _synchronous(db, durable=False) == NORMAL
        # The same pooled connection serves the next unit: it is FULL again.
        assert [_synchronous(db) for _ in range(3)] == [FULL] * 3
    finally:
        db.dispose()


def test_research_writes_relaxed_and_finishes_durable(
        db_path: Path, fixture_server: FixtureServer, monkeypatch: pytest.MonkeyPatch) -> None:
    fixture_server.page("/", '<html><head><title>Acme</title></head><body>'
                             '<a href="/about">About us</a><p>Acme, founded in 2001.</p>'
                             "</body></html>")
    fixture_server.page("/about", "<html><body><h1>About</h1><p>Acme makes robots.</p>"
                                  "</body></html>")
    db = open_database(db_path)
    seen: list[tuple[bool, bool]] = []  # (in the run's last write, durable)
    finishing = [False]
    real = Database.session
    real_finish = pipeline._Run._close_run

    def watching(self: Database, *, durable: bool = True):  # type: ignore[no-untyped-def]
        seen.append((finishing[0], durable))
        return real(self, durable=durable)

    def finish(self: pipeline._Run, status: str) -> None:
        finishing[0] = True
        try:
            real_finish(self, status)
        finally:
            finishing[0] = False

    try:
        account_id = accounts.create_account(db, "Acme", fixture_server.url("/"))
        monkeypatch.setattr(Database, "session", watching)
        monkeypatch.setattr(pipeline._Run, "_close_run", finish)
        summary = run_research(db, account_id)
        monkeypatch.undo()
        assert summary.pages_fetched == 2
        relaxed = [durable for last, durable in seen if not last].count(False)
        assert relaxed >= 4  # the run, the pages, facts and people, the feeds, signals
        assert [durable for last, durable in seen if last] == [True]
        assert _synchronous(db) == FULL
    finally:
        db.dispose()
