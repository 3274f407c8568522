"""A deterministic large database: a whole territory of accounts, news, people, pages and calls.

The schema comes from the program's own migrations (`open_database`); the rows go in
through `sqlite3.executemany` in one transaction per table, because building 400,000
ORM objects one by one would take longer than every measurement together. The same
seed and scale always give the same rows, byte for byte, so runs compare.

The file is cached under `benchmarks/.cache/`, keyed by the generator version, the
scale and the schema revision; a change to any of them builds a new one.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import random
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

GENERATOR_VERSION = 4
SEED = 20261122
CACHE_DIR = Path(__file__).resolve().parent / ".cache"

# Two accounts every scale has: the one a workspace measurement opens (500 news,
# 40 people) and a 60-person committee for the map measurement.
BIG_ACCOUNT_ID = 1
BIG_ACCOUNT_NEWS = 500
BIG_ACCOUNT_STAKEHOLDERS = 40
COMMITTEE_ACCOUNT_ID = 2
COMMITTEE_SIZE = 60
PAGES_PER_ACCOUNT = 5
BASE_TIME = datetime(2026, 6, 1, 9, 0, 0)

TRIGGERS = {
    "funding": "{co} closed a {n} million euro funding round led by {inv}.",
    "executive_change": "{co} appointed {person} as its new chief {word} officer.",
    "acquisition": "{co} agreed to acquire {other} for an undisclosed sum.",
    "bankruptcy": "{co} entered a court-supervised reorganisation this week.",
    "layoffs": "{co} will cut {n} jobs as part of a restructuring plan.",
    "expansion": "{co} opens a new {word} site in {city} with {n} staff.",
    "product_launch": "{co} launched {word} {word2}, its new platform for {word3}.",
    "earnings": "{co} reported quarterly revenue up {n} percent.",
}
ROLES = ("economic_buyer", "champion", "coach", "technical_evaluator", "user", "influencer",
         "blocker", "gatekeeper", "unknown")
CALL_KINDS = ("cold_call", "discovery", "follow_up", "demo", "proposal", "negotiation")
PAGE_KINDS = ("home", "about", "team", "products", "press")


@dataclass(frozen=True)
class Scale:
    """How many of each thing the generated database holds."""

    name: str
    accounts: int
    news: int
    stakeholders: int
    snapshots: int
    calls: int
    enrolments: int = 0
    touches: int = 0


FULL = Scale("full", accounts=10_000, news=200_000, stakeholders=50_000,
             snapshots=100_000, calls=20_000, enrolments=20_000, touches=100_000)
QUICK = Scale("quick", accounts=1_000, news=20_000, stakeholders=5_000,
              snapshots=10_000, calls=2_000, enrolments=2_000, touches=10_000)
TINY = Scale("tiny", accounts=20, news=700, stakeholders=150, snapshots=120, calls=30,
             enrolments=40, touches=200)
# The day the campaign queue is measured on: campaigns started in the weeks before it.
QUEUE_DAY = BASE_TIME.date()


# --- words -----------------------------------------------------------------

_BUSINESS_WORDS = """
the of and to in a for on with by is that at from as its new will our this are has we
company customers platform data cloud service services market revenue growth team product
products solution solutions industry enterprise partners partner global europe supply chain
logistics warehouse robots robotics software hardware security analytics energy finance
health retail manufacturing automation network digital operations quality delivery
contract tender procurement budget pilot rollout migration integration compliance risk
strategy board investor investors funding round acquisition merger expansion launch
earnings quarter annual report press release careers office site factory plant customer
support pricing license subscription roadmap release version api mobile web payment
""".split()
_SYLLABLES = ("ka", "lo", "mi", "ra", "ten", "vor", "bel", "sun", "dra", "qui", "pel", "tor",
              "zan", "mer", "lin", "gro", "fa", "ne", "sto", "vik", "ha", "ul", "ber", "cor")
FIRST_NAMES = ("Anna", "Héloïse", "Marc", "Sofia", "Jonas", "Chloé", "Luca", "Émile", "Ines",
               "Noah", "Maya", "Karim", "Lena", "Oskar", "Zoé", "Ravi", "Elif", "Tomás",
               "Greta", "Yusuf", "Nora", "Piotr", "Amélie", "Sven", "Leila", "Hugo")
LAST_NAMES = ("Martin", "Schmidt", "Rossi", "García", "Dubois", "Nowak", "Jensen", "Müller",
              "Silva", "Kowalski", "Bernard", "Fischer", "Moreau", "Novak", "Lindqvist",
              "O'Brien", "Costa", "Weber", "Laurent", "Yilmaz", "Horvat", "Petit", "Vogel")
TITLES = ("Chief Executive Officer", "Chief Financial Officer", "Chief Technology Officer",
          "VP Operations", "Head of Procurement", "IT Director", "Plant Manager",
          "Head of Logistics", "Purchasing Manager", "Data Engineer", "Security Lead",
          "Executive Assistant", "Controller", "Project Manager", "Warehouse Supervisor")
CITIES = ("Lyon", "Grenoble", "Rotterdam", "Hamburg", "Milan", "Porto", "Gdańsk", "Aarhus",
          "Leeds", "Bilbao", "Graz", "Tampere", "Brno", "Lille", "Turin", "Malmö")
INDUSTRIES = ("Logistics", "Manufacturing", "Retail", "Healthcare", "Energy", "Software",
              "Finance", "Food", "Automotive", "Chemicals", "Telecom", "Construction")


class Words:
    """A seeded vocabulary with a Zipf-like frequency, like the words of real text."""

    def __init__(self, rng: random.Random, synthetic: int = 4000) -> None:
        made: list[str] = []
        seen = set(_BUSINESS_WORDS)
        while len(made) < synthetic:
            word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                made.append(word)
        self.vocab = list(_BUSINESS_WORDS) + made
        self.cum_weights = list(itertools.accumulate(
            1.0 / (rank + 1) for rank in range(len(self.vocab))))
        self.rng = rng

    def text(self, count: int) -> str:
        return " ".join(self.rng.choices(self.vocab, cum_weights=self.cum_weights, k=count))

    def sentence(self, count: int) -> str:
        body = self.text(count)
        return body[:1].upper() + body[1:] + "."


def _ts(moment: datetime) -> str:
    # The text SQLAlchemy's DateTime stores in SQLite: the program reads these back as-is.
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


# --- the rows --------------------------------------------------------------

Row = tuple[object, ...]


def _spread(total: int, owners: Sequence[int], rng: random.Random) -> list[int]:
    """`total` owner ids drawn from `owners` (some accounts get many, some few)."""
    return sorted(rng.choices(owners, k=total)) if total > 0 else []


class _Generator:
    def __init__(self, scale: Scale, seed: int) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.words = Words(random.Random(seed + 1))
        self.account_names: dict[int, str] = {}
        self.people_by_account: dict[int, list[int]] = {}

    def accounts(self) -> Iterator[Row]:
        rng = self.rng
        for account_id in range(1, self.scale.accounts + 1):
            first, second = (w.capitalize() for w in rng.sample(self.words.vocab[200:], 2))
            name = f"{first} {second} {rng.choice(('SA', 'GmbH', 'Ltd', 'BV', 'SpA', 'AB'))}"
            if account_id == BIG_ACCOUNT_ID:
                name = "Northwind Heavy Industries SA"
            self.account_names[account_id] = name
            domain = f"{first.lower()}{second.lower()}{account_id}.example"
            created = BASE_TIME - timedelta(days=rng.randint(30, 1500))
            researched = (_ts(BASE_TIME - timedelta(hours=rng.randint(1, 4000)))
                          if rng.random() < 0.8 else None)
            notes = self.words.sentence(rng.randint(5, 30)) if rng.random() < 0.5 else ""
            yield (account_id, name, domain, f"https://{domain}/", rng.choice(INDUSTRIES),
                   rng.choice("ABC"), rng.choice(("prepare", "prospect", "progress", "close")),
                   notes, _ts(created), _ts(created), researched, "")

    def sources(self) -> Iterator[Row]:
        source_id = 0
        for account_id in range(1, self.scale.accounts + 1):
            domain = f"https://acc{account_id}.example"
            for kind in PAGE_KINDS:
                source_id += 1
                yield (source_id, account_id, f"{domain}/{kind}", "page", kind, 0, None, None,
                       200, None, _ts(BASE_TIME))
            source_id += 1
            yield (source_id, account_id, f"{domain}/feed.xml", "feed", "", 0, None, None,
                   200, None, _ts(BASE_TIME))

    def snapshots(self) -> Iterator[Row]:
        rng, words = self.rng, self.words
        page_sources = self.scale.accounts * PAGES_PER_ACCOUNT
        for snapshot_id in range(1, self.scale.snapshots + 1):
            # Round-robin over page sources: each page gets its captures, history included.
            index = (snapshot_id - 1) % page_sources
            account_id, kind_no = divmod(index, PAGES_PER_ACCOUNT)
            source_id = account_id * (PAGES_PER_ACCOUNT + 1) + kind_no + 1
            generation = (snapshot_id - 1) // page_sources
            captured = BASE_TIME - timedelta(days=90 * (3 - generation), minutes=index % 1440)
            body = words.text(rng.randint(60, 200))
            title = f"{PAGE_KINDS[kind_no].capitalize()} | {self.account_names[account_id + 1]}"
            yield (snapshot_id, source_id, _ts(captured), 200, title, body,
                   hashlib.sha256(body.encode()).hexdigest())

    def news(self) -> Iterator[tuple[Row, Row | None]]:
        rng, words = self.rng, self.words
        others = list(range(1, self.scale.accounts + 1))
        others.remove(BIG_ACCOUNT_ID)
        owners = [BIG_ACCOUNT_ID] * min(BIG_ACCOUNT_NEWS, self.scale.news) + _spread(
            self.scale.news - BIG_ACCOUNT_NEWS, others, rng)
        kinds = list(TRIGGERS)
        for news_id, account_id in enumerate(owners, start=1):
            co = self.account_names[account_id].split(" ")[0]
            title = words.sentence(rng.randint(5, 12))[:-1]
            summary = words.sentence(rng.randint(15, 40))
            trigger: Row | None = None
            if rng.random() < 0.3:
                kind = rng.choice(kinds)
                evidence = TRIGGERS[kind].format(
                    co=co, n=rng.randint(2, 400), inv=words.text(1).capitalize() + " Capital",
                    person=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    word=words.text(1), word2=words.text(1), word3=words.text(1),
                    other=words.text(1).capitalize(), city=rng.choice(CITIES))
                summary = f"{evidence} {summary}"
                trigger = (news_id, kind, evidence)
            text = words.text(rng.randint(150, 400)) if rng.random() < 0.1 else ""
            published = BASE_TIME - timedelta(minutes=rng.randint(0, 3 * 365 * 1440))
            url = f"https://news{news_id % 97}.example/{account_id}/{news_id}"
            yield ((news_id, account_id, account_id * (PAGES_PER_ACCOUNT + 1), url, url, url,
                    title, _ts(published), summary, text, _ts(BASE_TIME),
                    int(rng.random() < 0.02), int(rng.random() < 0.4)), trigger)

    def stakeholders(self) -> Iterator[Row]:
        rng, words = self.rng, self.words
        fixed = {BIG_ACCOUNT_ID: BIG_ACCOUNT_STAKEHOLDERS, COMMITTEE_ACCOUNT_ID: COMMITTEE_SIZE}
        owners = [a for a, n in fixed.items() if a <= self.scale.accounts for _ in range(n)]
        others = [a for a in range(1, self.scale.accounts + 1) if a not in fixed]
        owners += _spread(self.scale.stakeholders - len(owners), others, rng)
        for person_id, account_id in enumerate(owners, start=1):
            self.people_by_account.setdefault(account_id, []).append(person_id)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            attitude = rng.choice((None, -2, -1, 0, 1, 2))
            contact = (BASE_TIME.date() - timedelta(days=rng.randint(0, 700))).isoformat() \
                if rng.random() < 0.6 else None
            yield (person_id, account_id, f"{first} {last}", rng.choice(TITLES),
                   f"{first.lower()}.{last.lower()}@acc{account_id}.example".replace("'", ""),
                   "", "", rng.choice(ROLES), attitude, rng.choice(("high", "medium", "low")),
                   words.sentence(rng.randint(4, 15)), words.sentence(rng.randint(0, 10)),
                   "", "", words.sentence(rng.randint(0, 20)) if rng.random() < 0.3 else "",
                   contact, "typed", rng.uniform(0, 1200), rng.uniform(0, 800),
                   _ts(BASE_TIME - timedelta(days=rng.randint(0, 900))))

    def relationships(self) -> Iterator[Row]:
        rng = self.rng
        rel_id = 0
        for account_id, people in sorted(self.people_by_account.items()):
            for position, person in enumerate(people[1:], start=1):
                rel_id += 1
                yield (rel_id, account_id, person, people[rng.randrange(position)], "reports_to")
                if rng.random() < 0.2:
                    rel_id += 1
                    yield (rel_id, account_id, person, rng.choice(people), "influences")

    def calls(self) -> Iterator[tuple[Row, list[int]]]:
        rng, words = self.rng, self.words
        owners = _spread(self.scale.calls, range(1, self.scale.accounts + 1), rng)
        for call_id, account_id in enumerate(owners, start=1):
            when = BASE_TIME + timedelta(hours=rng.randint(-365 * 24, 2 * 365 * 24))
            people = self.people_by_account.get(account_id, [])
            attendees = rng.sample(people, min(len(people), rng.randint(1, 3)))
            yield ((call_id, account_id, _ts(when), rng.choice(CALL_KINDS),
                    words.sentence(rng.randint(5, 12)), words.sentence(6), words.sentence(4), "",
                    '["' + words.text(6) + '?"]', "[]", "[]", words.sentence(rng.randint(0, 30)),
                    "", "", _ts(when - timedelta(days=3))), attendees)


    def campaigns(self) -> tuple[list[Row], list[Row], list[Row], list[Row], list[Row]]:
        """Cadences and steps (the built-ins), enrolments with their planned touches, and
        touches: those that did a step before `QUEUE_DAY`, then unplanned ones up to the
        scale's count."""
        from workbench.campaigns.cadences import BUILTIN
        from workbench.campaigns.schedule import add_working_days

        rng = random.Random(self.rng.random())
        cadences = [(i, c.name, c.tier.value if c.tier else None, c.description, 1,
                     _ts(BASE_TIME)) for i, c in enumerate(BUILTIN, start=1)]
        steps = [(len(cadences) * 100 + i * 100 + n, i, n, st.day_offset, st.channel.value,
                  st.title, st.script, st.item, st.cost, st.lead_days)
                 for i, c in enumerate(BUILTIN, start=1) for n, st in enumerate(c.steps)]
        people = [(p, a) for a, ps in sorted(self.people_by_account.items()) for p in ps]
        chosen = rng.sample(people, min(self.scale.enrolments, len(people)))
        enrolments: list[Row] = []
        planned: list[Row] = []
        touches: list[Row] = []
        planned_id = 0
        for enrolment_id, (person, account) in enumerate(chosen, start=1):
            cadence_no = rng.randint(1, len(BUILTIN))
            spec = BUILTIN[cadence_no - 1]
            # A territory's history: most campaigns ended long ago, a few run now.
            state = rng.choices(("active", "stopped", "finished", "paused"),
                                (15, 37, 45, 3))[0]
            # A stopped campaign ended at some step (a reply, a "not interested").
            stop_at = rng.randrange(1, len(spec.steps)) if state == "stopped" else None
            start = QUEUE_DAY - timedelta(days=rng.randint(0, 30) if state == "active"
                                          else rng.randint(40, 730))
            for n, step in enumerate(spec.steps):
                planned_id += 1
                due = add_working_days(start, step.day_offset)
                touch_id = None
                if stop_at is not None and n >= stop_at:
                    step_state = "cancelled"
                elif due < QUEUE_DAY and rng.random() < 0.95:
                    step_state = "done"
                    if len(touches) < self.scale.touches:
                        touch_id = len(touches) + 1
                        outcome = "voicemail" if step.channel.value == "phone" else "sent"
                        touches.append((touch_id, account, person, step.channel.value,
                                        _ts(datetime.combine(due, BASE_TIME.time())), outcome,
                                        None, ""))
                elif state in ("stopped", "finished"):
                    step_state = "cancelled"
                else:
                    step_state = "planned"
                planned.append((planned_id, enrolment_id, n, due.isoformat(),
                                step.channel.value, step.title, step.script, step.item,
                                step.cost, step.lead_days, step_state, touch_id))
            enrolments.append((enrolment_id, account, person, cadence_no, spec.name,
                               start.isoformat(), state, "", None, _ts(BASE_TIME)))
        outcomes = ("connected", "voicemail", "no_answer", "sent", "replied")
        while len(touches) < self.scale.touches and people:
            person, account = people[rng.randrange(len(people))]
            when = BASE_TIME - timedelta(minutes=rng.randint(0, 365 * 1440))
            touches.append((len(touches) + 1, account, person,
                            rng.choice(("phone", "email", "letter", "social")),
                            _ts(when), rng.choice(outcomes), None, ""))
        return cadences, steps, enrolments, planned, touches


def _insert(conn: sqlite3.Connection, table: str, columns: str, rows: Iterator[Row],
            batch: int = 5000) -> int:
    marks = ", ".join("?" * len(columns.split(",")))
    sql = f'INSERT INTO "{table}" ({columns}) VALUES ({marks})'
    count = 0
    while chunk := list(itertools.islice(rows, batch)):
        conn.executemany(sql, chunk)
        count += len(chunk)
    return count


def build(path: Path, scale: Scale, seed: int = SEED,
          progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Create `path` (which must not exist) at `scale`; return the row count of each table."""
    from workbench.storage.database import open_database

    db = open_database(path)  # the program's own schema, migrations and FTS triggers included
    db.dispose()
    gen = _Generator(scale, seed)
    say = progress or (lambda message: None)
    conn = sqlite3.connect(path, isolation_level=None)
    counts: dict[str, int] = {}
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("BEGIN")
        # Index the text once at the end instead of row by row through the search
        # triggers: the same index, built several times faster. The triggers come back
        # before the commit, exactly as the migration made them.
        search_triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search%'"
        ).fetchall()
        for name, _sql in search_triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        counts["account"] = _insert(conn, "account", "id, name, domain, website, industry, tier, "
                                    "stage, notes, created_at, updated_at, last_researched_at, "
                                    "required_roles", gen.accounts())
        counts["source"] = _insert(conn, "source", "id, account_id, url, kind, page_kind, "
                                   "added_by_user, etag, last_modified, last_status, last_error, "
                                   "last_fetched_at", gen.sources())
        say(f"accounts and sources: {counts['account']}, {counts['source']}")
        counts["page_snapshot"] = _insert(conn, "page_snapshot", "id, source_id, captured_at, "
                                          "status, title, text, content_hash", gen.snapshots())
        say(f"page snapshots: {counts['page_snapshot']}")
        triggers: list[Row] = []

        def news_rows() -> Iterator[Row]:
            for row, trigger in gen.news():
                if trigger is not None:
                    triggers.append(trigger)
                yield row

        counts["news_item"] = _insert(conn, "news_item", "id, account_id, source_id, dedupe_key, "
                                      "guid, url, title, published_at, summary, text, fetched_at, "
                                      "pinned, read", news_rows())
        counts["news_trigger"] = _insert(conn, "news_trigger", "news_item_id, kind, evidence",
                                         iter(triggers))
        say(f"news: {counts['news_item']} with {counts['news_trigger']} triggers")
        counts["stakeholder"] = _insert(
            conn, "stakeholder", "id, account_id, name, title, email, phone, profile_url, role, "
            "attitude, influence, needs, dissatisfaction, personal_win, plan, notes, "
            "last_contact, origin, x, y, created_at", gen.stakeholders())
        counts["relationship"] = _insert(conn, "relationship",
                                         "id, account_id, source_id, target_id, kind",
                                         gen.relationships())
        attendees: list[Row] = []

        def call_rows() -> Iterator[Row]:
            for row, people in gen.calls():
                attendees.extend((row[0], person) for person in people)
                yield row

        counts["call"] = _insert(conn, "call", "id, account_id, scheduled_at, kind, objective, "
                                 "commitment_best, commitment_minimum, value_hypothesis, "
                                 "questions, objections, talking_points, notes, outcome, "
                                 "next_step, created_at", call_rows())
        counts["call_attendee"] = _insert(conn, "call_attendee", "call_id, stakeholder_id",
                                          iter(attendees))
        say(f"stakeholders {counts['stakeholder']}, relationships {counts['relationship']}, "
            f"calls {counts['call']}")
        cadences, steps, enrolments, planned, touches = gen.campaigns()
        counts["cadence"] = _insert(conn, "cadence", "id, name, tier, description, builtin, "
                                    "created_at", iter(cadences))
        counts["cadence_step"] = _insert(conn, "cadence_step", "id, cadence_id, position, "
                                         "day_offset, channel, title, script, item, cost, "
                                         "lead_days", iter(steps))
        counts["touch"] = _insert(conn, "touch", "id, account_id, stakeholder_id, channel, at, "
                                  "outcome, out_of_office_until, note", iter(touches))
        counts["enrolment"] = _insert(conn, "enrolment", "id, account_id, stakeholder_id, "
                                      "cadence_id, cadence_name, start_date, state, reason, "
                                      "paused_on, created_at", iter(enrolments))
        counts["planned_touch"] = _insert(conn, "planned_touch", "id, enrolment_id, position, "
                                          "due_date, channel, title, script, item, cost, "
                                          "lead_days, state, touch_id", iter(planned))
        say(f"campaigns: {counts['enrolment']} enrolments, {counts['planned_touch']} planned, "
            f"{counts['touch']} touches")
        for table in search_tables(conn):
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
        say("search index built")
        for _name, sql in search_triggers:
            conn.execute(sql)
        conn.execute("COMMIT")
        conn.execute("ANALYZE")  # what a long-lived file would have: planner statistics
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return counts


def search_tables(conn: sqlite3.Connection) -> list[str]:
    """The FTS5 tables of the file (none on a schema without search)."""
    return [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'")]


def cached_database(scale: Scale, progress: Callable[[str], None] | None = None) -> Path:
    """The generated file for `scale`, built on first use and reused while its key holds."""
    from workbench.storage.schema import HEAD_REVISION, MIGRATIONS_DIR

    # The migrations' text is part of the key: an edited migration means a new file.
    schema_hash = hashlib.sha256(b"".join(
        path.read_bytes() for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py"))
    )).hexdigest()[:8]
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    ignore = CACHE_DIR / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    path = CACHE_DIR / (f"territory-v{GENERATOR_VERSION}-{scale.name}-{HEAD_REVISION}"
                        f"-{schema_hash}.sqlite3")
    if path.exists():
        return path
    partial = path.with_name(path.name + f".building-{os.getpid()}")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    build(partial, scale, progress=progress)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)  # only a complete file ever carries the cache name
    if progress:
        progress(f"generated {path.name} in {time.perf_counter() - started:.1f} s")
    return path


def scale_for(quick: bool) -> Scale:
    return QUICK if quick else FULL


def territory(quick: bool) -> Path:
    """The database the measurements use: `$WORKBENCH_BENCH_DB` if set (to compare a
    file with and without an index, say), else the cached generated one."""
    override = os.environ.get("WORKBENCH_BENCH_DB")
    if override:
        return Path(override)
    return cached_database(scale_for(quick),
                           progress=lambda message: print(f"       {message}", file=sys.stderr))


DIGEST_TABLES = ("account", "source", "page_snapshot", "news_item", "news_trigger",
                 "stakeholder", "relationship", "call", "call_attendee", "cadence",
                 "cadence_step", "enrolment", "planned_touch", "touch")


def digest(path: Path) -> str:
    """A hash of every generated row, in order: equal digests mean identical databases."""
    hasher = hashlib.sha256()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for table in DIGEST_TABLES:
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                hasher.update(repr(row).encode())
    finally:
        conn.close()
    return hasher.hexdigest()


if __name__ == "__main__":  # pragma: no cover - a developer's shortcut
    chosen = {"full": FULL, "quick": QUICK, "tiny": TINY}[sys.argv[1] if len(sys.argv) > 1
                                                         else "quick"]
    print(cached_database(chosen, progress=print))
