"""The facade's services, one per area of data; each wraps the core's free functions.

Reads return what the free function returns. Every write returns a `Changes` saying
which account, which areas and which rows it touched; where the write also has an
answer (a new id, the values before the edit, for undo), it is `Changes.result`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.workbook.changes import (
    ACCOUNT,
    ACCOUNTS,
    BACKUPS,
    CALLS,
    CAMPAIGNS,
    COMMITTEE,
    NEWS,
    NOTES,
    PAGES,
    RESEARCH,
    SIGNALS,
    Changes,
)

if TYPE_CHECKING:
    from workbench.accounts import AccountRow
    from workbench.committee.records import Committee
    from workbench.committee.stakeholders import Deletion
    from workbench.overview import AccountOverview
    from workbench.prep.calls import CallRow
    from workbench.research.news_review import NewsFilter, NewsRow, Story
    from workbench.storage.database import Database
    from workbench.storage.models import RelationKind, Role


def _with(changes: Changes, result: Any) -> Changes:
    return replace(changes, result=result)


class _Service:
    def __init__(self, db: Database) -> None:
        self.db = db


class AccountsService(_Service):
    """The accounts: list, create, edit (with compare-and-set on the fields shown), delete."""

    def rows(self, account_id: int | None = None) -> Sequence[AccountRow]:
        from workbench import accounts

        return accounts.list_accounts(self.db, account_id)

    def overview(self, account_id: int) -> AccountOverview:
        from workbench.overview import load_overview

        return load_overview(self.db, account_id)

    def create(self, name: str = "", website: str = "", **fields: Any) -> Changes:
        from workbench import accounts

        new_id = accounts.create_account(self.db, name, website, **fields)
        return _with(Changes.of(new_id, ACCOUNTS, ACCOUNT, ids=[("account", new_id)]), new_id)

    def update(self, account_id: int, *, expected: dict[str, Any] | None = None,
               **fields: Any) -> Changes:
        """Save some fields; `expected` (what the pane showed) turns a clash into `Conflict`."""
        from workbench import accounts

        accounts.update_account(self.db, account_id, expected=expected, **fields)
        areas = {NOTES} if set(fields) == {"notes"} else {ACCOUNT, ACCOUNTS}
        if "notes" in fields:
            areas.add(NOTES)
        return Changes(account_id, frozenset(areas), frozenset({("account", account_id)}))

    def delete(self, account_id: int) -> Changes:
        from workbench import accounts

        accounts.delete_account(self.db, account_id)
        return Changes.of(account_id, ACCOUNTS, ACCOUNT, NOTES, RESEARCH, NEWS, PAGES,
                          COMMITTEE, CALLS, CAMPAIGNS, SIGNALS, ids=[("account", account_id)])

    def load_demo(self) -> Changes:
        from workbench.demo import load_demo

        account_id = load_demo(self.db)
        return _with(Changes.of(account_id, ACCOUNTS, ACCOUNT, NOTES, RESEARCH, NEWS, PAGES,
                                COMMITTEE, CALLS, CAMPAIGNS, SIGNALS), account_id)

    def import_file(self, path: Path, *, rename: str | None = None) -> Changes:
        from workbench.safety.account_file import import_account_file

        account_id = import_account_file(self.db, path, rename=rename)
        return _with(Changes.of(account_id, ACCOUNTS, ACCOUNT, NOTES, RESEARCH, NEWS, PAGES,
                                COMMITTEE, CALLS, CAMPAIGNS, SIGNALS), account_id)

    def export_file(self, account_id: int, path: Path) -> Path:
        from workbench.safety.account_file import export_account_file

        return export_account_file(self.db, account_id, path)


class CommitteeService(_Service):
    """The buying committee: people, lines between them, required roles."""

    def load(self, account_id: int) -> Committee:
        from workbench.committee.records import load_committee

        return load_committee(self.db, account_id)

    def values(self, stakeholder_id: int) -> dict[str, Any]:
        from workbench.committee import stakeholders

        return stakeholders.get_values(self.db, stakeholder_id)

    def _changed(self, account_id: int | None, ids: Iterable[int] = ()) -> Changes:
        return Changes.of(account_id, COMMITTEE, ids=[("stakeholder", i) for i in ids])

    def add(self, account_id: int, name: str, **fields: Any) -> Changes:
        from workbench.committee import stakeholders

        new_id = stakeholders.add_stakeholder(self.db, account_id, name, **fields)
        return _with(self._changed(account_id, [new_id]), new_id)

    def update(self, account_id: int, stakeholder_id: int, *,
               expected: Mapping[str, Any] | None = None, **fields: Any) -> Changes:
        """Save some fields; `result` is the values before (for undo)."""
        from workbench.committee import stakeholders

        before = stakeholders.update_stakeholder(self.db, stakeholder_id, expected=expected,
                                                 **fields)
        return _with(self._changed(account_id, [stakeholder_id]), before)

    def move(self, account_id: int,
             positions: Mapping[int, tuple[float | None, float | None]]) -> Changes:
        from workbench.committee import stakeholders

        stakeholders.move_stakeholders(self.db, positions)
        return self._changed(account_id, positions)

    def delete(self, account_id: int, stakeholder_ids: Iterable[int] = (),
               line_ids: Iterable[int] = ()) -> Changes:
        from workbench.committee import stakeholders

        ids = list(stakeholder_ids)
        deletion = stakeholders.delete_many(self.db, ids, line_ids)
        # A deleted person also leaves the calls they attended.
        return _with(self._changed(account_id, ids) | Changes.of(account_id, CALLS), deletion)

    def restore(self, account_id: int, deletion: Deletion) -> Changes:
        from workbench.committee import stakeholders

        stakeholders.restore_many(self.db, deletion)
        return self._changed(account_id) | Changes.of(account_id, CALLS)

    def connect(self, account_id: int, source_id: int, target_id: int,
                kind: RelationKind | str, **fields: Any) -> Changes:
        from workbench.committee import stakeholders

        line = stakeholders.connect(self.db, source_id, target_id, kind, **fields)
        return _with(self._changed(account_id, [source_id, target_id]), line)

    def disconnect(self, account_id: int, line_id: int) -> Changes:
        from workbench.committee import stakeholders

        return _with(self._changed(account_id), stakeholders.disconnect(self.db, line_id))

    def set_required_roles(self, account_id: int, roles: Iterable[Role]) -> Changes:
        from workbench.committee import stakeholders

        return _with(self._changed(account_id),
                     stakeholders.set_required_roles(self.db, account_id, roles))

    def add_found_person(self, account_id: int, found_person_id: int) -> Changes:
        from workbench.research import review

        new_id = review.add_to_committee(self.db, found_person_id)
        return _with(self._changed(account_id, [new_id]) | Changes.of(account_id, PAGES), new_id)

    def remove_found_person(self, account_id: int, found_person_id: int,
                            stakeholder_id: int) -> Changes:
        from workbench.research import review

        review.remove_from_committee(self.db, found_person_id, stakeholder_id)
        return self._changed(account_id, [stakeholder_id]) | Changes.of(account_id, PAGES)


class CallsService(_Service):
    """Calls with an account and who attends them."""

    def rows(self, account_id: int) -> Sequence[CallRow]:
        from workbench.prep import calls

        return calls.list_calls(self.db, account_id)

    def fields(self, call_id: int) -> dict[str, Any]:
        from workbench.prep import calls

        return calls.call_fields(self.db, call_id)

    def attendee_choices(self, account_id: int) -> list[tuple[int, str, str, str]]:
        from workbench.prep import calls

        return calls.attendee_choices(self.db, account_id)

    def create(self, account_id: int, **fields: Any) -> Changes:
        from workbench.prep import calls

        new_id = calls.create_call(self.db, account_id, **fields)
        return _with(Changes.of(account_id, CALLS, ids=[("call", new_id)]), new_id)

    def update(self, account_id: int, call_id: int, *, expected: dict[str, Any] | None = None,
               **fields: Any) -> Changes:
        from workbench.prep import calls

        calls.update_call(self.db, call_id, expected=expected, **fields)
        return Changes.of(account_id, CALLS, ids=[("call", call_id)])

    def delete(self, account_id: int, call_id: int) -> Changes:
        from workbench.prep import calls

        calls.delete_call(self.db, call_id)
        return Changes.of(account_id, CALLS, ids=[("call", call_id)])


class NewsService(_Service):
    """An account's news for review, and the rep's pin and read flags."""

    def rows(self, account_id: int, news_filter: NewsFilter | None = None) -> list[NewsRow]:
        from workbench.research import news_review

        return news_review.list_news(self.db, account_id, news_filter)

    def count(self, account_id: int) -> int:
        from workbench.research import news_review

        return news_review.count_news(self.db, account_id)

    def story(self, item_id: int) -> Story | None:
        from workbench.research import news_review

        return news_review.get_story(self.db, item_id)

    def set_flag(self, item_id: int, flag: str, value: bool) -> Changes:
        from workbench.research import news_review

        account_id = news_review.set_flag(self.db, item_id, flag, value)
        if account_id is None:
            return Changes()
        return Changes.of(account_id, NEWS, ids=[("news_item", item_id)])

    def add_feed(self, account_id: int, address: str) -> Changes:
        from workbench.research import news

        news.add_feed(self.db, account_id, address)
        return Changes.of(account_id, NEWS, RESEARCH)


class ResearchService(_Service):
    """What a research run changes (the run itself is in `workbench.research.pipeline`)."""

    @staticmethod
    def finished(account_id: int) -> Changes:
        """A run stored pages, facts and news, and the signals found in them."""
        return Changes.of(account_id, ACCOUNT, ACCOUNTS, RESEARCH, NEWS, PAGES, SIGNALS)

    @staticmethod
    def refreshed() -> Changes:
        """A background round refreshed some accounts of the territory."""
        return Changes.of(None, ACCOUNT, ACCOUNTS, RESEARCH, NEWS, PAGES, SIGNALS)


class BackupsService(_Service):
    """Backups of the open file; a restore replaces everything."""

    def backup_now(self, out: Path | None = None) -> Changes:
        from workbench import errors
        from workbench.safety import backups

        if self.db.path is None:
            raise errors.InvalidInput("Only a database file can be backed up here.")
        return _with(Changes.of(None, BACKUPS), backups.backup_now(self.db.path, out=out))

    @staticmethod
    def restored() -> Changes:
        return Changes.external_change()
