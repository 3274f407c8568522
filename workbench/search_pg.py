"""Full-text search on PostgreSQL: a stored `tsvector` per searched table, behind a GIN index.

The same rules as SQLite's FTS5 search (`workbench.search`): words are runs of letters
and digits, accents and case do not matter, every word must match, the last word
matches as a prefix while the rep is still typing it, and a hit in a title counts
more than one in body text. So the two backends find the same things.

`workbench_words(text)` folds a text the way `search.fold()` does (the same table of
accented letters, built from Python's, so no extension is needed) and keeps only
its words; the `search_vector` column, generated from it, stays in step with every
insert and update by itself. `install_search_vectors()` adds what is missing after
each migration, for every kind `workbench.search.INDEXES` names; a kind whose table
has no vector yet is searched with ILIKE, as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from workbench import search
from workbench.search import INDEXES, SearchHit, SearchIndex

VECTOR_COLUMN = "search_vector"
FUNCTION = "workbench_words"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _letter_weight(weight: float) -> str:
    # tsvector has four weights; the FTS5 column weights fall into them by size.
    return "A" if weight >= 6 else "B" if weight >= 4 else "C" if weight >= 2 else "D"


def _fold_strings() -> tuple[str, str]:
    table = search._FOLD
    sources = "".join(chr(code) for code in sorted(table))
    targets = "".join(table[code] for code in sorted(table))
    return sources, targets


def _function_sql() -> str:
    sources, targets = _fold_strings()
    quote = "'{}'".format
    return (f"CREATE OR REPLACE FUNCTION {FUNCTION}(value text) RETURNS text "
            "LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$ "
            f"SELECT regexp_replace(translate(lower(value), {quote(sources)}, "
            f"{quote(targets)}), '[^[:alnum:]]+', ' ', 'g') $$")


def vector_sql(index: SearchIndex) -> str:
    """The expression the `search_vector` column is generated from (and queries match)."""
    parts = [f"setweight(to_tsvector('simple', coalesce({FUNCTION}({column}), '')), "
             f"'{_letter_weight(weight)}')"
             for column, weight in zip(index.columns, index.weights, strict=True)]
    return " || ".join(parts)


def install_search_vectors(conn: Connection) -> list[str]:
    """Add the vector column and its GIN index where missing; returns the tables changed."""
    if conn.dialect.name != "postgresql":
        return []
    conn.execute(text(_function_sql()))
    have = set(conn.execute(text(
        "SELECT table_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND column_name = :c"),
        {"c": VECTOR_COLUMN}).scalars())
    tables = set(conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars())
    changed = []
    for index in INDEXES:
        table = index.content
        if table in have or table not in tables:
            continue
        quoted = conn.dialect.identifier_preparer.quote(table)
        conn.execute(text(
            f"ALTER TABLE {quoted} ADD COLUMN {VECTOR_COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({vector_sql(index)}) STORED"))
        conn.execute(text(
            f"CREATE INDEX IF NOT EXISTS ix_{table}_{VECTOR_COLUMN} ON {quoted} "
            f"USING gin ({VECTOR_COLUMN})"))
        changed.append(table)
    return changed


def tsquery(user_text: str) -> str | None:
    """The `to_tsquery('simple', ...)` text for what the rep typed, or None for nothing.

    Built from folded words only (letters and digits), so nothing the rep types can
    be tsquery syntax.
    """
    words = [search.fold(w) for w in _WORD.findall(user_text)][:search.MAX_QUERY_WORDS]
    if not words:
        return None
    terms = [f"'{word}'" for word in words]
    if len(words[-1]) >= search.MIN_PREFIX_CHARS and not user_text[-1:].isspace():
        terms[-1] += ":*"
    return " & ".join(terms)


# How each kind's rows reach their account, for the account filter.
_ACCOUNT_FILTER = {
    "account": "t.id = :account",
    "page": "t.source_id IN (SELECT id FROM source WHERE account_id = :account)",
}


def _has_vector(session: Session, table: str) -> bool:
    return session.execute(text(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = :t AND column_name = :c"),
        {"t": table, "c": VECTOR_COLUMN}).first() is not None


def search_pg(session: Session, kinds: Sequence[str], user_text: str,
              account_id: int | None, limit: int) -> list[SearchHit]:
    """The hits of each chosen kind, like `search._search_fts` (ranks: lower is better)."""
    query = tsquery(user_text)
    if query is None:
        return []
    words = _WORD.findall(user_text)[:search.MAX_QUERY_WORDS]
    prefix_last = query.endswith(":*")
    hits: list[SearchHit] = []
    for kind in kinds:
        index = search._BY_KIND[kind]
        if not _has_vector(session, index.content):
            hits += search._search_like(session, kind, words, account_id, limit)
            continue
        hits += _search_kind(session, index, query, words, prefix_last, account_id, limit)
    return hits


def _search_kind(session: Session, index: SearchIndex, query: str, words: list[str],
                 prefix_last: bool, account_id: int | None, limit: int) -> list[SearchHit]:
    where = f"t.{VECTOR_COLUMN} @@ to_tsquery('simple', :q)"
    params: dict[str, object] = {"q": query, "n": search.CANDIDATES_PER_KIND}
    if account_id is not None:
        where += " AND " + _ACCOUNT_FILTER.get(index.kind, "t.account_id = :account")
        params["account"] = int(account_id)
    # The newest candidates, ranked only among themselves, as on SQLite: ranking every
    # match of a common word in 200,000 stories would cost more than a keystroke may.
    candidates = session.execute(text(
        f"SELECT t.id, ts_rank(t.{VECTOR_COLUMN}, to_tsquery('simple', :q)) "
        f"FROM {index.content} t WHERE {where} ORDER BY t.id DESC LIMIT :n"), params).all()
    if not candidates:
        return []
    best = sorted(candidates, key=lambda row: (-row[1], -row[0]))[:limit]
    # Lower is better, as bm25() gives on SQLite, so both sort the same way.
    ranks = {row[0]: -float(row[1]) for row in best}
    ids = ", ".join(str(int(row_id)) for row_id in ranks)
    alias = search._ALIAS[index.kind]
    cols = ", ".join(f"{alias}.{c}" for c in index.columns)
    owners = session.execute(text(search._OWNER_SQL[index.kind].format(ids=ids, cols=cols))).all()
    return [SearchHit(index.kind, row[0], row[1], row[2], row[3] or "",
                      search.snippet(row[4:], words, prefix_last), ranks[row[0]])
            for row in owners]
