"""The longest event-loop stall while the program researches a hostile site, and how long
that research takes.

The site (served from a child process on 127.0.0.1, as a real site is elsewhere): a home
page with 20,000 extra links, an about page with a 1.2 MB paragraph of "111,111,…", a
products page with JSON-LD nested 100,000 deep, a team page, an RSS feed of 100,000 items
(3.2 MB) and a JSON Feed nested 100,000 deep. The research runs as a `ui.jobs` Job while a
5 ms timer ticks on the GUI thread (`bench_stall.measure_stall`). Target: the window's
event loop never stalls over 50 ms.

    python -m benchmarks.bench_hostile_stall [--quick]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import harness

LIMIT_S = 0.050


def build_hostile_site(srv: object) -> None:
    from tests.research.server import Route

    links = "".join(f'<a href="/item/{i}">Item {i}</a>' for i in range(20_000))
    alternates = ('<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
                  '<link rel="alternate" type="application/feed+json" href="/nested.json">')
    srv.page("/", f"<html><head><title>Hostile Corp</title>{alternates}</head><body><nav>"  # type: ignore[attr-defined]
                  '<a href="/about">About us</a> <a href="/team">Our team</a> '
                  '<a href="/products">Products</a></nav>'
                  f"<p>Hostile Corp, founded in 2001.</p>{links}</body></html>")
    srv.page("/about", "<html><body><h1>About</h1><p>" + "111," * 300_000 + "</p></body></html>")  # type: ignore[attr-defined]
    nested = '{"a":' * 100_000 + "1" + "}" * 100_000
    srv.page("/products", f'<html><head><script type="application/ld+json">{nested}</script>'  # type: ignore[attr-defined]
                          "</head><body><h1>Products</h1><p>Robots.</p></body></html>")
    srv.page("/team", "<html><body><h1>Our team</h1><h3>Jane Doe</h3>"  # type: ignore[attr-defined]
                      "<p>Chief Executive Officer</p></body></html>")
    items = "".join(f"<item><title>S{i}</title></item>" for i in range(100_000))
    srv.route("/feed.xml", Route(  # type: ignore[attr-defined]
        body=f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}'
             "</channel></rss>", content_type="application/rss+xml"))
    srv.route("/nested.json", Route(  # type: ignore[attr-defined]
        body='{"version": "https://jsonfeed.org/version/1.1", "items": ['
             + nested + "]}", content_type="application/feed+json"))


def _serve(conn: object) -> None:
    from tests.research.server import FixtureServer

    with FixtureServer() as srv:
        build_hostile_site(srv)
        conn.send(srv.url("/"))  # type: ignore[attr-defined]
        conn.recv()  # type: ignore[attr-defined]


def measure(rounds: int) -> tuple[list[float], list[float], list[float]]:
    """(stalls, research wall times, idle stalls), one per round after a warm-up."""
    from benchmarks.bench_stall import measure_stall
    from workbench import accounts
    from workbench.research.pipeline import run_research
    from workbench.storage.database import open_database

    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    server = context.Process(target=_serve, args=(child,), daemon=True)
    server.start()
    stalls: list[float] = []
    walls: list[float] = []
    idle: list[float] = []
    try:
        url = parent.recv()
        with tempfile.TemporaryDirectory() as folder:
            for number in range(rounds + 1):
                db = open_database(Path(folder) / f"hostile-{number}.sqlite3")
                account_id = accounts.create_account(db, "Hostile Corp", url)
                took: list[float] = []

                def work(progress: Callable[[int, int, str], None], cancel: object,
                         db: object = db, account_id: int = account_id,
                         took: list[float] = took) -> object:
                    started = time.perf_counter()
                    summary = run_research(db, account_id, progress=progress,  # type: ignore[arg-type]
                                           cancel=cancel)  # type: ignore[arg-type]
                    took.append(time.perf_counter() - started)
                    return summary

                try:
                    stall = measure_stall(work)
                finally:
                    db.dispose()
                if number:  # the first round warms imports and caches
                    stalls.append(stall)
                    walls.append(took[0])
                    idle.append(measure_stall(lambda _p, _c: time.sleep(0.3)))
    finally:
        parent.send("stop")
        server.join(10)
    return stalls, walls, idle


_CHILD = """
import json
from benchmarks.bench_hostile_stall import measure
print("HOSTILE " + json.dumps(measure({rounds})))
"""


def run(quick: bool) -> list[harness.Row]:
    """`run(quick: bool) -> list[dict]`: the stall row and the research time (information)."""
    import json

    rounds = 2 if quick else 3
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    done = subprocess.run([sys.executable, "-c", _CHILD.format(rounds=rounds)], cwd=root,
                          env=env, capture_output=True, text=True, timeout=900, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("HOSTILE ")), None)
    if line is None:
        raise RuntimeError(f"the hostile stall measurement failed: {done.stderr.strip()[-400:]}")
    stalls, walls, idle = json.loads(line[len("HOSTILE "):])
    row = harness.row("event-loop stall during research of a hostile page set", stalls,
                      floor_samples=idle, target="never over 50 ms", limit_s=LIMIT_S,
                      note=f"worst of {rounds} rounds {max(stalls) * 1000:.0f} ms; 1.2 MB of "
                           "number groups, 20,000 links, JSON nested 100,000 deep, a feed of "
                           "100,000 items; served from another process")
    row["met"] = max(stalls) < LIMIT_S
    wall = harness.row("research of the hostile page set (wall time)", walls,
                       target="(information: bounded, no hang)")
    return [row, wall]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    for row in run(args.quick):
        print(f"{row['name']}: median {row['median_s']:.3f} s ({row.get('note', '')}); "
              f"target {row['target']}: {row['met']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
