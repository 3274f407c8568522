"""The question bank: built-in questions per kind of call that the rep edits and extends."""

from __future__ import annotations

import pytest

from workbench import errors
from workbench.prep import question_bank as bank
from workbench.storage.database import Database
from workbench.storage.models import CallKind


def test_every_kind_of_call_has_builtin_questions(db: Database) -> None:
    for kind in CallKind:
        assert bank.bank_questions(db, kind), kind


def test_discovery_covers_situation_dissatisfaction_why_decision_and_people(
        db: Database) -> None:
    topics = {q.topic for q in bank.bank_questions(db, "discovery")}
    assert {"Situation", "Dissatisfaction", "Why", "Decision process", "People"} <= topics


def test_the_rep_edits_extends_and_deletes_and_reseeding_keeps_it(db: Database) -> None:
    first, second = bank.bank_questions(db, CallKind.DEMO)[:2]
    bank.update_question(db, first.id, text="  What must we   show first? ")
    bank.delete_question(db, second.id)
    bank.add_question(db, "demo", "Who else should see this?", topic="People")
    assert bank.seed_bank(db) == 0
    entries = bank.bank_questions(db, CallKind.DEMO)
    texts = [q.text for q in entries]
    assert texts[0] == "What must we show first?"
    assert second.text not in texts
    assert texts[-1] == "Who else should see this?" and not entries[-1].builtin
    assert texts.count("Who else should see this?") == 1


def test_an_empty_question_is_refused(db: Database) -> None:
    with pytest.raises(errors.InvalidInput, match="empty"):
        bank.add_question(db, "discovery", "   ")


def test_a_sheet_reads_the_bank_without_writing(db: Database) -> None:
    from sqlalchemy import func, select

    from workbench.storage.models import BankQuestion

    shipped = bank.questions_for_sheet(db, "discovery")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(BankQuestion)) == 0
    assert shipped == [q.text for q in bank.bank_questions(db, "discovery")]
    own = bank.add_question(db, "discovery", "What keeps you up at night?")
    assert bank.questions_for_sheet(db, "discovery")[-1] == "What keeps you up at night?"
    assert own
