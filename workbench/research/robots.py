"""robots.txt: fetched once per host with the same client and its time limits, cached.

Following RFC 9309: a missing robots.txt (4xx) allows everything; a server error or no
answer means "assume everything is disallowed" for that host, for this run.
"""

from __future__ import annotations

import threading
import urllib.robotparser
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from workbench.research.http import HttpClient

MAX_ROBOTS_BYTES = 500_000  # Google reads the first 500 KiB


class HostRules:
    """The parsed rules of one host."""

    def __init__(self, parser: urllib.robotparser.RobotFileParser | None, allow_all: bool,
                 disallow_all: bool, error: str = "") -> None:
        self.parser = parser
        self.allow_all = allow_all
        self.disallow_all = disallow_all
        # Why the rules could not be read (then everything is disallowed), for the message.
        self.error = error
        self.delays: dict[str, float] = {}

    def allowed(self, agent: str, url: str) -> bool:
        if self.disallow_all:
            return False
        if self.allow_all or self.parser is None:
            return True
        return self.parser.can_fetch(agent, url)

    def crawl_delay(self, agent: str) -> float:
        return self.delays.get(agent.lower(), self.delays.get("*", 0.0))

    def sitemaps(self) -> list[str]:
        return list(self.parser.site_maps() or []) if self.parser else []


def parse_crawl_delays(lines: list[str], agent_token: str) -> dict[str, float]:
    """Crawl-delay per group ("*" and our own token), fractional seconds allowed
    (the standard library's parser only reads whole numbers)."""
    delays: dict[str, float] = {}
    agents: list[str] = []
    in_rules = False
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower()
        if key == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
            continue
        in_rules = True
        if key == "crawl-delay":
            try:
                delay = float(value)
            except ValueError:
                continue
            for agent in agents:
                if agent == "*" or agent in agent_token.lower():
                    delays["*" if agent == "*" else agent_token.lower()] = delay
    return delays


class RobotsCache:
    """robots.txt rules per scheme+host, fetched on first use; thread-safe."""

    def __init__(self, client: HttpClient, agent_token: str) -> None:
        self.client = client
        self.agent_token = agent_token
        self._rules: dict[str, HostRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc.lower()}"

    def rules(self, url: str) -> HostRules:
        key = self.key(url)
        with self._lock:
            if key in self._rules:
                return self._rules[key]
            host_lock = self._locks.setdefault(key, threading.Lock())
        with host_lock:  # one fetch per host even when many threads ask at once
            with self._lock:
                if key in self._rules:
                    return self._rules[key]
            rules = self._fetch(key)
            with self._lock:
                self._rules[key] = rules
            delay = rules.crawl_delay(self.agent_token)
            if delay:
                self.client.throttle.set_delay(urlsplit(key).netloc, delay)
            return rules

    def _fetch(self, key: str) -> HostRules:
        from workbench.research.http import FetchError

        try:
            result = self.client.fetch(key + "/robots.txt", check_robots=False,
                                       accept="text/plain", any_type=True,
                                       max_bytes=MAX_ROBOTS_BYTES, truncate=True)
        except FetchError as exc:
            # No answer or a refused redirect: be careful, fetch nothing from this host.
            return HostRules(None, allow_all=False, disallow_all=True,
                             error=f"robots.txt could not be read ({exc.reason})")
        if result.status >= 500:
            return HostRules(None, allow_all=False, disallow_all=True,
                             error=f"robots.txt could not be read (server error {result.status})")
        if result.status >= 400:
            return HostRules(None, allow_all=True, disallow_all=False)
        parser = urllib.robotparser.RobotFileParser()
        lines = result.text.splitlines()
        parser.parse(lines)
        rules = HostRules(parser, allow_all=False, disallow_all=False)
        rules.delays = parse_crawl_delays(lines, self.agent_token)
        return rules

    def allowed(self, url: str) -> bool:
        return self.rules(url).allowed(self.agent_token, url)
