"""Fixtures for campaign tests: an account with a small committee."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from workbench.accounts import create_account
from workbench.committee.stakeholders import add_stakeholder
from workbench.storage.database import Database
from workbench.storage.models import Role, Tier


@dataclass
class Committee:
    account_id: int
    champion: int
    buyer: int
    user: int


@pytest.fixture
def committee(db: Database) -> Committee:
    account_id = create_account(db, "Northwind Freight", "https://northwind.example",
                                tier=Tier.A)
    user = add_stakeholder(db, account_id, "Una User", title="Dispatcher", role=Role.USER,
                           email="una@northwind.example")
    buyer = add_stakeholder(db, account_id, "Bea Buyer", title="CFO", role=Role.ECONOMIC_BUYER,
                            email="bea@northwind.example", phone="+1 555 0100")
    champion = add_stakeholder(db, account_id, "Cai Champion", title="VP Operations",
                               role=Role.CHAMPION, email="cai@northwind.example")
    return Committee(account_id, champion, buyer, user)
