"""SEC EDGAR filings as a source: ticker to CIK, the per-company 8-K feed (fixtures of the
real feed's shape on 127.0.0.1), items mapped to trigger kinds, asked politely."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.research.server import FixtureServer, Route
from workbench import accounts
from workbench.research import edgar
from workbench.storage.database import Database
from workbench.storage.models import NewsItem

EDGAR = Path(__file__).resolve().parent.parent / "sites" / "edgar"
CONTACT = "rep@example.com"


def _serve(srv: FixtureServer) -> str:
    feed = (EDGAR / "harbor-8k.atom").read_bytes()
    srv.route("/files/company_tickers.json",
              Route(body=(EDGAR / "company_tickers.json").read_bytes(), content_type="application/json"))
    path = edgar.filings_feed_url("1234567", "").removeprefix("")
    srv.route(path, Route(body=feed, content_type="application/atom+xml"))
    return srv.base


def _client(srv: FixtureServer) -> edgar.HttpClient:
    return edgar.edgar_client(CONTACT, allow_private_hosts={"127.0.0.1"}, deadline=5.0)


def test_items_map_to_kinds_and_each_filing_lands_once(db: Database, fixture_server: FixtureServer) -> None:
    base = _serve(fixture_server)
    account = accounts.create_account(db, "Harbor Freight Technologies", "https://harbor.example")
    with _client(fixture_server) as client:
        cik = edgar.cik_for_ticker(client, "hrbr", base)
        assert cik == "0001234567"
        edgar.follow_filings(db, account, cik, base)
        summary = edgar.ingest_filings(db, account, client)
        assert summary.errors == [] and summary.filings == 5 and summary.added == 5
        assert edgar.ingest_filings(db, account, client).added == 0  # a second run adds nothing

    with db.session() as session:
        items = session.scalars(select(NewsItem).where(NewsItem.account_id == account)
                                .order_by(NewsItem.published_at.desc())).all()
        kinds = [sorted(t.kind for t in i.triggers) for i in items]
        evidence = {t.kind: t.evidence for i in items for t in i.triggers}
    assert kinds == [["leadership_change"], ["earnings"], ["acquisition", "layoffs", "partnership"],
                     ["bankruptcy"], []]
    assert evidence["earnings"] == "Form 8-K, Item 2.02: Results of Operations and Financial Condition"
    assert items[0].url.endswith("0001234567-25-000031-index.htm")
    # Politely: the contact address in the User-Agent of every request to EDGAR.
    agents = {r.headers.get("User-Agent") for r in fixture_server.requests}
    assert agents == {f"SalesPrepWorkbench/1.0 ({CONTACT})"}


def test_edgar_is_not_asked_without_a_contact_address() -> None:
    with pytest.raises(edgar.EdgarError, match="contact e-mail"):
        edgar.edgar_client("")


def test_an_unknown_ticker_and_a_bad_cik_get_clear_messages(fixture_server: FixtureServer) -> None:
    base = _serve(fixture_server)
    with _client(fixture_server) as client, pytest.raises(edgar.EdgarError, match="“ZZZZ”"):
        edgar.cik_for_ticker(client, "ZZZZ", base)
    with pytest.raises(edgar.InvalidInput):
        edgar.normalise_cik("12ab")


def test_item_numbers_are_read_from_either_place() -> None:
    assert edgar.items_of("items 1.01, 2.01, 2.05 and 9.01") == ("1.01", "2.01", "2.05", "9.01")
    assert edgar.items_of("<br>Item 5.02: Departure of Directors") == ("5.02",)


def test_the_filings_command_follows_a_ticker_and_reads_its_filings(
        db_path: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.helpers import run_command

    base = _serve(fixture_server)
    assert run_command(db_path, "accounts", "add", "Harbor Freight Technologies") == 0
    capsys.readouterr()
    code = run_command(db_path, "filings", "Harbor Freight Technologies", "--ticker", "HRBR",
                       "--contact", CONTACT, "--base", base)
    assert code == 0
    assert "5 filings read, 5 new" in capsys.readouterr().out
    # Later runs read the followed feed without being told the ticker again.
    assert run_command(db_path, "filings", "Harbor Freight Technologies", "--contact", CONTACT,
                       "--base", base) == 0
    assert "5 filings read, 0 new" in capsys.readouterr().out


def test_the_ticker_from_structured_data_is_used_when_the_rep_gives_none(
        db_path: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.helpers import run_command
    from workbench.research.facts import extract_facts
    from workbench.storage.database import open_database
    from workbench.storage.models import Fact

    page = ('<html><head><script type="application/ld+json">{"@type":"Corporation",'
            '"name":"Harbor Freight Technologies","tickerSymbol":"NASDAQ: HRBR"}</script></head></html>')
    (ticker,) = [f for f in extract_facts(page, "https://harbor.example/") if f.kind == "ticker"]
    base = _serve(fixture_server)
    assert run_command(db_path, "accounts", "add", "Harbor Freight Technologies") == 0
    db = open_database(db_path)
    try:
        with db.session() as session:
            session.add(Fact(account_id=1, kind="ticker", value=ticker.value,
                             source_url=ticker.source_url, origin="structured"))
    finally:
        db.dispose()
    capsys.readouterr()
    assert run_command(db_path, "filings", "1", "--contact", CONTACT, "--base", base) == 0
    assert "5 filings read, 5 new" in capsys.readouterr().out
