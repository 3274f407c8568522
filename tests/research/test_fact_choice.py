"""One value per fact by the trust order, the others as alternatives, the rep's pick kept
across refreshes; the prep sheet and the Overview show the chosen value."""

from __future__ import annotations

from pathlib import Path

from tests.research.server import FixtureServer
from workbench import accounts
from workbench.overview import load_overview
from workbench.research import fact_choice
from workbench.research.fact_choice import FactValue, choose, value_key
from workbench.research.pipeline import refresh, run_research

SITES = Path(__file__).resolve().parent.parent / "sites"


def _facts(db, account: int) -> dict[str, object]:
    return {f.kind: f for f in load_overview(db, account).facts}


def test_conflicting_facts_get_one_trusted_value_and_alternatives(db, fixture_server: FixtureServer) -> None:
    fixture_server.serve_folder(SITES / "lakeshore")
    account = accounts.create_account(db, "Lakeshore", fixture_server.url("/"))
    run_research(db, account)

    facts = _facts(db, account)
    founded = facts["founded"]
    assert founded.value == "2009" and founded.reason == "the company's structured data"
    assert {value for value, _ in founded.alternatives} == {"2017", "2020"}
    careers = dict(founded.alternatives)["2017"]
    assert careers.rstrip("/").endswith("/careers")
    # One number written four ways is one fact; the recruiting line is an alternative.
    phone = facts["phone"]
    assert phone.value == "+1 617-555-0100"
    assert [value for value, _ in phone.alternatives] == ["+1 303-555-0142"]
    # The description is the home page's, never the careers page's job blurb.
    description = facts["description"]
    assert description.source_url == fixture_server.url("/")
    assert "Open jobs" not in description.value
    assert all("Open jobs" not in v for v, _ in description.alternatives)
    assert len([f for f in load_overview(db, account).facts if f.kind == "description"]) == 1

    # The prep sheet's snapshot uses the same chosen values.
    from workbench.prep.context import SNAPSHOT_FACTS  # noqa: F401 - the sheet's own list
    from workbench.research.fact_choice import chosen_facts

    with db.session() as session:
        chosen = {f.kind: f.value for f in chosen_facts(session, account)}
    assert chosen["founded"] == "2009" and chosen["phone"] == "+1 617-555-0100"


def test_the_reps_pick_wins_and_survives_a_refresh(db, fixture_server: FixtureServer) -> None:
    fixture_server.serve_folder(SITES / "lakeshore")
    account = accounts.create_account(db, "Lakeshore", fixture_server.url("/"))
    run_research(db, account)
    with db.session() as session:
        fact_choice.pick(session, account, "founded", "2017")
    founded = _facts(db, account)["founded"]
    assert founded.value == "2017" and founded.picked and founded.reason == "picked by you"
    assert "2009" in {v for v, _ in founded.alternatives}

    refresh(db, account)
    run_research(db, account)
    assert _facts(db, account)["founded"].value == "2017"

    with db.session() as session:
        fact_choice.pick(session, account, "founded", None)
    assert _facts(db, account)["founded"].value == "2009"


def test_trust_order_ranks_structured_then_about_and_contact_then_newest() -> None:
    from datetime import UTC, datetime

    old, new = datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC)
    values = [FactValue("2015", "https://a.example/press", "press", found_at=new),
              FactValue("2011", "https://a.example/about", "about", found_at=old),
              FactValue("2012", "https://a.example/contact", "contact", found_at=new)]
    assert choose("founded", values).value == "2012"  # about/contact, newest capture first
    values.append(FactValue("2010", "https://a.example/", "home", "structured", old))
    assert choose("founded", values).value == "2010"
    # A pick no page gives any more falls back to the trust order.
    assert choose("founded", values, picked="1999").value == "2010"


def test_a_phone_number_written_two_ways_is_one_value() -> None:
    assert value_key("phone", "+1 (617) 555-0100") == value_key("phone", "617.555.0100")
    assert value_key("phone", "+44 20 7946 0958") == value_key("phone", "+44 (0)20 7946 0958")
    assert value_key("phone", "+44 20 7946 0958") != value_key("phone", "+44 20 7946 0959")
