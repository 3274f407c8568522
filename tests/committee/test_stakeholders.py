"""The committee's service functions: validation, lines, deletes that undo exactly."""

from __future__ import annotations

from datetime import date

import pytest

from workbench import errors
from workbench.accounts import create_account
from workbench.committee import stakeholders as service
from workbench.committee.records import load_committee
from workbench.storage.models import FoundPerson, RelationKind, Role

REPORTS, INFLUENCES = RelationKind.REPORTS_TO, RelationKind.INFLUENCES


@pytest.fixture
def account(db) -> int:
    return create_account(db, "Acme", "https://acme.example")


def test_add_edit_and_read_back(db, account) -> None:
    sid = service.add_stakeholder(db, account, "  Ada   Lovelace ", title="CTO",
                                  role="technical_evaluator", attitude=1,
                                  last_contact="2026-11-01")
    values = service.get_values(db, sid)
    assert values["name"] == "Ada Lovelace"
    assert values["role"] is Role.TECHNICAL_EVALUATOR
    assert values["last_contact"] == date(2026, 11, 1)
    before = service.update_stakeholder(db, sid, attitude=-2, needs="Fewer outages")
    assert before == {"attitude": 1, "needs": ""}
    assert service.get_values(db, sid)["attitude"] == -2


@pytest.mark.parametrize(("field", "value", "words"), [
    ("name", "   ", "needs a name"),
    ("attitude", 3, "from -2"),
    ("role", "boss", "not a committee role"),
    ("email", "not-an-email", "email address"),
    ("last_contact", "31/12/2026", "not a date"),
    ("title", "x" * 301, "at most 300"),
])
def test_bad_values_are_refused_and_nothing_changes(db, account, field, value, words) -> None:
    sid = service.add_stakeholder(db, account, "Ada")
    with pytest.raises(errors.InvalidInput, match=words):
        service.update_stakeholder(db, sid, **{field: value})
    assert service.get_values(db, sid)["name"] == "Ada"


def test_lines_follow_the_rules(db, account) -> None:
    ceo, coo, vp = (service.add_stakeholder(db, account, n) for n in ("CEO", "COO", "VP"))
    service.connect(db, coo, ceo, REPORTS)
    service.connect(db, vp, coo, REPORTS)
    with pytest.raises(errors.InvalidInput, match="already reports to"):
        service.connect(db, vp, ceo, REPORTS)
    with pytest.raises(errors.InvalidInput, match="cannot report to"):
        service.connect(db, ceo, vp, REPORTS)
    with pytest.raises(errors.InvalidInput, match="themselves"):
        service.connect(db, vp, vp, INFLUENCES)
    # Influence crosses the organisation, in any direction, once per pair and direction.
    service.connect(db, vp, ceo, INFLUENCES)
    service.connect(db, ceo, vp, INFLUENCES)
    with pytest.raises(errors.InvalidInput, match="already influences"):
        service.connect(db, vp, ceo, INFLUENCES)
    assert len(load_committee(db, account).lines) == 4


def test_people_of_two_accounts_cannot_be_connected(db, account) -> None:
    other = create_account(db, "Other", "https://other.example")
    a = service.add_stakeholder(db, account, "A")
    b = service.add_stakeholder(db, other, "B")
    with pytest.raises(errors.InvalidInput, match="same account"):
        service.connect(db, a, b, INFLUENCES)


def test_delete_takes_the_lines_and_restore_brings_everything_back(db, account) -> None:
    a, b, c = (service.add_stakeholder(db, account, n) for n in "ABC")
    service.connect(db, b, a, REPORTS)
    service.connect(db, c, b, INFLUENCES)
    service.connect(db, c, a, REPORTS)
    before = load_committee(db, account)
    deletion = service.delete_many(db, [a, b])
    after = load_committee(db, account)
    assert [p.name for p in after.people] == ["C"] and after.lines == ()
    service.restore_many(db, deletion)
    assert load_committee(db, account) == before


def test_a_found_person_keeps_its_page_and_link(db, account) -> None:
    with db.session() as session:
        found = FoundPerson(account_id=account, name="Dana Whitfield", title="CEO",
                            source_url="https://acme.example/team")
        session.add(found)
        session.flush()
        found_id = found.id
    sid = service.add_found_person(db, found_id)
    assert service.get_values(db, sid)["origin"] == "https://acme.example/team"
    assert service.found_people(db, account) == []
    with pytest.raises(errors.InvalidInput, match="already on the committee"):
        service.add_found_person(db, found_id)
    deleted = service.delete_stakeholder(db, sid)
    assert [f[0] for f in service.found_people(db, account)] == [found_id]
    service.restore_stakeholder(db, deleted)
    assert service.found_people(db, account) == []


def test_required_roles_are_stored_per_account(db, account) -> None:
    assert service.set_required_roles(db, account, [Role.ECONOMIC_BUYER, Role.COACH]) == ""
    assert load_committee(db, account).required_roles_text == "economic_buyer,coach"
    with pytest.raises(errors.InvalidInput):
        service.set_required_roles(db, account, [])
