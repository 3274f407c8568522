"""Today's counts read the cheap way say what the plain counts say: people gone quiet, and
the touches due beyond the queue's head that Today shows, with the way to them all."""

from __future__ import annotations

import random
from datetime import date, timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import func, or_, select

from workbench.campaigns.enrolment import enrol
from workbench.storage.database import Database
from workbench.storage.models import Account, Stakeholder, Tier
from workbench.territory.touches_hook import touches_today
from workbench.today import QUIET_DAYS, build_today, quiet_people

DAY = date(2026, 6, 1)


def test_the_quiet_count_is_the_plain_count(db: Database) -> None:
    rng = random.Random(5)
    with db.session() as session:
        accounts = [Account(name=f"Account {i}", tier=rng.choice(list(Tier)))
                    for i in range(12)]
        session.add_all(accounts)
        session.flush()
        for account in accounts:
            for j in range(rng.randint(0, 8)):
                last = rng.choice([None, DAY - timedelta(days=rng.randint(0, 90)),
                                   DAY - timedelta(days=QUIET_DAYS),
                                   DAY - timedelta(days=QUIET_DAYS + 1)])
                session.add(Stakeholder(account_id=account.id, name=f"P{j}", last_contact=last))
    cutoff = DAY - timedelta(days=QUIET_DAYS)
    with db.session() as session:
        plain = session.scalar(
            select(func.count()).select_from(Stakeholder).join(Account)
            .where(Account.tier.in_([Tier.A, Tier.B]),
                   or_(Stakeholder.last_contact.is_(None), Stakeholder.last_contact < cutoff)))
    assert plain, "the mix has quiet people"
    people, total = quiet_people(db, DAY)
    assert total == plain
    assert len(people) == min(plain, 15)


def _campaign(db: Database, people: int) -> int:
    from workbench.accounts import create_account
    from workbench.committee.stakeholders import add_stakeholder

    account_id = create_account(db, "Northwind Freight", "https://northwind.example", tier=Tier.A)
    for i in range(people):
        add_stakeholder(db, account_id, f"Person {i:02d}", title="Buyer")
    enrol(db, account_id, start=DAY - timedelta(days=14))
    return account_id


def test_today_shows_the_queue_head_and_counts_the_rest(db: Database) -> None:
    from workbench.campaigns.queue import touches_due

    _campaign(db, 6)
    whole = touches_due(db, DAY, scripts=False)
    assert len(whole) > 3
    found = touches_today(db, DAY, limit=3)
    assert found.due_total == len(whole)
    assert [t.touch_id for t in found.touches if t.proposed_by_signal is None] == \
        [t.planned_touch_id for t in whole[:3]]


def test_the_today_view_says_how_many_more_and_opens_the_whole_queue(
        db: Database, qtbot: QtBot, monkeypatch) -> None:
    import workbench.territory.touches_hook as hook
    from ui.main_window import MainWindow

    _campaign(db, 8)
    monkeypatch.setattr(hook, "TOUCHES_SHOWN", 4)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.territory.today is not None)
    today = window.territory.today
    assert today is not None
    qtbot.waitUntil(lambda: today.data is not None and not today.reader.busy, timeout=20_000)
    data = build_today(db)
    assert data.touches_more > 0 and today.touches_model.rowCount() == 4
    assert today.touches_more.isVisibleTo(today)
    assert f"{data.touches_more:,} more due" in today.touches_more.text()
    assert f"({data.touches_total:,}, the first 4 shown)" in today.headings["touches"].text()
    today.touches_more.linkActivated.emit("touches")
    opened = window._todays_touches
    assert opened.isVisible()
    qtbot.waitUntil(lambda: not opened.queue.reader.busy, timeout=20_000)  # head, then all
    assert len(opened.queue.touches) == data.touches_total
    opened.close()
