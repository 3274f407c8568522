"""The question bank: questions per kind of call, built in and the rep's own (Qt-free).

The built-in questions come from `resources/question_bank.json` and are copied
into the `bank_question` table the first time the bank is read, so the rep can
edit, reorder, delete and extend them like their own. Reseeding never touches
questions the rep wrote.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from workbench import errors, paths
from workbench.prep.calls import parse_kind
from workbench.storage.database import Database
from workbench.storage.models import BankQuestion, CallKind

BANK_FILE = "question_bank.json"
MAX_QUESTION = 1000


@dataclass(frozen=True)
class BankEntry:
    """One question of the bank as the editor shows it."""

    id: int
    kind: CallKind
    topic: str
    text: str
    builtin: bool


def builtin_questions() -> dict[CallKind, list[tuple[str, str]]]:
    """The shipped questions per kind of call: (topic, text) pairs."""
    raw = json.loads((paths.resources_dir() / BANK_FILE).read_text(encoding="utf-8"))
    return {CallKind(kind): [(str(topic), str(text)) for topic, text in items]
            for kind, items in raw["kinds"].items()}


def seed_bank(db: Database) -> int:
    """Copy the built-in questions into the database once; returns how many were added.

    Only an empty bank is seeded: built-in questions the rep deleted stay deleted
    (every write path seeds first, so the rep's own questions never come alone).
    """
    with db.session() as session:
        if session.scalar(select(func.count()).select_from(BankQuestion)):
            return 0
        added = 0
        for kind, items in builtin_questions().items():
            for position, (topic, text) in enumerate(items):
                session.add(BankQuestion(call_kind=kind, topic=topic, text=text,
                                         position=position, builtin=True))
                added += 1
        return added


def bank_questions(db: Database, kind: CallKind | str) -> Sequence[BankEntry]:
    """The questions for one kind of call, in the rep's order."""
    kind = parse_kind(kind)
    seed_bank(db)
    with db.session() as session:
        rows = session.scalars(select(BankQuestion).where(BankQuestion.call_kind == kind)
                               .order_by(BankQuestion.position, BankQuestion.id)).all()
        return [BankEntry(r.id, r.call_kind, r.topic, r.text, r.builtin) for r in rows]


def questions_for_sheet(db: Database, kind: CallKind | str) -> list[str]:
    """The bank's question texts for a kind, without writing: a sheet prints from read-only files.

    An unseeded bank reads the shipped questions straight from the resource file.
    """
    kind = parse_kind(kind)
    with db.session() as session:
        if session.scalar(select(func.count()).select_from(BankQuestion)):
            return list(session.scalars(
                select(BankQuestion.text).where(BankQuestion.call_kind == kind)
                .order_by(BankQuestion.position, BankQuestion.id)))
    return [text for _topic, text in builtin_questions().get(kind, [])]


def _clean(text: str) -> str:
    text = " ".join(str(text).split())
    if not text:
        raise errors.InvalidInput("A question cannot be empty.")
    if len(text) > MAX_QUESTION:
        raise errors.InvalidInput(f"A question can be at most {MAX_QUESTION} characters.")
    return text


def add_question(db: Database, kind: CallKind | str, text: str, topic: str = "") -> int:
    """Add the rep's own question at the end of a kind's list."""
    kind = parse_kind(kind)
    seed_bank(db)
    with db.session() as session:
        last = session.scalar(select(func.max(BankQuestion.position))
                              .where(BankQuestion.call_kind == kind))
        entry = BankQuestion(call_kind=kind, topic=topic.strip()[:60], text=_clean(text),
                             position=(last or 0) + 1, builtin=False)
        session.add(entry)
        session.flush()
        return entry.id


def update_question(db: Database, question_id: int, *, text: str | None = None,
                    topic: str | None = None) -> None:
    with db.session() as session:
        entry = session.get(BankQuestion, question_id)
        if entry is None:
            raise errors.NotFound("That question is no longer in the bank.")
        if text is not None:
            entry.text = _clean(text)
        if topic is not None:
            entry.topic = topic.strip()[:60]


def delete_question(db: Database, question_id: int) -> None:
    with db.session() as session:
        entry = session.get(BankQuestion, question_id)
        if entry is None:
            raise errors.NotFound("That question is no longer in the bank.")
        session.delete(entry)
