"""The sheet's one door to the committee's coverage check (built in `workbench.committee`).

The coverage module is developed alongside; where it is not installed this
adapter returns None and the sheet shows its "no committee map yet" prompt
instead of flags. Nothing else in `workbench.prep` imports it.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from datetime import date

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


def coverage_view(db: Database, account_id: int, today: date | None = None) -> CoverageView | None:
    """The coverage of an account's committee, or None when coverage cannot be computed here."""
    try:
        coverage_module = importlib.import_module("workbench.committee.coverage")
    except ImportError:
        return None
    compute = getattr(coverage_module, "coverage_for_account", None)
    if compute is None:
        return None
    coverage = compute(db, account_id, today=today)
    return CoverageView(
        completeness=float(getattr(coverage, "completeness", 0.0) or 0.0),
        missing_roles=[_label(r) for r in getattr(coverage, "missing_roles", []) or []],
        flags=[FlagView(str(getattr(f, "code", "")), str(getattr(f, "message", "")),
                        str(getattr(f, "advice", "")))
               for f in getattr(coverage, "flags", []) or []],
    )
