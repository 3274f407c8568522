"""The writers the concurrency tests start: each a separate process using the program's own functions.

A writer opens the database itself, runs its rounds with its own random choices and
returns what happened: how many writes were confirmed, how many were refused with a
plain message (a colleague's line was there first, the file was busy) and the
traceback of anything else, which is a bug.
"""

from __future__ import annotations

import random
import traceback
import warnings
from dataclasses import dataclass, field
from typing import Any

FIELDS = ("title", "needs", "dissatisfaction", "personal_win", "plan", "phone")


@dataclass
class Outcome:
    confirmed: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    tracebacks: list[str] = field(default_factory=list)
    # (field, stakeholder id, value) of every stakeholder edit the program confirmed.
    edits: list[tuple[str, int, str]] = field(default_factory=list)
    calls: list[int] = field(default_factory=list)

    def refuse(self, exc: BaseException) -> None:
        name = type(exc).__name__
        self.refused[name] = self.refused.get(name, 0) + 1


def committee_writer(target: str, account_id: int, people: list[int], seed: int,
                     rounds: int) -> Outcome:
    """Edit people's fields, draw and remove lines, plan and change calls on one account."""
    from workbench import errors
    from workbench.committee import stakeholders
    from workbench.prep import calls
    from workbench.storage.database import open_database
    from workbench.storage.models import Relationship

    warnings.simplefilter("error")  # as strict as the test run: a warning is a failure
    rng = random.Random(seed)
    out = Outcome()
    db = open_database(target)
    my_calls: list[int] = []
    try:
        for round_ in range(rounds):
            action = rng.choice(("field", "field", "line", "line", "unline", "call", "call"))
            try:
                if action == "field":
                    person, name = rng.choice(people), rng.choice(FIELDS)
                    value = f"w{seed}-r{round_}"[:60]
                    stakeholders.update_stakeholder(db, person, **{name: value})
                    out.edits.append((name, person, value))
                elif action == "line":
                    source, target_id = rng.sample(people, 2)
                    kind = rng.choice(("reports_to", "influences"))
                    stakeholders.connect(db, source, target_id, kind)
                elif action == "unline":
                    with db.session() as session:
                        ids = list(session.scalars(Relationship.__table__.select().with_only_columns(
                            Relationship.id).where(Relationship.account_id == account_id)))
                    if not ids:
                        continue
                    stakeholders.disconnect(db, rng.choice(ids))
                elif my_calls and rng.random() < 0.5:
                    calls.update_call(db, rng.choice(my_calls), objective=f"w{seed} r{round_}",
                                      attendee_ids=rng.sample(people, 2))
                else:
                    my_calls.append(calls.create_call(db, account_id,
                                                      objective=f"w{seed} r{round_}",
                                                      attendee_ids=rng.sample(people, 3)))
                out.confirmed += 1
            except errors.KnownError as exc:
                out.refuse(exc)
            except Exception:  # noqa: BLE001 - a bug: the test reports it with its traceback
                out.tracebacks.append(traceback.format_exc())
    finally:
        db.dispose()
    out.calls = my_calls
    return out


@dataclass
class Edit:
    """One confirmed compare-and-set write: what the writer had read, what it wrote and
    what it read back at once (None when that read failed)."""

    what: tuple[str, int, str]  # ("stakeholder" or "account", id, field)
    shown: str | None
    saved: str
    read_back: str | None = None


def cas_writer(target: str, account_id: int, people: list[int], seed: int,
               rounds: int) -> dict[str, Any]:
    """Edit the account's notes and people's fields as the window's editors do: read what
    is shown, save a new value with `expected=` what was shown, then read it back.

    Through the facade the window uses (`Workbook`). Every value written is unique, so
    the test can chain the confirmed writes of each field: each one's `shown` must be
    the `saved` of the confirmed write before it (or the starting value), and nothing
    a writer was told it saved may vanish without a later confirmed write on top of it.
    A write that lost the race must come back as `errors.Conflict`.
    """
    from workbench import errors
    from workbench.storage.database import open_database
    from workbench.workbook import Workbook

    warnings.simplefilter("error")
    rng = random.Random(1000 + seed)
    db = open_database(target)
    book = Workbook(db)
    edits: list[Edit] = []
    refused: dict[str, int] = {}
    tracebacks: list[str] = []

    def read(what: tuple[str, int, str]) -> str | None:
        if what[0] == "account":
            return book.accounts.overview(what[1]).notes
        return book.committee.values(what[1])[what[2]]

    try:
        for round_ in range(rounds):
            token = f"w{seed}-r{round_}"
            if rng.random() < 0.5:
                what = ("account", account_id, "notes")
            else:
                what = ("stakeholder", rng.choice(people), rng.choice(FIELDS))
            try:
                shown = read(what)
                if what[0] == "account":
                    # A rep adds a line to the notes they see.
                    saved = f"{shown}\n{token}" if shown else token
                    book.accounts.update(account_id, expected={"notes": shown}, notes=saved)
                else:
                    saved = token
                    book.committee.update(account_id, what[1], expected={what[2]: shown},
                                          **{what[2]: saved})
            except errors.KnownError as exc:
                name = type(exc).__name__
                refused[name] = refused.get(name, 0) + 1
                continue
            except Exception:  # noqa: BLE001 - a bug: the test reports it with its traceback
                tracebacks.append(traceback.format_exc())
                continue
            edit = Edit(what, shown, saved)
            edits.append(edit)
            try:
                edit.read_back = read(what)
            except errors.KnownError:
                pass
            except Exception:  # noqa: BLE001
                tracebacks.append(traceback.format_exc())
    finally:
        db.dispose()
    return {"edits": edits, "refused": refused, "tracebacks": tracebacks}


def research_writer(target: str, account_id: int, seed: int, rounds: int) -> dict[str, Any]:
    """Research the same account's site `rounds` times; what each run said it stored."""
    from workbench import errors
    from workbench.research.pipeline import run_research
    from workbench.storage.database import open_database

    warnings.simplefilter("error")
    db = open_database(target)
    runs: list[dict[str, Any]] = []
    tracebacks: list[str] = []
    try:
        for _ in range(rounds):
            try:
                summary = run_research(db, account_id, max_pages=6)
                runs.append({"status": summary.status, "news_added": summary.news_added,
                             "errors": summary.errors, "home": summary.home_captured})
            except errors.KnownError as exc:
                runs.append({"status": "refused", "error": str(exc)})
            except Exception:  # noqa: BLE001
                tracebacks.append(traceback.format_exc())
    finally:
        db.dispose()
    return {"runs": runs, "tracebacks": tracebacks, "seed": seed}
