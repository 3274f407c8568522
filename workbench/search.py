"""Full-text search over pages, news, stakeholders and notes (accounts and calls).

On SQLite the text lives in FTS5 tables (`search_*`) that the migration `search1`
creates and fills, and that triggers keep in step with every insert, update and
delete, so a search never sees stale or missing rows. On PostgreSQL the same
function degrades to `ILIKE` over the same columns: slower, but it finds the same things.

The user's text is never passed to FTS5 as query syntax: every word becomes a
quoted term (so quotes, colons or `NEAR` cannot raise a syntax error) and the last
word matches as a prefix, so results follow the rep's typing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, or_, select, text
from sqlalchemy.orm import Session

from workbench import errors
from workbench.storage.database import Database
from workbench.storage.models import Account, Call, NewsItem, PageSnapshot, Source, Stakeholder

# Marks around matched words in a snippet; plain characters, never HTML, so a
# hostile page's text cannot inject markup into whatever shows the snippet.
MARK_START = "«"
MARK_END = "»"
ELLIPSIS = "…"
SNIPPET_TOKENS = 12
# Relevance is computed over the newest matches only: ranking every match of a
# common word across 200,000 news items costs far more than a keystroke may.
CANDIDATES_PER_KIND = 400
MAX_QUERY_WORDS = 12
MIN_PREFIX_CHARS = 2


@dataclass(frozen=True)
class SearchIndex:
    """One FTS5 table: what it indexes and how a hit names its account and title."""

    kind: str
    table: str
    content: str
    columns: tuple[str, ...]
    # Weights for bm25(), one per column: a hit in a title counts more than in body text.
    weights: tuple[float, ...]


INDEXES: tuple[SearchIndex, ...] = (
    SearchIndex("account", "search_account", "account",
                ("name", "industry", "notes"), (10.0, 2.0, 1.0)),
    SearchIndex("stakeholder", "search_stakeholder", "stakeholder",
                ("name", "title", "needs", "dissatisfaction", "personal_win", "plan", "notes"),
                (10.0, 4.0, 1.0, 1.0, 1.0, 1.0, 1.0)),
    SearchIndex("news", "search_news", "news_item",
                ("title", "summary", "text"), (6.0, 2.0, 1.0)),
    SearchIndex("page", "search_page", "page_snapshot",
                ("title", "text"), (6.0, 1.0)),
    SearchIndex("call", "search_call", "call",
                ("objective", "notes", "outcome", "next_step"), (2.0, 1.0, 1.0, 1.0)),
)
KINDS: tuple[str, ...] = tuple(index.kind for index in INDEXES)
_BY_KIND = {index.kind: index for index in INDEXES}

# FTS5 keeps each index in shadow tables; schema comparison must ignore all of them.
_SHADOW_SUFFIXES = ("", "_data", "_idx", "_content", "_docsize", "_config")
SEARCH_TABLE_NAMES: frozenset[str] = frozenset(
    index.table + suffix for index in INDEXES for suffix in _SHADOW_SUFFIXES)


def is_search_table(name: str | None) -> bool:
    """True for the FTS5 tables and their shadow tables (not part of the models)."""
    return name in SEARCH_TABLE_NAMES


@dataclass(frozen=True)
class SearchHit:
    """One thing found: what kind, which row, which account, and the words around the match."""

    kind: str
    id: int
    account_id: int
    account_name: str
    title: str
    snippet: str
    rank: float


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(user_text: str) -> str | None:
    """The FTS5 query for what the user typed, or None when there is nothing to search.

    Words are ANDed; each is quoted; the last is a prefix when it has at least
    two characters (a one-letter prefix matches nearly everything).
    """
    words = _WORD.findall(user_text)[:MAX_QUERY_WORDS]
    if not words:
        return None
    terms = [f'"{word}"' for word in words]
    if len(words[-1]) >= MIN_PREFIX_CHARS and not user_text[-1:].isspace():
        terms[-1] += "*"
    return " ".join(terms)


def search(db: Database, user_text: str, *, kinds: Iterable[str] | None = None,
           account_id: int | None = None, limit: int = 50) -> list[SearchHit]:
    """What matches `user_text`, best first, at most `limit` hits over the chosen kinds."""
    chosen = _check_kinds(kinds)
    if limit <= 0:
        return []
    with db.session() as session:
        if session.get_bind().dialect.name == "sqlite":
            query = fts_query(user_text)
            if query is None:
                return []
            hits = [hit for kind in chosen
                    for hit in _search_fts(session, _BY_KIND[kind], query, account_id, limit)]
        else:
            words = _WORD.findall(user_text)[:MAX_QUERY_WORDS]
            if not words:
                return []
            hits = [hit for kind in chosen
                    for hit in _search_like(session, kind, words, account_id, limit)]
    hits.sort(key=lambda hit: (hit.rank, -hit.id))
    return hits[:limit]


def _check_kinds(kinds: Iterable[str] | None) -> Sequence[str]:
    if kinds is None:
        return KINDS
    chosen = list(dict.fromkeys(kinds))
    unknown = [kind for kind in chosen if kind not in _BY_KIND]
    if unknown:
        raise errors.InvalidInput(
            f"Cannot search “{unknown[0]}”: choose from {', '.join(KINDS)}.")
    return chosen


# How each kind reaches its account and what it shows as a title.
_OWNER_SQL = {
    "account": ("SELECT a.id, a.id, a.name, a.name FROM account a WHERE a.id IN ({ids})"),
    "stakeholder": ("SELECT s.id, s.account_id, a.name, s.name || CASE WHEN s.title != '' "
                    "THEN ', ' || s.title ELSE '' END FROM stakeholder s "
                    "JOIN account a ON a.id = s.account_id WHERE s.id IN ({ids})"),
    "news": ("SELECT n.id, n.account_id, a.name, n.title FROM news_item n "
             "JOIN account a ON a.id = n.account_id WHERE n.id IN ({ids})"),
    "page": ("SELECT p.id, src.account_id, a.name, CASE WHEN p.title != '' THEN p.title "
             "ELSE src.url END FROM page_snapshot p JOIN source src ON src.id = p.source_id "
             "JOIN account a ON a.id = src.account_id WHERE p.id IN ({ids})"),
    "call": ("SELECT c.id, c.account_id, a.name, c.objective FROM call c "
             "JOIN account a ON a.id = c.account_id WHERE c.id IN ({ids})"),
}
# Restricting to one account: the rows of that account, for `rowid IN (...)`.
_ACCOUNT_ROWS_SQL = {
    "account": "SELECT :account_id",
    "stakeholder": "SELECT id FROM stakeholder WHERE account_id = :account_id",
    "news": "SELECT id FROM news_item WHERE account_id = :account_id",
    "page": ("SELECT p.id FROM page_snapshot p JOIN source src ON src.id = p.source_id "
             "WHERE src.account_id = :account_id"),
    "call": "SELECT id FROM call WHERE account_id = :account_id",
}


def _search_fts(session: Session, index: SearchIndex, query: str, account_id: int | None,
                limit: int) -> list[SearchHit]:
    table = index.table
    weights = ", ".join(str(w) for w in index.weights)
    scope = ""
    params: dict[str, object] = {"q": query, "n": CANDIDATES_PER_KIND}
    if account_id is not None:
        scope = f" AND rowid IN ({_ACCOUNT_ROWS_SQL[index.kind]})"
        params["account_id"] = account_id
    # Step 1: the newest candidates in FTS5's own rowid order (no sort, stops at
    # the LIMIT), ranked by bm25 only for those.
    candidates = session.execute(text(
        f"SELECT rowid, bm25({table}, {weights}) FROM {table} "
        f"WHERE {table} MATCH :q{scope} ORDER BY rowid DESC LIMIT :n"), params).all()
    if not candidates:
        return []
    best = sorted(candidates, key=lambda row: (row[1], -row[0]))[:limit]
    ranks = {row[0]: float(row[1]) for row in best}
    ids = ", ".join(str(int(row_id)) for row_id in ranks)
    # Step 2: snippets and owners for the few shown, never for every match.
    snippets = dict(session.execute(text(
        f"SELECT rowid, snippet({table}, -1, :a, :b, :e, {SNIPPET_TOKENS}) FROM {table} "
        f"WHERE {table} MATCH :q AND rowid IN ({ids})"),
        {"q": query, "a": MARK_START, "b": MARK_END, "e": ELLIPSIS}).all())
    owners = session.execute(text(_OWNER_SQL[index.kind].format(ids=ids))).all()
    return [SearchHit(index.kind, row_id, owner_id, owner_name, title or "",
                      snippets.get(row_id, ""), ranks[row_id])
            for row_id, owner_id, owner_name, title in owners]


# --- PostgreSQL (and any database without FTS5): ILIKE over the same columns ---

def _like_columns(kind: str) -> tuple[list[object], object, object, object, object]:
    """The searched columns, the id, the account id column, the title and the FROM clause."""
    if kind == "account":
        cols = [Account.name, Account.industry, Account.notes]
        return cols, Account.id, Account.id, Account.name, Account
    if kind == "stakeholder":
        cols = [getattr(Stakeholder, c) for c in _BY_KIND["stakeholder"].columns]
        return cols, Stakeholder.id, Stakeholder.account_id, Stakeholder.name, Stakeholder
    if kind == "news":
        cols = [NewsItem.title, NewsItem.summary, NewsItem.text]
        return cols, NewsItem.id, NewsItem.account_id, NewsItem.title, NewsItem
    if kind == "page":
        cols = [PageSnapshot.title, PageSnapshot.text]
        frm = PageSnapshot.__table__.join(Source.__table__, Source.id == PageSnapshot.source_id)
        return cols, PageSnapshot.id, Source.account_id, PageSnapshot.title, frm
    cols = [Call.objective, Call.notes, Call.outcome, Call.next_step]
    return cols, Call.id, Call.account_id, Call.objective, Call


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search_like(session: Session, kind: str, words: list[str], account_id: int | None,
                 limit: int) -> list[SearchHit]:
    cols, id_col, account_col, title_col, frm = _like_columns(kind)
    conditions = [or_(*[col.ilike(f"%{_escape_like(w)}%", escape="\\") for col in cols])  # type: ignore[attr-defined]
                  for w in words]
    query = select(id_col, account_col, Account.name, title_col, *cols).select_from(frm)  # type: ignore[call-overload]
    if kind != "account":
        query = query.join(Account, Account.id == account_col)
    query = query.where(and_(*conditions)).order_by(id_col.desc()).limit(limit)  # type: ignore[attr-defined]
    if account_id is not None:
        query = query.where(account_col == account_id)
    hits = []
    for position, row in enumerate(session.execute(query).all()):
        body = next((str(v) for v in row[4:] if v and words[0].lower() in str(v).lower()), "")
        # No relevance without FTS: newest first, with ranks that keep that order.
        hits.append(SearchHit(kind, row[0], row[1], row[2], row[3] or "",
                              _excerpt(body, words), float(position)))
    return hits


def _excerpt(body: str, words: list[str], width: int = 80) -> str:
    """A window of `body` around the first word found, the words marked like FTS5 snippets."""
    lower = body.lower()
    at = lower.find(words[0].lower())
    if at < 0:
        return body[:width]
    start = max(0, at - width // 2)
    piece = body[start:start + width]
    for word in sorted(set(words), key=len, reverse=True):
        piece = re.sub(re.escape(word), lambda m: f"{MARK_START}{m.group(0)}{MARK_END}",
                       piece, flags=re.IGNORECASE)
    return (ELLIPSIS if start else "") + piece + (ELLIPSIS if start + width < len(body) else "")


def rebuild(db: Database) -> None:
    """Rebuild every FTS5 index from its table (after a bulk load with triggers off)."""
    with db.engine.begin() as conn:
        if conn.dialect.name != "sqlite":
            return
        for index in INDEXES:
            conn.execute(text(f"INSERT INTO {index.table}({index.table}) VALUES ('rebuild')"))


def check(db: Database) -> bool:
    """True when every FTS5 index agrees with its table (FTS5's own integrity check)."""
    with db.engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            return True
        for index in INDEXES:
            try:
                conn.execute(text(
                    f"INSERT INTO {index.table}({index.table}, rank) VALUES ('integrity-check', 1)"))
            except Exception:  # noqa: BLE001 - SQLite reports corruption as a generic error
                return False
        conn.rollback()
    return True
