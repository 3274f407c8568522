"""Research with concurrent fetches versus the same fetches one after another.

A fixture site of 15 pages (the home page and 14 pages a rep cares about) and 3 feeds
(each with 2 stories whose articles are read too), served on 127.0.0.1 with 50 ms of
latency on every response. "Concurrent" is the pipeline as shipped (the client's
default per-host limit); "one after another" is the same pipeline with a per-host limit
of 1, so every fetch waits for the previous one. Each round uses a fresh database and a
fresh client (robots.txt is fetched again). The site is served from a child process, as a
real site is elsewhere: an in-process server would compete with the research for the GIL.
Target: concurrent at least 4x faster. The suite's row has the usual keys: the median of
the concurrent runs, the one-after-another runs as its floor (measured in the same rounds,
alternating), the ratio of the two medians (concurrent / one after another, so at most
0.25x), a text target and `met`.

    python -m benchmarks.research_bench [--quick]
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from pathlib import Path

from benchmarks import harness
from tests.research.server import FixtureServer, Route
from workbench import accounts
from workbench.research.http import HttpClient
from workbench.research.pipeline import run_research
from workbench.storage.database import open_database

LATENCY_S = 0.05
TARGET_RATIO = 4.0  # concurrent at least this many times faster than one after another
PAGES = {
    "/about": "About us", "/team": "Our team", "/leadership": "Leadership",
    "/products": "Products", "/solutions": "Solutions", "/customers": "Customers",
    "/case-studies": "Case studies", "/press": "Press", "/newsroom": "Newsroom",
    "/careers": "Careers", "/jobs": "Jobs", "/investors": "Investors",
    "/contact": "Contact", "/impressum": "Impressum",
}
FEEDS = ("/press/feed.xml", "/blog/feed.xml", "/careers/feed.xml")


def build_site(srv: FixtureServer) -> None:
    links = "".join(f'<a href="{path}">{label}</a>' for path, label in PAGES.items())
    alternates = "".join(f'<link rel="alternate" type="application/rss+xml" href="{f}">'
                         for f in FEEDS)
    srv.page("/", f"<html><head><title>Bench Corp</title>{alternates}</head><body>"
                  f"<nav>{links}</nav><p>Bench Corp makes benchmarks.</p></body></html>")
    for path, label in PAGES.items():
        srv.page(path, f"<html><head><title>{label}</title></head><body><h1>{label}</h1>"
                       f"<p>{label} of Bench Corp, founded in 2001.</p>"
                       "<h3>Jane Doe</h3><p>Chief Executive Officer</p></body></html>")
    for n, feed in enumerate(FEEDS):
        items = "".join(
            f"<item><title>Story {n}-{i}</title><link>{srv.url(f'/story/{n}-{i}')}</link>"
            f"<guid>{n}-{i}</guid><pubDate>Mon, 0{i + 1} Jan 2024 09:00:00 GMT</pubDate>"
            f"<description>Bench Corp story {n}-{i}.</description></item>" for i in range(2))
        srv.route(feed, Route(body=f'<?xml version="1.0"?><rss version="2.0"><channel>'
                                   f"<title>Feed {n}</title>{items}</channel></rss>",
                              content_type="application/rss+xml"))
        for i in range(2):
            srv.page(f"/story/{n}-{i}", f"<html><body><article><h1>Story {n}-{i}</h1>"
                                        f"<p>Bench Corp announced story {n}-{i}.</p>"
                                        "</article></body></html>")


def _serve(conn: object, latency: float) -> None:
    """Child process: serve the site, answer "count" with the requests seen, "stop"."""
    with FixtureServer(latency=latency) as srv:
        build_site(srv)
        conn.send(srv.url("/"))  # type: ignore[attr-defined]
        while True:
            command = conn.recv()  # type: ignore[attr-defined]
            if command == "count":
                conn.send(len(srv.requests))  # type: ignore[attr-defined]
                srv.reset_log()
            elif command == "log":  # (path, started, finished), monotonic clock
                conn.send([(r.path, r.started, r.finished)  # type: ignore[attr-defined]
                           for r in srv.requests])
            else:
                break


def one_round(url: str, conn: object, per_host: int, folder: Path,
              label: str) -> tuple[float, int]:
    db = open_database(folder / f"{label}.sqlite3")
    try:
        account_id = accounts.create_account(db, "Bench Corp", url)
        conn.send("count")  # type: ignore[attr-defined]
        conn.recv()  # type: ignore[attr-defined]
        with HttpClient(per_host=per_host) as client:
            start = time.perf_counter()
            summary = run_research(db, account_id, client=client, max_pages=15)
            elapsed = time.perf_counter() - start
        if summary.pages_fetched != 15:
            raise RuntimeError(f"expected 15 pages, got {summary.pages_fetched}: "
                               f"{summary.errors}")
        conn.send("count")  # type: ignore[attr-defined]
        return elapsed, conn.recv()  # type: ignore[attr-defined]
    finally:
        db.dispose()


def run(quick: bool, latency: float = LATENCY_S) -> list[harness.Row]:
    """`run(quick: bool) -> list[dict]`: one row, the concurrent research against the same
    research one fetch after another (its floor), with a text target and `met`.

    ``latency``: seconds the server waits before each response (the target is stated for
    the default 50 ms; at another latency the row is information only, `met` None)."""
    rounds = 3 if quick else 5
    concurrent: list[float] = []
    serial: list[float] = []
    fetches = 0
    default_per_host = HttpClient().throttle.per_host
    parent, child = multiprocessing.get_context("spawn").Pipe()
    server = multiprocessing.get_context("spawn").Process(target=_serve, args=(child, latency),
                                                          daemon=True)
    server.start()
    try:
        url = parent.recv()
        with tempfile.TemporaryDirectory() as tmp:
            one_round(url, parent, default_per_host, Path(tmp), "warm-up")  # imports, caches
            for n in range(rounds):
                # Alternate which goes first, as harness.side_by_side does.
                for kind in ("c", "s") if n % 2 == 0 else ("s", "c"):
                    per_host = default_per_host if kind == "c" else 1
                    elapsed, fetches = one_round(url, parent, per_host, Path(tmp), f"{kind}{n}")
                    (concurrent if kind == "c" else serial).append(elapsed)
    finally:
        parent.send("stop")
        server.join(10)
    speed_up = harness.median(serial) / harness.median(concurrent)
    at_target = latency == LATENCY_S
    target = (f"at least {TARGET_RATIO:g}x faster (ratio <= {1 / TARGET_RATIO:.2f}x)"
              if at_target
              else f"(information: target stated for {LATENCY_S * 1000:.0f} ms latency)")
    return [harness.row(
        f"research, concurrent vs one fetch after another ({fetches} fetches, "
        f"{latency * 1000:.0f} ms latency)", concurrent,
        floor_samples=serial, target=target, min_ratio=TARGET_RATIO if at_target else None,
        note=f"{speed_up:.2f}x faster than one fetch after another (the floor); per-host "
             f"limit {default_per_host}; ratio = concurrent / one after another")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds instead of 5")
    parser.add_argument("--latency-ms", type=float, default=LATENCY_S * 1000,
                        help="server latency per response (default 50)")
    args = parser.parse_args(argv)
    rows = run(args.quick, args.latency_ms / 1000)
    for row in rows:
        met = {True: "met", False: "NOT met", None: "-"}[row["met"]]
        print(f"{row['name']}: median {row['median_s']:.3f} s, one after another "
              f"{row['floor_s']:.3f} s ({row.get('note', '')}); target {row['target']}: {met}")
    return 0 if all(r["met"] is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
