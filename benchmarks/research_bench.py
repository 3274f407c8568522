"""Research with concurrent fetches versus the same fetches one after another.

A fixture site of 15 pages (the home page and 14 pages a rep cares about) and 3 feeds
(each with 2 stories whose articles are read too), served on 127.0.0.1 with 50 ms of
latency on every response. "Concurrent" is the pipeline as shipped (the client's
default per-host limit); "one after another" is the same pipeline with a per-host limit
of 1, so every fetch waits for the previous one. Each round uses a fresh database and a
fresh client (robots.txt is fetched again). The site is served from a child process, as a
real site is elsewhere: an in-process server would compete with the research for the GIL.
Target: concurrent at least 4x faster.

    python -m benchmarks.research_bench [--quick]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path

from tests.research.server import FixtureServer, Route
from workbench import accounts
from workbench.research.http import HttpClient
from workbench.research.pipeline import run_research
from workbench.storage.database import open_database

LATENCY_S = 0.05
TARGET_RATIO = 4.0
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


def run(quick: bool, latency: float = LATENCY_S) -> list[dict[str, object]]:
    """`run(quick: bool) -> list[dict]`: rows with name, median_s, floor_s, ratio, target.

    ``latency``: seconds the server waits before each response (the target is stated for
    the default 50 ms; a longer latency shows the design when the network dominates)."""
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
                elapsed, fetches = one_round(url, parent, default_per_host, Path(tmp), f"c{n}")
                concurrent.append(elapsed)
                elapsed, _ = one_round(url, parent, 1, Path(tmp), f"s{n}")
                serial.append(elapsed)
    finally:
        parent.send("stop")
        server.join(10)
    serial_median = statistics.median(serial)
    concurrent_median = statistics.median(concurrent)
    at = f", {latency * 1000:.0f} ms latency"
    return [
        {"name": f"research, one fetch after another ({fetches} fetches{at})",
         "median_s": serial_median, "floor_s": min(serial), "ratio": 1.0, "target": None},
        {"name": f"research, concurrent (per-host limit {default_per_host}{at})",
         "median_s": concurrent_median, "floor_s": min(concurrent),
         "ratio": serial_median / concurrent_median,
         "target": TARGET_RATIO if latency == LATENCY_S else None},
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds instead of 5")
    parser.add_argument("--latency-ms", type=float, default=LATENCY_S * 1000,
                        help="server latency per response (default 50)")
    args = parser.parse_args(argv)
    rows = run(args.quick, args.latency_ms / 1000)
    for row in rows:
        target = f"  target ≥{row['target']}x" if row["target"] else ""
        print(f"{row['name']:70s} median {row['median_s']:.3f} s  floor {row['floor_s']:.3f} s"
              f"  ratio {row['ratio']:.2f}x{target}")
    return 0 if all(r["target"] is None or r["ratio"] >= r["target"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
