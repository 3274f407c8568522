"""The head of the day's queue, read with a limit by the database, is the head of the whole
queue, in the same order, with the whole queue's count: across many mixes of names (case,
accents, ties), channels, due dates and enrolment states, on both backends."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from workbench.campaigns.queue import fold, queue_head, touches_due
from workbench.storage.database import Database
from workbench.storage.models import (
    Account,
    Channel,
    Enrolment,
    EnrolmentState,
    PlannedState,
    PlannedTouch,
    Stakeholder,
)

DAY = date(2026, 6, 1)
# Names that a case fold, a code point order or a tie could sort apart: capitals and small
# letters, accents (composed), a name that is another's prefix, the very same name twice.
ACCOUNTS = ["Acme", "acme", "ACME Robotics", "Ábaco", "ábaco", "Zeta", "zeta", "Émile & Co",
            "eve", "Eve", "Øresund", "北京", "Acme", "_under", "9 Lives", "Åland"]
PEOPLE = ["Ann", "ann", "ANN", "Åsa", "åsa", "Bob", "bob", "Émilie", "emilie", "Zoë", "zoe",
          "Ann", "Ïan", "ian", "Ø", "o"]


def _territory(db: Database, seed: int) -> None:
    rng = random.Random(seed)
    with db.session() as session:
        accounts = [Account(name=rng.choice(ACCOUNTS)) for _ in range(rng.randint(3, 9))]
        session.add_all(accounts)
        session.flush()
        for account in accounts:
            for _ in range(rng.randint(1, 5)):
                person = Stakeholder(account_id=account.id, name=rng.choice(PEOPLE))
                session.add(person)
                session.flush()
                state = rng.choice([EnrolmentState.ACTIVE] * 4 + list(EnrolmentState))
                enrolment = Enrolment(account_id=account.id, stakeholder_id=person.id,
                                      cadence_name="Mix", start_date=DAY, state=state)
                session.add(enrolment)
                session.flush()
                for position in range(rng.randint(1, 6)):
                    session.add(PlannedTouch(
                        enrolment_id=enrolment.id, position=position,
                        due_date=DAY + timedelta(days=rng.randint(-20, 3)),
                        channel=rng.choice(list(Channel)), title=f"Step {position}",
                        state=rng.choice([PlannedState.PLANNED] * 3 + list(PlannedState))))


def _ids(touches: list) -> list[int]:
    return [t.planned_touch_id for t in touches]


@pytest.mark.parametrize("seed", range(8))
def test_the_head_read_with_a_limit_is_the_head_of_the_whole_queue(db: Database,
                                                                   seed: int) -> None:
    _territory(db, seed)
    for until in (None, DAY + timedelta(days=2)):
        whole = touches_due(db, DAY, until=until, scripts=False)
        assert whole, "the mix has touches due"
        for limit in sorted({1, 2, 3, 5, 8, 13, len(whole) - 1, len(whole), len(whole) + 5}
                            - {0}):
            head = queue_head(db, DAY, limit, until=until, scripts=False)
            assert _ids(head.touches) == _ids(whole[:limit]), (seed, until, limit)
            assert head.total == len(whole)
            assert head.more == len(whole) - len(head.touches)
            assert head.channels == {c: sum(t.channel is c for t in whole)
                                     for c in {t.channel for t in whole}}
        # With scripts and signals too, and for one account.
        account_id = whole[0].account_id
        one = touches_due(db, DAY, until=until, account_id=account_id)
        head = queue_head(db, DAY, 2, until=until, account_id=account_id)
        assert _ids(head.touches) == _ids(one[:2]) and head.total == len(one)
        assert [t.script for t in head.touches] == [t.script for t in one[:2]]


def test_the_order_is_total_and_folds_ascii_only(db: Database) -> None:
    """No two touches tie (the planned touch decides last), so a head is one list; the
    names fold as both databases' lower() does."""
    assert fold("ÉMILE Émile ACME") == "Émile Émile acme"
    _territory(db, 99)
    whole = touches_due(db, DAY, until=DAY + timedelta(days=3), scripts=False)
    assert len(set(_ids(whole))) == len(whole)
    assert _ids(queue_head(db, DAY, len(whole), until=DAY + timedelta(days=3),
                           scripts=False).touches) == _ids(whole)


def test_touches_equal_but_for_their_id_come_in_id_order(db: Database) -> None:
    """Two people of one name at one account, one step each on one day: the database reads
    them in its index's order (by enrolment); the queue and its head both put the planned
    touch made first first."""
    with db.session() as session:
        account = Account(name="Tie")
        session.add(account)
        session.flush()
        enrolments = []
        for _ in range(2):
            person = Stakeholder(account_id=account.id, name="Ann")
            session.add(person)
            session.flush()
            enrolments.append(Enrolment(account_id=account.id, stakeholder_id=person.id,
                                        cadence_name="Tie", start_date=DAY))
        session.add_all(enrolments)
        session.flush()
        for enrolment in reversed(enrolments):  # the later enrolment's touch gets the lower id
            session.add(PlannedTouch(enrolment_id=enrolment.id, due_date=DAY,
                                     channel=Channel.PHONE, title="Call"))
            session.flush()
    whole = touches_due(db, DAY, scripts=False)
    assert _ids(whole) == sorted(_ids(whole))
    assert whole[0].enrolment_id == enrolments[1].id
    assert _ids(queue_head(db, DAY, 1, scripts=False).touches) == _ids(whole[:1])


def test_an_empty_queue_has_an_empty_head(db: Database) -> None:
    head = queue_head(db, DAY, 10)
    assert head.touches == [] and head.total == 0 and head.more == 0
    with pytest.raises(ValueError):
        queue_head(db, DAY, 0)
