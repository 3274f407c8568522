"""`workbench research URL [--name NAME] [--max-pages N] [--articles N]` and
`workbench refresh ACCOUNT|--all|--due`: research from the command line.

Both run the same pipeline as the desktop program, in a worker thread so Ctrl-C can
cancel it cleanly (what was captured so far is kept). A progress bar is drawn on a
terminal; the exit code is 0 when the home page was captured.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workbench import accounts, errors
from workbench.research import CancelToken
from workbench.storage.models import Account
from workbench.urls import domain_of, normalise_website

if TYPE_CHECKING:
    from workbench.cli import Context
    from workbench.research.pipeline import ResearchSummary

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130


def _page_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number") from exc
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError("choose between 1 and 100 pages")
    return value


def _article_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number") from exc
    if not 0 <= value <= 500:
        raise argparse.ArgumentTypeError("choose between 0 and 500 articles")
    return value


def register(subparsers: Any) -> None:
    research = subparsers.add_parser(
        "research", help="research a company's website (creates the account if needed)")
    research.add_argument("url", help="the company's website, e.g. example.com")
    research.add_argument("--name", default="", help="account name for a new account "
                          "(default: from the website)")
    research.add_argument("--max-pages", type=_page_count, default=12, metavar="N",
                          help="capture at most N pages, the home page included (default 12)")
    research.add_argument("--articles", type=_article_count, default=None, metavar="N",
                          help="fetch the article text of at most N new stories (default 30)")
    research.set_defaults(handler=cmd_research)

    again = subparsers.add_parser(
        "refresh", help="research accounts again; unchanged pages are not stored twice")
    target = again.add_mutually_exclusive_group(required=True)
    target.add_argument("account", nargs="?", help="id, name or domain")
    target.add_argument("--all", action="store_true", help="every account with a website")
    target.add_argument("--due", action="store_true",
                        help="the accounts due on the refresh schedule (tier A daily, tier B "
                             "weekly, tier C monthly unless you changed it): for a cron job")
    again.add_argument("--max-pages", type=_page_count, default=12, metavar="N")
    again.add_argument("--articles", type=_article_count, default=None, metavar="N",
                       help="fetch the article text of at most N new stories (default 30)")
    again.set_defaults(handler=cmd_refresh)


class _Bar:
    """A one-line progress bar on a terminal (stderr); silent when not a terminal."""

    def __init__(self, label: str, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label = label
        self.lock = threading.Lock()

    def __call__(self, done: int, total: int, message: str) -> None:
        if not self.enabled:
            return
        width = shutil.get_terminal_size((80, 20)).columns
        cells = 24
        filled = int(cells * done / total) if total else 0
        line = f"{self.label} [{'#' * filled}{'.' * (cells - filled)}] {done}/{total} {message}"
        with self.lock:
            self.stream.write("\r" + line[: width - 1].ljust(width - 1))
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (shutil.get_terminal_size((80, 20)).columns - 1)
                              + "\r")
            self.stream.flush()


def _run_cancellable(work: Callable[[CancelToken], ResearchSummary]) -> tuple[
        ResearchSummary | None, BaseException | None, bool]:
    """Run ``work`` in a thread; Ctrl-C cancels it and waits for it to stop."""
    token = CancelToken()
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["summary"] = work(token)
        except BaseException as exc:  # noqa: BLE001 - handed back to the main thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="research", daemon=True)
    thread.start()
    interrupted = False
    while thread.is_alive():
        try:
            thread.join(0.2)
        except KeyboardInterrupt:
            interrupted = True
            token.cancel()
            print("\nworkbench: stopping; what was captured so far is kept…", file=sys.stderr)
    return box.get("summary"), box.get("error"), interrupted


def _report(name: str, summary: ResearchSummary) -> None:
    state = {"ok": "done", "partial": "done, with problems", "failed": "failed",
             "cancelled": "cancelled"}.get(summary.status, summary.status)
    print(f"{name}: research {state} in {summary.elapsed_s:.1f} s")
    for line in summary.lines():
        print("  " + line)


def _find_or_create(ctx: Context, url: str, name: str) -> tuple[int, str, bool]:
    website = normalise_website(url)
    domain = domain_of(website)
    with ctx.db.session() as session:
        existing = session.scalars(select(Account).where(Account.domain == domain)).first()
        if existing is not None:
            if not existing.website:
                existing.website = website
            return existing.id, existing.name, False
    try:
        account_id = accounts.create_account(ctx.db, name, website)
    except errors.DuplicateDomain:
        # A colleague added it a moment ago, researching the same site: use theirs.
        with ctx.db.session() as session:
            existing = session.scalars(select(Account).where(Account.domain == domain)).one()
            return existing.id, existing.name, False
    return account_id, accounts.get_account(ctx.db, account_id).name, True


def _home_problem(summary: ResearchSummary) -> str:
    return summary.errors[0]["error"] if summary.errors else "no answer"


def cmd_research(args: argparse.Namespace, ctx: Context) -> int:
    # Imported here: the research libraries are not needed to start the program.
    from workbench.research.pipeline import run_research

    account_id, name, created = _find_or_create(ctx, args.url, args.name)
    print(("Created" if created else "Using") + f" account {account_id}: {name}",
          file=sys.stderr)
    bar = _Bar(name)
    summary, error, interrupted = _run_cancellable(lambda token: run_research(
        ctx.db, account_id, progress=bar, cancel=token, max_pages=args.max_pages,
        articles=args.articles))
    bar.close()
    if error is not None:
        raise error
    assert summary is not None
    _report(name, summary)
    if interrupted:
        return EXIT_INTERRUPTED
    if not summary.home_captured:
        print(f"workbench: could not capture the home page of {name}: "
              f"{_home_problem(summary)}", file=sys.stderr)
        return EXIT_FAILED
    if summary.status == "failed":
        # The pages are in but what was found could not all be stored.
        print(f"workbench: research of {name} could not save everything: "
              f"{_home_problem(summary)}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _refresh_one(refresh: Callable[..., Any], db: Any, account_id: int, bar: Any,
                 max_pages: int, articles: int | None, token: Any) -> Any:
    return refresh(db, account_id, progress=bar, cancel=token, max_pages=max_pages,
                   articles=articles)


def cmd_refresh(args: argparse.Namespace, ctx: Context) -> int:
    from workbench.research.pipeline import refresh

    if args.due:
        from workbench.territory.schedule import due_accounts

        targets = [(d.account_id, d.name) for d in due_accounts(ctx.db)]
        if not targets:
            print("No account is due for a refresh.")
            return EXIT_OK
        print(f"{len(targets)} account(s) due for a refresh.", file=sys.stderr)
    elif args.all:
        with ctx.db.session() as session:
            targets = [(a.id, a.name) for a in session.scalars(
                select(Account).where(Account.website != "").order_by(Account.name))]
        if not targets:
            print("No account has a website to refresh.")
            return EXIT_OK
    else:
        account = accounts.find_account(ctx.db, args.account)
        if not account.website:
            raise errors.InvalidInput(f"“{account.name}” has no website to refresh.")
        targets = [(account.id, account.name)]
    failed = 0
    for account_id, name in targets:
        bar = _Bar(name)
        summary, error, interrupted = _run_cancellable(functools.partial(
            _refresh_one, refresh, ctx.db, account_id, bar, args.max_pages, args.articles))
        bar.close()
        if isinstance(error, errors.KnownError):
            print(f"workbench: {name}: {error}", file=sys.stderr)
            failed += 1
            continue
        if error is not None:
            raise error
        assert summary is not None
        _report(name, summary)
        if interrupted:
            return EXIT_INTERRUPTED
        if not summary.home_captured:
            print(f"workbench: could not capture the home page of {name}: "
                  f"{_home_problem(summary)}", file=sys.stderr)
            failed += 1
    return EXIT_FAILED if failed else EXIT_OK
