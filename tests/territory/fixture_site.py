"""A company site on 127.0.0.1 whose leadership page and feeds change between two refreshes.

`ChangingSite.first()` serves the site as it was; `.second()` as it is a week later: a
new executive on the leadership page, one gone, and a funding story that two feeds
(the company's newsroom and a trade paper's) report with different headlines.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from tests.research.server import FixtureServer, Route

RSS_TYPE = "application/rss+xml; charset=utf-8"

HOME = """<!doctype html><html><head><title>Acme Robotics</title>
<link rel="alternate" type="application/rss+xml" href="/newsroom/feed.xml" title="Newsroom">
<link rel="alternate" type="application/rss+xml" href="/trade/feed.xml" title="Trade news">
</head><body><nav><a href="/leadership">Leadership</a> <a href="/about">About us</a>
<a href="/newsroom">Newsroom</a></nav><main><h1>Acme Robotics</h1>
<p>Acme Robotics builds warehouse robots.</p></main></body></html>"""

ABOUT = """<!doctype html><html><head><title>About | Acme Robotics</title></head><body>
<main><h1>About Acme Robotics</h1><p>Founded in 2009 in Boston, Acme Robotics builds
autonomous picking robots for warehouses.</p></main></body></html>"""

LEADERS_BEFORE = [("Priya Raman", "Chief Executive Officer"),
                  ("Tom Becker", "Chief Technology Officer"),
                  ("James O'Connor", "Chief Financial Officer")]
LEADERS_AFTER = [("Priya Raman", "Chief Executive Officer"),
                 ("Tom Becker", "Chief Technology Officer"),
                 ("Nadia Kim", "Chief Revenue Officer")]


def leadership(people: list[tuple[str, str]]) -> str:
    cards = "".join(f'<div class="card"><h3>{n}</h3><p class="role">{t}</p></div>'
                    for n, t in people)
    return ("<!doctype html><html><head><title>Leadership | Acme Robotics</title></head><body>"
            f"<main><h1>Leadership team</h1><div class='grid'>{cards}</div></main></body></html>")


def rss(items: list[tuple[str, str, datetime, str]]) -> str:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>{format_datetime(when)}</pubDate><description>{text}</description></item>"
        for t, link, when, text in items)
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Feed</title>{body}</channel></rss>")


def article(title: str, text: str) -> str:
    return (f"<!doctype html><html><head><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1><p>{text}</p></article></body></html>")


FUNDING_OWN = ("Acme Robotics raises $40M Series C led by Northstar Ventures",
               "Acme Robotics today announced it has raised $40 million in a Series C "
               "funding round led by Northstar Ventures.")
FUNDING_TRADE = ("Warehouse robot maker Acme closes $40 million Series C",
                 "The Boston robot maker closed a $40 million Series C funding round, "
                 "the company said.")
LAUNCH = ("Acme Robotics launches PickPal 2, a new picking platform",
          "Acme Robotics unveiled PickPal 2, a new picking robot, at ProMat.")


class ChangingSite:
    """Serves the site before (`first`) and after (`second`) the week's changes."""

    def __init__(self, srv: FixtureServer, now: datetime | None = None) -> None:
        self.srv = srv
        self.now = now or datetime.now(UTC)
        srv.robots("User-agent: *\nAllow: /\n")
        srv.page("/", HOME)
        srv.page("/about", ABOUT)
        srv.page("/newsroom", article("Newsroom", "News from Acme Robotics."))
        for path, (title, text) in (("/newsroom/series-c", FUNDING_OWN),
                                    ("/trade/acme-series-c", FUNDING_TRADE),
                                    ("/newsroom/pickpal-2", LAUNCH)):
            srv.page(path, article(title, text))

    def _feeds(self, own: list[tuple[str, str, datetime, str]],
               trade: list[tuple[str, str, datetime, str]]) -> None:
        self.srv.route("/newsroom/feed.xml", Route(body=rss(own), content_type=RSS_TYPE))
        self.srv.route("/trade/feed.xml", Route(body=rss(trade), content_type=RSS_TYPE))

    def first(self) -> None:
        self.srv.page("/leadership", leadership(LEADERS_BEFORE))
        launch = (LAUNCH[0], self.srv.url("/newsroom/pickpal-2"),
                  self.now - timedelta(days=20), LAUNCH[1])
        self._feeds([launch], [])

    def second(self) -> None:
        self.srv.page("/leadership", leadership(LEADERS_AFTER))
        launch = (LAUNCH[0], self.srv.url("/newsroom/pickpal-2"),
                  self.now - timedelta(days=20), LAUNCH[1])
        own = (FUNDING_OWN[0], self.srv.url("/newsroom/series-c"),
               self.now - timedelta(days=1), FUNDING_OWN[1])
        trade = (FUNDING_TRADE[0], self.srv.url("/trade/acme-series-c"),
                 self.now - timedelta(hours=20), FUNDING_TRADE[1])
        self._feeds([own, launch], [trade])
