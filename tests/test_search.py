"""Full-text search: what a rep types finds pages, news, people and notes, and stays right
as rows are added, edited and deleted (the FTS5 triggers), with a fallback for PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, text, update

from workbench import accounts, errors, search
from workbench.storage.database import Database
from workbench.storage.models import Call, NewsItem, PageSnapshot, Source, Stakeholder


def _seed(db: Database) -> dict[str, int]:
    acme = accounts.create_account(db, "Acme Robotics", "acme.example",
                                   notes="Met their CFO at the Lyon trade fair.")
    other = accounts.create_account(db, "Globex", "globex.example", industry="Logistics")
    with db.session() as s:
        src = Source(account_id=acme, url="https://acme.example/about", kind="page")
        s.add(src)
        s.flush()
        page = PageSnapshot(source_id=src.id, title="About Acme",
                            text="Acme builds warehouse robots in Grenoble since 1998.")
        news = NewsItem(account_id=acme, dedupe_key="n1", title="Acme raises Series B funding",
                        summary="The robotics maker closed a funding round led by Atomico.",
                        published_at=datetime(2026, 3, 1, tzinfo=UTC))
        old_news = NewsItem(account_id=other, dedupe_key="n2", title="Globex opens a depot",
                            summary="Expansion in Rotterdam.")
        person = Stakeholder(account_id=acme, name="Héloïse Martin", title="Chief Financial Officer",
                             needs="Cut the cost of picking errors")
        call = Call(account_id=other, objective="Discovery with the logistics team",
                    notes="They mentioned a tender in spring")
        s.add_all([page, news, old_news, person, call])
        s.flush()
        return {"acme": acme, "globex": other, "page": page.id, "news": news.id,
                "old_news": old_news.id, "person": person.id, "call": call.id,
                "source": src.id}


def _found(db: Database, query: str, **kw: object) -> set[tuple[str, int]]:
    return {(hit.kind, hit.id) for hit in search.search(db, query, **kw)}  # type: ignore[arg-type]


def test_each_kind_is_found_with_its_account_and_a_marked_snippet(db: Database) -> None:
    ids = _seed(db)
    [page] = search.search(db, "grenoble")
    assert (page.kind, page.id, page.account_id, page.account_name) == (
        "page", ids["page"], ids["acme"], "Acme Robotics")
    assert "«Grenoble»" in page.snippet and page.title == "About Acme"
    assert _found(db, "atomico") == {("news", ids["news"])}
    assert _found(db, "picking errors") == {("stakeholder", ids["person"])}
    assert _found(db, "lyon") == {("account", ids["acme"])}
    assert _found(db, "tender") == {("call", ids["call"])}


def test_typing_matches_prefixes_and_accents_do_not_matter(db: Database) -> None:
    ids = _seed(db)
    assert ("stakeholder", ids["person"]) in _found(db, "heloi")
    assert ("news", ids["news"]) in _found(db, "fund")
    # A finished word (trailing space) is no longer a prefix.
    assert ("news", ids["news"]) not in _found(db, "fund ")


def test_all_words_must_match_and_scope_and_kinds_narrow(db: Database) -> None:
    ids = _seed(db)
    assert _found(db, "acme robots") == {("page", ids["page"])}
    assert ("news", ids["old_news"]) in _found(db, "expansion")
    assert _found(db, "expansion", account_id=ids["acme"]) == set()
    assert _found(db, "acme", kinds=["news"]) == {("news", ids["news"])}
    with pytest.raises(errors.InvalidInput, match="Cannot search"):
        search.search(db, "acme", kinds=["emails"])


@pytest.mark.parametrize("hostile", ['"', 'acme"', "NEAR(", "title:acme", "a OR", "*", "-",
                                     "^acme", "acme AND", "((", "'; DROP TABLE account;--"])
def test_query_syntax_typed_by_the_rep_never_raises(db: Database, hostile: str) -> None:
    _seed(db)
    search.search(db, hostile)  # no FTS5 syntax error, whatever the text
    assert accounts.find_account(db, "acme.example").name == "Acme Robotics"


def test_nothing_to_search_finds_nothing(db: Database) -> None:
    _seed(db)
    assert search.search(db, "   ") == []
    assert search.search(db, "acme", limit=0) == []


def test_the_index_follows_inserts_updates_and_deletes(db: Database) -> None:
    ids = _seed(db)
    with db.session() as s:
        s.execute(update(NewsItem).where(NewsItem.id == ids["news"])
                  .values(title="Acme acquires Initech"))
    assert _found(db, "initech") == {("news", ids["news"])}
    assert ("news", ids["news"]) not in _found(db, "series")
    with db.session() as s:
        s.execute(delete(Stakeholder).where(Stakeholder.id == ids["person"]))
    assert _found(db, "picking") == set()
    accounts.update_account(db, ids["acme"], notes="Prefers email over phone")
    assert _found(db, "lyon") == set()
    assert _found(db, "email") == {("account", ids["acme"])}
    assert search.check(db)


def test_deleting_an_account_removes_everything_it_owned_from_the_index(db: Database) -> None:
    ids = _seed(db)
    accounts.delete_account(db, ids["acme"])
    assert _found(db, "grenoble") == set()
    assert _found(db, "atomico") == set()
    assert _found(db, "acme") == set()
    assert _found(db, "rotterdam") == {("news", ids["old_news"])}
    assert search.check(db)


def test_many_matches_return_the_best_within_the_limit(db: Database) -> None:
    acme = accounts.create_account(db, "Acme", "acme.example")
    with db.session() as s:
        s.add_all([NewsItem(account_id=acme, dedupe_key=f"k{i}", title=f"Quarterly note {i}",
                            summary="widget " * (1 + i % 5)) for i in range(120)])
        s.add(NewsItem(account_id=acme, dedupe_key="best", title="Widget widget widget"))
    hits = search.search(db, "widget", limit=10)
    assert len(hits) == 10
    assert hits[0].title == "Widget widget widget"
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)


def test_an_existing_file_is_indexed_when_it_is_migrated(db_path) -> None:
    from workbench.storage import schema
    from workbench.storage.database import open_database

    old = open_database(db_path, migrate=False)
    schema.upgrade(old, "0001")
    with old.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO account (name, website, industry, tier, stage, notes, created_at, "
            "updated_at, required_roles) VALUES ('Old Co', '', '', 'B', 'prepare', "
            "'speaks Esperanto', '2025-01-01 00:00:00', '2025-01-01 00:00:00', '')"))
    old.dispose()
    db = open_database(db_path)
    assert [h.account_name for h in search.search(db, "esperanto")] == ["Old Co"]
    db.dispose()


def test_without_fts5_the_ilike_fallback_finds_the_same_rows(db: Database) -> None:
    ids = _seed(db)
    with db.session() as s:
        for kind, words, expected in [
            ("page", ["grenoble"], {ids["page"]}),
            ("news", ["atomico"], {ids["news"]}),
            ("stakeholder", ["picking", "ERRORS"], {ids["person"]}),
            ("account", ["lyon"], {ids["acme"]}),
            ("call", ["tender"], {ids["call"]}),
            ("news", ["100%"], set()),
        ]:
            hits = search._search_like(s, kind, words, None, 50)
            assert {h.id for h in hits} == expected, kind
    with db.session() as s:
        [hit] = search._search_like(s, "page", ["grenoble"], ids["acme"], 50)
    assert "«Grenoble»" in hit.snippet and hit.account_name == "Acme Robotics"


def test_fts_query_quotes_every_word() -> None:
    assert search.fts_query('acme "robots') == '"acme" "robots"*'
    assert search.fts_query("a") == '"a"'
    assert search.fts_query("?!") is None
    assert search.is_search_table("search_news_data")
    # The migrations skip tables by this prefix alone (storage cannot import search).
    from workbench.storage.schema import SEARCH_TABLE_PREFIX

    assert all(name.startswith(SEARCH_TABLE_PREFIX) for name in search.SEARCH_TABLE_NAMES)
    assert not search.is_search_table("news_item")


def test_one_accounts_pages_are_found_by_their_account(db: Database) -> None:
    ids = _seed(db)
    assert _found(db, "grenoble", account_id=ids["acme"]) == {("page", ids["page"])}
    assert _found(db, "grenoble", account_id=ids["globex"]) == set()


def test_the_scope_tokens_behind_the_index_are_not_searchable(db: Database) -> None:
    ids = _seed(db)
    assert _found(db, f"acct{ids['acme']}") == set()
    assert _found(db, f"src{ids['source']}") == set()


def test_a_snippet_marks_words_whatever_their_accents_and_case() -> None:
    body = "Notre directrice, Héloïse MARTIN, rencontre les équipes à Lyon chaque lundi."
    assert search.snippet([body], ["heloise", "mar"]) == (
        "Notre directrice, «Héloïse» «MARTIN», rencontre les équipes à Lyon chaque lundi.")
    long = "word " * 40 + "Grenoble " + "tail " * 40
    cut = search.snippet(["", long], ["grenoble"], prefix_last=False)
    assert cut.startswith("…") and cut.endswith("…") and "«Grenoble»" in cut
    assert len(cut) <= search.SNIPPET_CHARS + 4  # two ellipses, two marks
