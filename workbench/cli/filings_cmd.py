"""`workbench filings ACCOUNT [--ticker T | --cik N] --contact EMAIL`: follow a listed
company's SEC EDGAR filings and read them now (8-K items become trigger events). Without
a ticker or CIK, the ticker from the company's structured data (schema.org
`tickerSymbol`) is used when research found one."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, Any

from workbench import accounts

if TYPE_CHECKING:
    from workbench.cli import Context

CONTACT_ENV = "WORKBENCH_EDGAR_CONTACT"


def register(subparsers: Any) -> None:
    filings = subparsers.add_parser(
        "filings", help="follow a listed company's SEC EDGAR filings (8-K items as triggers)")
    filings.add_argument("account", help="id, name or domain")
    which = filings.add_mutually_exclusive_group()
    which.add_argument("--ticker", help="the company's ticker, e.g. HRBR")
    which.add_argument("--cik", help="the company's SEC CIK number")
    filings.add_argument("--contact", default=os.environ.get(CONTACT_ENV, ""),
                         help=f"your e-mail address, which SEC EDGAR asks for (or set {CONTACT_ENV})")
    filings.add_argument("--base", default=None, help=argparse.SUPPRESS)  # tests: a local EDGAR
    filings.set_defaults(handler=cmd_filings)


def _ticker_fact(ctx: Context, account_id: int) -> str | None:
    """The ticker the company's structured data gives ("NASDAQ: HRBR" -> "HRBR"), if any."""
    from workbench.research.fact_choice import chosen_facts

    with ctx.db.session() as session:
        for fact in chosen_facts(session, account_id):
            if fact.kind == "ticker" and fact.value.strip():
                return fact.value.split(":")[-1].strip()
    return None


def cmd_filings(args: argparse.Namespace, ctx: Context) -> int:
    from workbench.research import edgar

    account = accounts.find_account(ctx.db, args.account)
    base = args.base or edgar.EDGAR_BASE
    allow = {h for h in ("127.0.0.1",) if base.startswith(("http://127.0.0.1", "https://127.0.0.1"))}
    with edgar.edgar_client(args.contact, allow_private_hosts=allow) as client:
        ticker = args.ticker or (None if args.cik else _ticker_fact(ctx, account.id))
        if ticker or args.cik:
            cik = edgar.cik_for_ticker(client, ticker, base) if ticker else args.cik
            edgar.follow_filings(ctx.db, account.id, cik, base)
        summary = edgar.ingest_filings(ctx.db, account.id, client)
    print(f"{account.name}: {summary.filings} filings read, {summary.added} new.")
    for error in summary.errors:
        print(f"  {error['url']}: {error['error']}")
    return 1 if summary.errors and not summary.filings else 0
