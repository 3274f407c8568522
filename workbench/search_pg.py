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
import weakref
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from workbench import search
from workbench.search import INDEXES, SearchHit, SearchIndex
from workbench.storage.schema import SEARCH_VECTOR_COLUMN

VECTOR_COLUMN = SEARCH_VECTOR_COLUMN
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
    # translate() looks every character up in the whole table of accented letters, so
    # a text that is plain ASCII (as many bytes as characters) skips it: the same
    # result, and an insert of a long page or story is several times cheaper.
    return (f"CREATE OR REPLACE FUNCTION {FUNCTION}(value text) RETURNS text "
            "LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$ "
            "SELECT regexp_replace(CASE WHEN octet_length(value) = char_length(value) "
            f"THEN lower(value) ELSE translate(lower(value), {quote(sources)}, "
            f"{quote(targets)}) END, '[^[:alnum:]]+', ' ', 'g') $$")


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
    inline = set(conn.execute(text(
        "SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "WHERE c.relnamespace = current_schema()::regnamespace AND a.attname = :c "
        "AND a.attstorage = 'm'"), {"c": VECTOR_COLUMN}).scalars())
    changed = []
    for index in INDEXES:
        table = index.content
        if table not in tables:
            continue
        quoted = conn.dialect.identifier_preparer.quote(table)
        if table not in have:
            conn.execute(text(
                f"ALTER TABLE {quoted} ADD COLUMN {VECTOR_COLUMN} tsvector "
                f"GENERATED ALWAYS AS ({vector_sql(index)}) STORED"))
        if table not in inline:
            # Kept in the row (the body text goes to TOAST first): a search that walks
            # the newest rows tests each one's vector, and one fetched from the TOAST
            # table costs several times the test itself (12 against 2 us a row for
            # pages). Rows stored before keep their place until next rewritten.
            conn.execute(text(f"ALTER TABLE {quoted} ALTER COLUMN {VECTOR_COLUMN} "
                              "SET STORAGE MAIN"))
        if table in have:
            continue
        conn.execute(text(
            f"CREATE INDEX IF NOT EXISTS ix_{table}_{VECTOR_COLUMN} ON {quoted} "
            f"USING gin ({VECTOR_COLUMN})"))
        changed.append(table)
    _vector_tables.clear()
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


# Which tables have the vector, per engine: asking the catalogue costs ~5 ms, more
# than the search itself, so once per open database (a migration adds them before).
_vector_tables: weakref.WeakKeyDictionary[Engine, frozenset[str]] = weakref.WeakKeyDictionary()


def _has_vector(session: Session, table: str) -> bool:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    known = _vector_tables.get(engine)
    if known is None:
        known = frozenset(session.execute(text(
            "SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE c.relnamespace = current_schema()::regnamespace AND a.attname = :c "
            "AND NOT a.attisdropped"), {"c": VECTOR_COLUMN}).scalars())
        _vector_tables[engine] = known
    return table in known


def search_pg(session: Session, kinds: Sequence[str], user_text: str,
              account_id: int | None, limit: int) -> list[SearchHit]:
    """The hits of each chosen kind, like `search._search_fts` (ranks: lower is better).

    Two statements per keystroke: the ranks of all kinds, then the owners and texts of
    the best `limit` (simple lookups by id, quick to plan). Each kind as on SQLite:
    its newest `CANDIDATES_PER_KIND` matches, ranked only among themselves (ranking
    every match of a common word in 200,000 stories would cost more than a keystroke
    may); of all those, the best `limit` with their owners and text.
    """
    query = tsquery(user_text)
    if query is None:
        return []
    words = _WORD.findall(user_text)[:search.MAX_QUERY_WORDS]
    prefix_last = query.endswith(":*")
    hits: list[SearchHit] = []
    indexed: list[SearchIndex] = []
    for kind in kinds:
        index = search._BY_KIND[kind]
        if _has_vector(session, index.content):
            indexed.append(index)
        else:
            hits += search._search_like(session, kind, words, account_id, limit)
    if not indexed:
        return hits
    params: dict[str, object] = {"n": search.CANDIDATES_PER_KIND, "limit": int(limit)}
    if account_id is not None:
        params["account"] = int(account_id)
    # The tsquery goes into the text, not a parameter: it is built from letters and
    # digits only (`tsquery()`), and the planner must see it to choose between the GIN
    # index (a rare word) and walking the newest rows (a word in half the stories);
    # as a parameter, a prepared statement's generic plan would guess the same for both.
    literal = query.replace("'", "''")
    matches = f"to_tsquery('simple', '{literal}')"
    ranked = []
    for number, index in enumerate(indexed):
        where = f"t.{VECTOR_COLUMN} @@ {matches}"
        if account_id is not None:
            where += " AND " + _ACCOUNT_FILTER.get(index.kind, "t.account_id = :account")
        # The newest matches with their vectors (a reference to each, not yet read),
        # then ts_rank on those few only: ranking every match of a common word would
        # cost more than the keystroke may, and no row is looked up twice.
        ranked.append(
            f"(SELECT {number} AS kind, c.id, ts_rank(c.v, {matches}) AS rank FROM "
            f"(SELECT t.id, t.{VECTOR_COLUMN} AS v FROM {index.content} t WHERE {where} "
            "ORDER BY t.id DESC LIMIT :n) c ORDER BY rank DESC, c.id DESC LIMIT :limit)")
    # Only the best `limit` over all kinds are read whole (owners, texts) and cut into
    # snippets: `search.search` would drop the others. Ordered as it orders them
    # (rank, newest first), kinds in the order asked for ties.
    best = session.execute(text("SELECT * FROM (" + " UNION ALL ".join(ranked)
                                + ") AS u ORDER BY rank DESC, id DESC, kind LIMIT :limit"),
                           params).all()
    if not best:
        return hits
    ranks = {(row[0], row[1]): -float(row[2]) for row in best}
    selects = []
    for number, index in enumerate(indexed):
        ids = [row_id for kind, row_id in ranks if kind == number]
        if not ids:
            continue
        alias = search._ALIAS[index.kind]
        cols = f"ARRAY[{', '.join(f'{alias}.{c}::text' for c in index.columns)}]"
        owners = search._OWNER_SQL[index.kind].format(
            ids=", ".join(str(int(i)) for i in ids), cols=cols)
        selects.append(f"SELECT {number}, o.* FROM ({owners}) AS o")
    rows = session.execute(text(" UNION ALL ".join(selects))).all()
    # Lower is better, as bm25() gives on SQLite, so both sort the same way.
    hits += [SearchHit(indexed[row[0]].kind, row[1], row[2], row[3], row[4] or "",
                       search.snippet(row[5], words, prefix_last), ranks[row[0], row[1]])
             for row in sorted(rows, key=lambda row: row[0])]
    return hits
