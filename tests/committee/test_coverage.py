"""Every coverage rule: completeness over required roles and each red flag, with its people."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from workbench.committee import coverage
from workbench.committee.coverage import assess, coverage_for_account, parse_required_roles
from workbench.committee.records import Person
from workbench.storage.models import Influence, Role

TODAY = date(2026, 11, 20)


def person(pid: int, role: Role = Role.USER, attitude: int | None = 1,
           influence: Influence = Influence.MEDIUM, days_ago: int | None = 3,
           plan: str = "", name: str = "") -> Person:
    contact = None if days_ago is None else TODAY - timedelta(days=days_ago)
    return Person(id=pid, name=name or f"Person {pid}", role=role, attitude=attitude,
                  influence=influence, last_contact=contact, plan=plan)


def full_team() -> list[Person]:
    return [person(1, Role.ECONOMIC_BUYER), person(2, Role.CHAMPION, 2),
            person(3, Role.TECHNICAL_EVALUATOR), person(4, Role.USER)]


def codes(cov: coverage.Coverage) -> list[str]:
    return [f.code for f in cov.flags]


def flag(cov: coverage.Coverage, code: str) -> coverage.Flag:
    return next(f for f in cov.flags if f.code == code)


def test_a_complete_well_covered_team_has_no_flags() -> None:
    cov = assess(full_team(), [], None, TODAY)
    assert cov.completeness == 1.0
    assert cov.missing_roles == ()
    assert cov.flags == []


def test_completeness_is_the_share_of_required_roles_filled() -> None:
    cov = assess([person(1, Role.ECONOMIC_BUYER), person(2, Role.USER)], [], None, TODAY)
    assert cov.completeness == pytest.approx(0.5)
    assert set(cov.missing_roles) == {Role.CHAMPION, Role.TECHNICAL_EVALUATOR}
    missing = flag(cov, coverage.MISSING_ROLE)
    assert "technical evaluator" in missing.message


def test_the_rep_can_change_the_required_roles() -> None:
    people = [person(1, Role.ECONOMIC_BUYER), person(2, Role.COACH)]
    cov = assess(people, [], [Role.ECONOMIC_BUYER, Role.COACH], TODAY)
    assert cov.completeness == 1.0
    assert coverage.MISSING_ROLE not in codes(cov)
    assert parse_required_roles("economic_buyer, coach") == (Role.ECONOMIC_BUYER, Role.COACH)
    assert parse_required_roles("") == coverage.DEFAULT_REQUIRED_ROLES
    assert parse_required_roles("nonsense") == coverage.DEFAULT_REQUIRED_ROLES
    assert coverage.format_required_roles(coverage.DEFAULT_REQUIRED_ROLES) == ""


def test_no_economic_buyer_is_flagged() -> None:
    cov = assess(full_team()[1:], [], None, TODAY)
    assert coverage.NO_ECONOMIC_BUYER in codes(cov)
    assert "budget" in flag(cov, coverage.NO_ECONOMIC_BUYER).advice


def test_no_champion_is_flagged_but_a_coach_is_enough() -> None:
    without = [p for p in full_team() if p.role is not Role.CHAMPION]
    assert coverage.NO_CHAMPION in codes(assess(without, [], None, TODAY))
    with_coach = [*without, person(9, Role.COACH)]
    assert coverage.NO_CHAMPION not in codes(assess(with_coach, [], None, TODAY))


def test_a_high_influence_opponent_without_a_plan_is_named() -> None:
    cfo = person(7, Role.INFLUENCER, attitude=-2, influence=Influence.HIGH, name="Priya Raman")
    cov = assess([*full_team(), cfo], [], None, TODAY)
    found = flag(cov, coverage.UNPLANNED_OPPONENT)
    assert found.stakeholder_ids == (7,)
    assert "Priya Raman" in found.message and "Priya Raman" in found.advice


def test_a_high_influence_blocker_counts_even_if_attitude_is_unknown() -> None:
    blocker = person(8, Role.BLOCKER, attitude=None, influence=Influence.HIGH)
    assert flag(assess([*full_team(), blocker], [], None, TODAY),
                coverage.UNPLANNED_OPPONENT).stakeholder_ids == (8,)


def test_an_opponent_with_a_plan_or_low_influence_is_not_flagged() -> None:
    planned = person(7, Role.BLOCKER, -2, Influence.HIGH, plan="CFO lunch with our CFO")
    weak = person(8, Role.USER, -1, Influence.LOW)
    assert coverage.UNPLANNED_OPPONENT not in codes(
        assess([*full_team(), planned, weak], [], None, TODAY))


def test_never_contacted_and_stale_contacts_name_their_people() -> None:
    team = [*full_team(), person(5, days_ago=None, name="Ann"),
            person(6, days_ago=31, name="Bo"), person(7, days_ago=30, name="Cy")]
    cov = assess(team, [], None, TODAY)
    never = flag(cov, coverage.NEVER_CONTACTED)
    assert never.stakeholder_ids == (5,) and "Ann" in never.message
    stale = flag(cov, coverage.STALE_CONTACT)
    assert stale.stakeholder_ids == (6,)  # 30 days is still fresh, 31 is not
    assert "Bo" in stale.message


def test_a_single_threaded_deal_is_flagged() -> None:
    team = [person(1, Role.ECONOMIC_BUYER, days_ago=None), person(2, Role.CHAMPION, days_ago=2),
            person(3, Role.TECHNICAL_EVALUATOR, days_ago=None)]
    cov = assess(team, [], None, TODAY)
    single = flag(cov, coverage.SINGLE_THREADED)
    assert single.stakeholder_ids == (2,)
    assert coverage.SINGLE_THREADED not in codes(assess(full_team(), [], None, TODAY))


def test_unknown_roles_and_attitudes_are_flagged() -> None:
    team = [*full_team(), person(5, Role.UNKNOWN), person(6, attitude=None)]
    cov = assess(team, [], None, TODAY)
    assert flag(cov, coverage.UNKNOWN_ROLE).stakeholder_ids == (5,)
    assert flag(cov, coverage.UNKNOWN_ATTITUDE).stakeholder_ids == (6,)


def test_an_empty_committee_says_to_add_people() -> None:
    cov = assess([], [], None, TODAY)
    assert cov.completeness == 0.0
    assert codes(cov) == [coverage.EMPTY_COMMITTEE]


def test_every_flag_says_what_to_do_next() -> None:
    team = [person(1, Role.UNKNOWN, None, Influence.HIGH, None),
            person(2, Role.BLOCKER, -2, Influence.HIGH, 90)]
    cov = assess(team, [], None, TODAY)
    assert len(cov.flags) >= 6
    assert all(f.message and f.advice.endswith(".") for f in cov.flags)


def test_coverage_for_the_demo_account_reads_the_database(db) -> None:
    from workbench.demo import load_demo

    account_id = load_demo(db)
    cov = coverage_for_account(db, account_id)
    assert cov.completeness == 1.0  # the demo has all four default roles
    found = codes(cov)
    assert coverage.UNPLANNED_OPPONENT in found  # the CFO: blocker, high influence, no plan
    assert coverage.NEVER_CONTACTED in found
