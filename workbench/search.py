"""Full-text search over pages, news, stakeholders and notes (accounts and calls).

On SQLite the text lives in FTS5 tables (`search_*`) that the migration `search1`
creates and fills, and that triggers keep in step with every insert, update and
delete, so a search never sees stale or missing rows. On PostgreSQL the search goes
through a generated `tsvector` column and a GIN index (`workbench.search_pg`); any
other database degrades to `ILIKE` over the same columns.

The user's text is never passed to FTS5 as query syntax: every word becomes a
quoted term (so quotes, colons or `NEAR` cannot raise a syntax error) and the last
word matches as a prefix, so results follow the rep's typing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

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
SNIPPET_CHARS = 90
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
    # The extra FTS column `scope` holds "acct<account id>" ("src<source id>" for pages).
    scope_prefix: str = "acct"


INDEXES: tuple[SearchIndex, ...] = (
    SearchIndex("account", "search_account", "account",
                ("name", "industry", "notes"), (10.0, 2.0, 1.0)),
    SearchIndex("stakeholder", "search_stakeholder", "stakeholder",
                ("name", "title", "needs", "dissatisfaction", "personal_win", "plan", "notes"),
                (10.0, 4.0, 1.0, 1.0, 1.0, 1.0, 1.0)),
    SearchIndex("news", "search_news", "news_item",
                ("title", "summary", "text"), (6.0, 2.0, 1.0)),
    SearchIndex("page", "search_page", "page_snapshot",
                ("title", "text"), (6.0, 1.0), scope_prefix="src"),
    SearchIndex("call", "search_call", "call",
                ("objective", "notes", "outcome", "next_step"), (2.0, 1.0, 1.0, 1.0)),
)
KINDS: tuple[str, ...] = tuple(index.kind for index in INDEXES)
_BY_KIND = {index.kind: index for index in INDEXES}

# FTS5 keeps each index in shadow tables; schema comparison must ignore all of them.
_SHADOW_SUFFIXES = ("", "_data", "_idx", "_content", "_docsize", "_config", "_rows")
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
        elif session.get_bind().dialect.name == "postgresql":
            from workbench.search_pg import search_pg  # tsvector + GIN (a team's server)

            hits = search_pg(session, chosen, user_text, account_id, limit)
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


# How each kind reaches its account, what it shows as a title and the text a
# snippet is cut from (the indexed columns, in the index's order).
_OWNER_SQL = {
    "account": "SELECT a.id, a.id, a.name, a.name, {cols} FROM account a WHERE a.id IN ({ids})",
    "stakeholder": ("SELECT s.id, s.account_id, a.name, s.name || CASE WHEN s.title != '' "
                    "THEN ', ' || s.title ELSE '' END, {cols} FROM stakeholder s "
                    "JOIN account a ON a.id = s.account_id WHERE s.id IN ({ids})"),
    "news": ("SELECT n.id, n.account_id, a.name, n.title, {cols} FROM news_item n "
             "JOIN account a ON a.id = n.account_id WHERE n.id IN ({ids})"),
    "page": ("SELECT p.id, src.account_id, a.name, CASE WHEN p.title != '' THEN p.title "
             "ELSE src.url END, {cols} FROM page_snapshot p "
             "JOIN source src ON src.id = p.source_id "
             "JOIN account a ON a.id = src.account_id WHERE p.id IN ({ids})"),
    "call": ("SELECT c.id, c.account_id, a.name, c.objective, {cols} FROM call c "
             "JOIN account a ON a.id = c.account_id WHERE c.id IN ({ids})"),
}
_ALIAS = {"account": "a", "stakeholder": "s", "news": "n", "page": "p", "call": "c"}


def _scope_filter(session: Session, index: SearchIndex, account_id: int) -> str | None:
    """The FTS5 expression selecting one account's rows, or None if it has none."""
    if index.scope_prefix == "acct":
        return f'{{scope}} : "acct{int(account_id)}"'
    sources = session.execute(text("SELECT id FROM source WHERE account_id = :a"),
                              {"a": account_id}).scalars().all()
    if not sources:
        return None
    return "{scope} : (" + " OR ".join(f'"src{int(s)}"' for s in sources) + ")"


def _search_fts(session: Session, index: SearchIndex, query: str, account_id: int | None,
                limit: int) -> list[SearchHit]:
    table = index.table
    # The user's words only ever match the text columns, never the scope tokens.
    expression = "{" + " ".join(index.columns) + "} : (" + query + ")"
    if account_id is not None:
        scope = _scope_filter(session, index, account_id)
        if scope is None:
            return []
        expression = f"{scope} AND {expression}"
    weights = ", ".join(str(w) for w in (*index.weights, 0.0))
    # Step 1: the newest candidates in FTS5's own rowid order (no sort, stops at
    # the LIMIT), ranked by bm25 only for those.
    candidates = session.execute(text(
        f"SELECT rowid, bm25({table}, {weights}) FROM {table} "
        f"WHERE {table} MATCH :q ORDER BY rowid DESC LIMIT :n"),
        {"q": expression, "n": CANDIDATES_PER_KIND}).all()
    if not candidates:
        return []
    best = sorted(candidates, key=lambda row: (row[1], -row[0]))[:limit]
    ranks = {row[0]: float(row[1]) for row in best}
    ids = ", ".join(str(int(row_id)) for row_id in ranks)
    # Step 2: owners and snippets for the few shown. Snippets are cut here rather
    # than by FTS5's snippet(), which re-runs the whole query for every row.
    alias = _ALIAS[index.kind]
    cols = ", ".join(f"{alias}.{c}" for c in index.columns)
    owners = session.execute(text(_OWNER_SQL[index.kind].format(ids=ids, cols=cols))).all()
    words = _WORD.findall(query)
    prefix_last = query.endswith("*")
    return [SearchHit(index.kind, row[0], row[1], row[2], row[3] or "",
                      snippet(row[4:], words, prefix_last), ranks[row[0]])
            for row in owners]


# --- snippets ----------------------------------------------------------------

def _build_fold_table() -> dict[int, str]:
    # One character in, one out, so positions in the folded text are positions in
    # the original: accents dropped and case folded like FTS5's unicode61 tokenizer.
    import unicodedata

    table: dict[int, str] = {}
    for code in range(0x80, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[:1].lower()
        if base and base != chr(code) and base.isalpha():
            table[code] = base
    return table


_FOLD = _build_fold_table()


def fold(value: str) -> str:
    """`value` without accents and in lower case, with the same length."""
    folded = value.translate(_FOLD).lower()
    return folded if len(folded) == len(value) else value.translate(_FOLD)


def snippet(texts: Sequence[object], words: Sequence[str], prefix_last: bool = True,
            width: int = SNIPPET_CHARS) -> str:
    """The words around the first match in the first text that has one, matches marked."""
    if not words:
        return ""
    patterns = [re.escape(fold(word)) for word in words]
    whole = [rf"\b{p}\b" for p in patterns]
    if prefix_last:
        whole[-1] = rf"\b{patterns[-1]}\w*"
    matcher = re.compile("|".join(whole))
    for value in texts:
        body = str(value or "")
        folded = fold(body)
        found = matcher.search(folded)
        if not found:
            continue
        start = max(0, found.start() - width // 3)
        if start:  # begin at a word, not in the middle of one
            space = body.find(" ", start, found.start())
            start = space + 1 if space >= 0 else start
        end = min(len(body), start + width)
        pieces: list[str] = []
        cursor = start
        for hit in matcher.finditer(folded, start, end):
            pieces += [body[cursor:hit.start()], MARK_START, body[hit.start():hit.end()], MARK_END]
            cursor = hit.end()
        pieces.append(body[cursor:end])
        return ((ELLIPSIS if start else "") + "".join(pieces).replace("\n", " ")
                + (ELLIPSIS if end < len(body) else ""))
    return str(texts[0] or "")[:width] if texts else ""


# --- PostgreSQL (and any database without FTS5): ILIKE over the same columns ---

def _like_columns(kind: str) -> tuple[list[Any], Any, Any, Any, Any]:
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
    conditions = [or_(*[col.ilike(f"%{_escape_like(w)}%", escape="\\") for col in cols])
                  for w in words]
    query = select(id_col, account_col, Account.name, title_col, *cols).select_from(frm)
    if kind != "account":
        query = query.join(Account, Account.id == account_col)
    query = query.where(and_(*conditions)).order_by(id_col.desc()).limit(limit)
    if account_id is not None:
        query = query.where(account_col == account_id)
    hits = []
    for position, row in enumerate(session.execute(query).all()):
        # No relevance without FTS: newest first, with ranks that keep that order.
        hits.append(SearchHit(kind, row[0], row[1], row[2], row[3] or "",
                              snippet(row[4:], words), float(position)))
    return hits


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
