from __future__ import annotations

import pytest

from workbench import accounts, errors
from workbench.storage.database import Database, open_database
from workbench.storage.models import Stage, Tier


def test_create_edit_and_find(db: Database) -> None:
    account_id = accounts.create_account(db, "", "www.acme-robotics.com/")
    account = accounts.get_account(db, account_id)
    assert (account.name, account.domain, account.website) == (
        "Acme-robotics", "acme-robotics.com", "https://acme-robotics.com")
    accounts.update_account(db, account_id, name="  Acme   Robotics ", tier="a", stage="progress",
                            industry="Robots", notes="Met at trade fair")
    account = accounts.find_account(db, "ACME ROBOTICS")
    assert (account.name, account.tier, account.stage) == ("Acme Robotics", Tier.A, Stage.PROGRESS)
    assert accounts.find_account(db, "https://www.acme-robotics.com").id == account_id
    assert accounts.find_account(db, str(account_id)).notes == "Met at trade fair"


def test_duplicate_domain_is_refused_and_nothing_changes(db: Database) -> None:
    first = accounts.create_account(db, "Acme", "acme.com")
    with pytest.raises(errors.DuplicateDomain, match="Acme"):
        accounts.create_account(db, "Acme again", "https://www.acme.com/")
    other = accounts.create_account(db, "Other", "other.com")
    with pytest.raises(errors.DuplicateDomain):
        accounts.update_account(db, other, website="acme.com")
    assert accounts.get_account(db, other).domain == "other.com"
    assert [r.id for r in accounts.list_accounts(db)] == [first, other]


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_bad_names_are_refused(db: Database, name: str) -> None:
    with pytest.raises(errors.InvalidInput):
        accounts.create_account(db, name)


def test_bad_tier_and_stage_are_refused(db: Database) -> None:
    account_id = accounts.create_account(db, "Acme")
    with pytest.raises(errors.InvalidInput, match="tier"):
        accounts.update_account(db, account_id, tier="Z")
    with pytest.raises(errors.InvalidInput, match="stage"):
        accounts.update_account(db, account_id, stage="won")


def test_delete_removes_everything_about_the_account(db: Database) -> None:
    from workbench.demo import load_demo
    from workbench.storage.models import NewsItem, Stakeholder

    demo = load_demo(db)
    keep = accounts.create_account(db, "Keep me")
    accounts.delete_account(db, demo)
    with db.session() as session:
        assert session.query(Stakeholder).count() == 0
        assert session.query(NewsItem).count() == 0
    assert [r.id for r in accounts.list_accounts(db)] == [keep]
    with pytest.raises(errors.NotFound):
        accounts.delete_account(db, demo)


def test_edits_survive_reopening(db_path) -> None:
    db = open_database(db_path)
    account_id = accounts.create_account(db, "Acme", "acme.com")
    accounts.update_account(db, account_id, notes="Budget in Q3")
    db.dispose()
    again = open_database(db_path)
    assert accounts.get_account(again, account_id).notes == "Budget in Q3"
    again.dispose()


def test_list_shows_the_next_planned_call(db: Database) -> None:
    from workbench.demo import load_demo

    demo = load_demo(db)
    (row,) = [r for r in accounts.list_accounts(db) if r.id == demo]
    assert row.next_call_at is not None and row.last_researched_at is not None
