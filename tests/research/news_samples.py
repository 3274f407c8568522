"""Realistic stories for the News tab tests and its offscreen screenshot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from workbench.accounts import create_account
from workbench.research import news
from workbench.research.feeds import FeedEntry
from workbench.storage.database import Database

ARTICLE = (
    "Northwind Traders said on Tuesday it had agreed to acquire Contoso Logistics, a "
    "Rotterdam-based freight software company, for 240 million euros in cash. "
    "The deal, expected to close in the third quarter, gives Northwind a foothold in "
    "European port logistics.\n\n"
    "Chief executive Maria Lopez said the two companies had worked together for three years "
    "and that Contoso's 180 employees would keep their offices in Rotterdam. "
    "Analysts said the price was in line with recent deals in the sector.")


def sample_entries(now: datetime | None = None) -> list[FeedEntry]:
    now = now or datetime.now(UTC)
    day = timedelta(days=1)
    return [
        FeedEntry("Northwind Traders to buy Contoso Logistics for 240 million euros",
                  "https://news.example.com/business/northwind-contoso", "n-1", now - 2 * day,
                  "Northwind Traders said on Tuesday it had agreed to acquire Contoso Logistics."),
        FeedEntry("Northwind names Priya Raman chief financial officer",
                  "https://www.northwind.example/press/new-cfo", "n-2", now - 5 * day,
                  "Northwind Traders today announced the appointment of Priya Raman as CFO, "
                  "effective May 1. She joins from Fabrikam."),
        FeedEntry("Northwind opens a distribution center in Leipzig",
                  "https://www.northwind.example/press/leipzig", "n-3", now - 12 * day,
                  "The new site will employ 200 people by the end of next year."),
        FeedEntry("Northwind reports record fourth-quarter revenue",
                  "https://markets.example.org/nwt-q4", "n-4", now - 40 * day,
                  "Revenue rose 18 percent to 1.2 billion dollars; net profit doubled."),
        FeedEntry("Northwind sponsors the city marathon again",
                  "https://www.northwind.example/press/marathon", "n-5", now - 3 * day,
                  "More than 400 employees will run or volunteer."),
        FeedEntry("Northwind partners with Tailspin Toys on same-day delivery",
                  "https://news.example.com/retail/tailspin", "n-6", now - 75 * day,
                  "The two companies will share warehouses in six cities."),
    ]


def populate(db: Database) -> tuple[int, dict[str, int]]:
    """An account with the sample stories; returns its id and story ids by GUID."""
    from sqlalchemy import select

    from workbench.storage.models import NewsItem

    account = create_account(db, "Northwind Traders", "northwind.example")
    news.store_entries(db, account, None, sample_entries())
    with db.session() as session:
        ids = {guid: item_id for guid, item_id in session.execute(
            select(NewsItem.guid, NewsItem.id).where(NewsItem.account_id == account))}
    news.add_article_text(db, ids["n-1"], ARTICLE)
    return account, ids
