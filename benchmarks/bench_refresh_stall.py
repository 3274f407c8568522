"""Measurement: background refresh of a territory against a local fixture server, and the
longest stall of the window's event loop meanwhile (target: none over 50 ms).

Every account has its own site, a fixture server on its own port of 127.0.0.1 (an
account's domain is its host and port): a home page, a leadership page and a feed.
The accounts are refreshed by the program's own round
(`workbench.territory.refresh_round.refresh_due`, the pipeline, robots and throttle
included) as a job on the window's job runner, while a 5 ms timer ticks on the GUI thread
(`bench_stall.measure_stall`).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks import harness
from benchmarks.bench_stall import LIMIT_S, measure_stall
from tests.research.server import FixtureServer, Route
from workbench import accounts
from workbench.storage.database import open_database
from workbench.territory.refresh_round import refresh_due
from workbench.territory.schedule import RefreshSchedule

RSS = ('<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
       '<item><title>{co} raises $12M Series A</title><link>{base}news/1</link>'
       '<pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate></item></channel></rss>')


def _site(srv: FixtureServer) -> None:
    srv.robots("User-agent: *\nAllow: /\n")
    srv.page("/", "<html><head><title>Company</title><link rel='alternate' "
                  "type='application/rss+xml' href='/feed.xml'></head><body>"
                  "<a href='/leadership'>Leadership</a><p>The company makes things.</p>"
                  "</body></html>")
    srv.page("/leadership", "<html><body><h1>Leadership team</h1><h3>Ann Lee</h3>"
                            "<p>Chief Executive Officer</p></body></html>")
    srv.route("/feed.xml", Route(body=RSS.format(co="The company", base="/"),
                                 content_type="application/rss+xml"))
    srv.page("/news/1", "<html><body><p>The company raised $12 million.</p></body></html>")


def run(quick: bool) -> list[harness.Row]:
    count = 100 if quick else 1000
    servers = [FixtureServer() for _ in range(count)]
    with tempfile.TemporaryDirectory(prefix="bench-refresh-") as tmp:
        try:
            path = Path(tmp) / "territory.sqlite3"
            db = open_database(path)
            for i, srv in enumerate(servers):
                srv.start()
                _site(srv)
                accounts.create_account(db, f"Company {i}", srv.url("/"), tier="A")
            db.dispose()
            schedule = RefreshSchedule(days={"A": 1, "B": 7, "C": 30}, enabled=True)
            outcome: dict[str, object] = {}

            def work(progress: object, cancel: object) -> None:
                database = open_database(path)
                try:
                    started = time.perf_counter()
                    outcome["round"] = refresh_due(database, progress, cancel,  # type: ignore[arg-type]
                                                   schedule=schedule)
                    outcome["seconds"] = time.perf_counter() - started
                finally:
                    database.dispose()

            stall = measure_stall(work)
        finally:
            for srv in servers:
                srv.stop()
    done = outcome.get("round")
    refreshed = len(getattr(done, "refreshed", []))
    signals = len(getattr(done, "new_signals", []))
    seconds = float(outcome.get("seconds", 0.0))  # type: ignore[arg-type]
    return [
        harness.row(f"refresh: {count} accounts in the background, longest stall", [stall],
                    target="< 50 ms", limit_s=LIMIT_S,
                    note=f"{refreshed} refreshed in {seconds:.0f} s, {signals} new signals"),
    ]


if __name__ == "__main__":
    import sys

    print(harness.format_table(run("--quick" in sys.argv)))
