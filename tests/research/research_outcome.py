"""What a research run leaves in the database, in a form two runs can be compared by:
pages and their captures, facts, people, news with trigger events, and signals, with the
fixture server's address replaced by ``SITE`` and times left out.

Used by `test_research_outcome`, which holds research to the outcome recorded in
``data/research_outcome.json``: a change made for speed must not change what a rep gets.
``python -m tests.research.research_outcome`` prints the outcome of every fixture site
(to record it again after a deliberate change of what research finds).
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tests.research.server import FixtureServer
from workbench import accounts
from workbench.research.http import HttpClient
from workbench.research.pipeline import ResearchSummary, refresh, run_research
from workbench.storage.database import Database, open_database
from workbench.storage.models import (
    Fact,
    FoundPerson,
    NewsItem,
    PageSnapshot,
    Signal,
    Source,
)

SITES = Path(__file__).resolve().parent.parent / "sites"
RECORDED = Path(__file__).resolve().parent / "data" / "research_outcome.json"
# The fixture sites, and the benchmark's site (built by `benchmarks.research_bench`).
SITE_NAMES = ("acme", "dupont", "lakeshore", "mueller", "bench")


def _site_free(value: Any, base: str) -> Any:
    if isinstance(value, str):
        return value.replace(base.rstrip("/"), "SITE")
    if isinstance(value, list):
        return [_site_free(v, base) for v in value]
    if isinstance(value, dict):
        return {k: _site_free(v, base) for k, v in value.items()}
    return value


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def outcome(db: Database, account_id: int, summary: ResearchSummary, base: str) -> dict[str, Any]:
    """The account's research results, comparable across runs and servers."""
    with db.session() as session:
        sources = sorted(
            ({"url": s.url, "kind": s.kind, "page_kind": s.page_kind, "status": s.last_status,
              "error": s.last_error,
              "captures": [{"status": c.status, "title": c.title, "text": _digest(c.text),
                            "chars": len(c.text)}
                           for c in session.scalars(select(PageSnapshot).where(
                               PageSnapshot.source_id == s.id).order_by(PageSnapshot.id))]}
             for s in session.scalars(select(Source).where(Source.account_id == account_id))),
            key=lambda s: (s["url"], s["kind"]))
        facts = sorted([f.kind, f.value, f.source_url, f.origin] for f in session.scalars(
            select(Fact).where(Fact.account_id == account_id)))
        people = sorted([p.name, p.title, p.source_url] for p in session.scalars(
            select(FoundPerson).where(FoundPerson.account_id == account_id)))
        news = sorted(
            ({"key": n.dedupe_key, "url": n.url, "title": n.title, "summary": n.summary,
              "text": _digest(n.text), "chars": len(n.text),
              "published": n.published_at.isoformat() if n.published_at else None,
              "triggers": sorted([t.kind, t.evidence] for t in n.triggers)}
             for n in session.scalars(select(NewsItem).where(NewsItem.account_id == account_id))),
            key=lambda n: n["key"])
        signals = sorted(
            ({"kind": s.kind, "title": s.title, "evidence": s.evidence, "origin": s.origin,
              "sources": sorted(src.url for src in s.sources)}
             for s in session.scalars(select(Signal).where(Signal.account_id == account_id))),
            key=lambda s: (s["kind"], s["title"], s["evidence"]))
    tallies = {k: v for k, v in summary.as_dict().items() if k not in ("elapsed_s", "account_id")}
    errors = sorted((e["url"], e["error"]) for e in summary.errors)
    return _site_free({"summary": tallies, "errors": errors, "sources": sources, "facts": facts,
                       "people": people, "news": news, "signals": signals}, base)


def _serve(srv: FixtureServer, site: str) -> None:
    if site == "bench":
        from benchmarks.research_bench import build_site

        build_site(srv)
    else:
        srv.serve_folder(SITES / site)


def site_outcome(site: str, folder: Path) -> dict[str, Any]:
    """Research ``site`` on a fresh database, then refresh it: both outcomes."""
    db = open_database(folder / f"{site}.sqlite3")
    try:
        with FixtureServer() as srv:
            _serve(srv, site)
            account_id = accounts.create_account(db, site, srv.url("/"))
            with HttpClient() as client:
                first = outcome(db, account_id, run_research(db, account_id, client=client,
                                                              max_pages=15), srv.base)
            with HttpClient() as client:
                second = outcome(db, account_id, refresh(db, account_id, client=client,
                                                         max_pages=15), srv.base)
        return {"research": first, "refresh": second}
    finally:
        db.dispose()


def all_outcomes() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        return {site: site_outcome(site, Path(tmp)) for site in SITE_NAMES}


if __name__ == "__main__":
    import os

    with tempfile.TemporaryDirectory() as home:  # the user's own config plays no part
        os.environ["WORKBENCH_HOME"] = home
        os.environ["XDG_CONFIG_HOME"] = str(Path(home) / "xdg-config")
        os.environ.pop("WORKBENCH_DB", None)
        recorded = all_outcomes()
    json.dump(recorded, sys.stdout, indent=1, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")
