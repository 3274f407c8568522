"""Accounts: create, find, edit and delete them, with the rules a rep expects.

Every function takes an open `Database` and does its work in one transaction, so
each edit is saved the moment it is made.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workbench import errors
from workbench.account_rows import AccountRow  # its own light module, re-exported here
from workbench.storage.database import Database
from workbench.storage.models import Account, Call, Stage, Tier, utcnow
from workbench.urls import domain_of, normalise_website


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise errors.InvalidInput("An account needs a name.")
    if len(name) > 200:
        raise errors.InvalidInput("An account name can be at most 200 characters.")
    return name


def _check_domain_free(session: Session, domain: str, account_id: int | None = None) -> None:
    query = select(Account.id, Account.name).where(Account.domain == domain)
    if account_id is not None:
        query = query.where(Account.id != account_id)
    other = session.execute(query).first()
    if other:
        raise errors.DuplicateDomain(
            f"{domain} already belongs to the account “{other.name}”.",
            hint="Open that account instead.")


def default_name(domain: str) -> str:
    """A first name for an account known only by its domain: `Acme` for `acme.com`.

    An address such as 127.0.0.1:8000 (an intranet or test site) keeps the address.
    Research replaces a default name with the name the company's own pages give.
    """
    host = domain.split(":")[0]
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.split(".")
        return labels[-2 if len(labels) > 1 else 0].capitalize()
    return domain


def has_default_name(name: str, domain: str | None) -> bool:
    return bool(domain) and name in (domain, default_name(domain or ""))


def create_account(db: Database, name: str = "", website: str = "", **fields: Any) -> int:
    """Create an account and return its id. A name is derived from the website if empty."""
    website = normalise_website(website) if website.strip() else ""
    domain = domain_of(website) if website else None
    if not name.strip() and domain:
        name = default_name(domain)
    name = _clean_name(name)
    with db.session() as session:
        if domain:
            _check_domain_free(session, domain)
        account = Account(name=name, website=website, domain=domain)
        _apply(account, fields)
        session.add(account)
        try:
            session.flush()
        except IntegrityError as exc:
            raise errors.DuplicateDomain(f"{domain} already has an account.") from exc
        return account.id


def _apply(account: Account, fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        if key == "tier":
            value = _parse(Tier, value, "tier", "A, B or C")
        elif key == "stage":
            value = _parse(Stage, value, "stage", "prepare, prospect, progress or close")
        elif key in ("industry", "notes"):
            value = str(value)
        else:
            raise errors.InvalidInput(f"Unknown account field: {key}.")
        setattr(account, key, value)


def _parse(enum_cls: Any, value: Any, what: str, allowed: str) -> Any:
    if isinstance(value, enum_cls):
        return value
    text = str(value).strip().lower()
    for member in enum_cls:
        if member.value.lower() == text:
            return member
    raise errors.InvalidInput(f"“{value}” is not a {what}: use {allowed}.")


def update_account(db: Database, account_id: int, *, expected: dict[str, Any] | None = None,
                   **fields: Any) -> None:
    """Change some fields of an account; a new website also changes its domain.

    `expected` holds the values the pane showed (say, the notes as they were loaded);
    where one is no longer stored, `errors.Conflict` says so and nothing is written.
    """
    with db.session() as session:
        account = session.get(Account, account_id, with_for_update=expected is not None or None)
        if account is None:
            raise errors.NotFound("That account no longer exists.")
        if expected:
            stored = {key: _stored(getattr(account, key)) for key in expected}
            errors.check_unchanged(f"“{account.name}”", stored,
                                   {k: _stored(v) for k, v in expected.items()},
                                   {k: _stored(v) for k, v in fields.items()})
        if "name" in fields:
            account.name = _clean_name(str(fields.pop("name")))
        if "website" in fields:
            raw = str(fields.pop("website"))
            website = normalise_website(raw) if raw.strip() else ""
            domain = domain_of(website) if website else None
            if domain:
                _check_domain_free(session, domain, account_id)
            account.website, account.domain = website, domain
        _apply(account, fields)


def _stored(value: Any) -> Any:
    # Enum fields come in as names or members; compare them as their values.
    return getattr(value, "value", value)


def delete_account(db: Database, account_id: int) -> None:
    """Delete an account and everything stored about it."""
    with db.session() as session:
        account = session.get(Account, account_id)
        if account is None:
            raise errors.NotFound("That account no longer exists.")
        session.delete(account)


def get_account(db: Database, account_id: int) -> Account:
    with db.session() as session:
        account = session.get(Account, account_id)
        if account is None:
            raise errors.NotFound(f"There is no account with id {account_id}.")
        return account


def find_account(db: Database, ref: str) -> Account:
    """Find an account by id, domain, website or name (case-insensitive)."""
    ref = ref.strip()
    with db.session() as session:
        if ref.isdigit():
            account = session.get(Account, int(ref))
            if account is not None:
                return account
        candidates: list[Any] = [func.lower(Account.name) == ref.lower()]
        try:
            candidates.append(Account.domain == domain_of(ref))
        except errors.InvalidInput:
            pass
        for condition in candidates[::-1]:
            found = session.scalars(select(Account).where(condition)).all()
            if len(found) == 1:
                return found[0]
        raise errors.NotFound(f"No account matches “{ref}”.",
                              hint="`workbench accounts list` shows them all.")


def has_accounts(db: Database) -> bool:
    with db.session() as session:
        return session.scalar(select(Account.id).limit(1)) is not None


def list_accounts(db: Database, account_id: int | None = None) -> Sequence[AccountRow]:
    """All accounts (or just one) with what the list shows, in one query."""
    next_call = (
        select(Call.account_id, func.min(Call.scheduled_at).label("next_at"))
        .where(Call.scheduled_at >= utcnow())
        .group_by(Call.account_id)
        .subquery()
    )
    query = (
        select(Account.id, Account.name, Account.domain, Account.tier, Account.stage,
               Account.last_researched_at, next_call.c.next_at)
        .outerjoin(next_call, next_call.c.account_id == Account.id)
        .order_by(func.lower(Account.name))
    )
    if account_id is not None:
        query = query.where(Account.id == account_id)
    with db.session() as session:
        rows = session.execute(query).all()
    from workbench.storage.models.base import UTCDateTime

    as_utc = UTCDateTime().process_result_value
    return [
        AccountRow(r.id, r.name, r.domain or "", r.tier.value, r.stage.value,
                   r.last_researched_at, as_utc(_as_datetime(r.next_at), None))
        for r in rows
    ]


def _as_datetime(value: Any) -> datetime | None:
    # min() over a SQLite column loses the type: it comes back as text.
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
