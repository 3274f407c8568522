"""What a write changed: the account, the areas of data and the ids, for the UI to broadcast.

Every mutating call of the facade (`workbench.workbook.Workbook`) returns a `Changes`.
The UI hands it to every open pane, and each pane refreshes only what it shows. A change
made by another process (the CLI, a second window) arrives as `Changes.external()`: the
program cannot know what it touched, so every area counts as changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# The areas of data a pane can show. A new feature with its own data adds its area here.
ACCOUNT = "account"      # the account row itself: name, website, tier, stage, ...
ACCOUNTS = "accounts"    # the list of accounts: one added, removed or renamed
NOTES = "notes"          # the account's notes
RESEARCH = "research"    # sources, facts, found people, research runs
NEWS = "news"            # news items and their triggers, read/pinned flags
PAGES = "pages"          # captured pages and their history
COMMITTEE = "committee"  # stakeholders and the lines between them
CALLS = "calls"          # calls and their attendees
BACKUPS = "backups"      # the backups folder
CAMPAIGNS = "campaigns"  # campaign templates, enrolments, planned and logged touches
SIGNALS = "signals"      # trigger events across the territory and the rep's flags on them
AREAS: frozenset[str] = frozenset(
    {ACCOUNT, ACCOUNTS, NOTES, RESEARCH, NEWS, PAGES, COMMITTEE, CALLS, BACKUPS, CAMPAIGNS,
     SIGNALS})


@dataclass(frozen=True)
class Changes:
    """One write's footprint.

    `account_id` is the account whose data changed (None: data of no single account, or
    of any account when `external`). `areas` are names from `AREAS`. `ids` are the
    primary keys touched, as ``(table, id)`` pairs, for a pane that wants to update one
    row instead of reloading. `result` is the write's own answer, where it has one (a new
    id, the values before an edit); it is not part of what changed and never merges.
    """

    account_id: int | None = None
    areas: frozenset[str] = frozenset()
    ids: frozenset[tuple[str, int]] = frozenset()
    external: bool = False
    result: Any = field(default=None, compare=False)

    def __post_init__(self) -> None:
        unknown = set(self.areas) - AREAS
        if unknown:
            raise ValueError(f"unknown change areas: {sorted(unknown)}")

    @classmethod
    def of(cls, account_id: int | None, *areas: str,
           ids: Iterable[tuple[str, int]] = ()) -> Changes:
        return cls(account_id, frozenset(areas), frozenset(ids))

    @classmethod
    def external_change(cls) -> Changes:
        """Something changed in the file, written by someone else: assume everything."""
        return cls(None, AREAS, frozenset(), external=True)

    @property
    def empty(self) -> bool:
        return not self.areas

    def touches(self, account_id: int | None, *areas: str) -> bool:
        """Whether a pane showing `areas` of `account_id` must refresh."""
        if self.account_id is not None and account_id is not None \
                and self.account_id != account_id:
            return False
        return bool(self.areas.intersection(areas)) if areas else not self.empty

    def __or__(self, other: Changes) -> Changes:
        account = self.account_id if self.account_id == other.account_id else None
        return Changes(account, self.areas | other.areas, self.ids | other.ids,
                       self.external or other.external)


NOTHING = Changes()
