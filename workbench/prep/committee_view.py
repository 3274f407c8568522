"""The sheet's one door to the committee's coverage check (`workbench.committee.coverage`):
the completeness figure and the flags, as the sheet prints them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from workbench.committee.coverage import (
    Coverage,
    assess,
    coverage_for_account,
    parse_required_roles,
)
from workbench.committee.records import Committee
from workbench.storage.database import Database

log = logging.getLogger("workbench.prep")


@dataclass(frozen=True)
class FlagView:
    """One coverage flag as the sheet prints it."""

    code: str
    message: str
    advice: str


@dataclass(frozen=True)
class CoverageView:
    """How complete the committee is, and what is missing, for the sheet."""

    completeness: float
    missing_roles: list[str] = field(default_factory=list)
    flags: list[FlagView] = field(default_factory=list)


def _label(role: object) -> str:
    label = getattr(role, "label", None)
    return str(label) if label else str(getattr(role, "value", role)).replace("_", " ").capitalize()


def coverage_view(db: Database, account_id: int, today: date | None = None) -> CoverageView:
    """The coverage of an account's committee, read from the database."""
    return _view(coverage_for_account(db, account_id, today=today))


def coverage_of(committee: Committee, today: date | None = None) -> CoverageView:
    """The coverage of a committee already read (the sheet's own read)."""
    return _view(assess(committee.people, committee.lines,
                        parse_required_roles(committee.required_roles_text),
                        today or date.today()))


def _view(coverage: Coverage) -> CoverageView:
    return CoverageView(
        completeness=coverage.completeness,
        missing_roles=[_label(r) for r in coverage.missing_roles],
        flags=[FlagView(f.code, f.message, f.advice) for f in coverage.flags],
    )
