"""The core facade: writes say what they changed, compare-and-set refuses a stale edit,
another process's commits are told apart from ours, and all writes pass one lock."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from workbench import errors
from workbench.storage.database import Database
from workbench.workbook import Changes, Workbook
from workbench.workbook.changes import ACCOUNT, ACCOUNTS, CALLS, COMMITTEE, NOTES
from workbench.workbook.watch import NoSource

ROOT = Path(__file__).resolve().parent.parent.parent


def in_other_process(db_path: Path | str, code: str) -> None:
    """Run `code` (with `db` open on the same file) in a second Python process."""
    script = ("import sys\nfrom workbench.storage.database import open_database\n"
              f"db = open_database(sys.argv[1])\n{code}\ndb.dispose()\n")
    done = subprocess.run([sys.executable, "-c", script, str(db_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def test_the_workbook_is_one_per_database(db: Database) -> None:
    assert Workbook.of(db) is Workbook.of(db)
    assert Workbook.of(Workbook.of(db)) is Workbook.of(db)


def test_every_write_says_what_it_changed(db: Database) -> None:
    book = Workbook.of(db)
    created = book.accounts.create("Acme", "acme.example")
    account_id = created.result
    assert created.account_id == account_id and {ACCOUNTS, ACCOUNT} <= created.areas
    assert book.accounts.update(account_id, notes="Budget in Q3").areas == {NOTES}
    added = book.committee.add(account_id, "Ada Lovelace", title="CTO")
    assert added.areas == {COMMITTEE} and ("stakeholder", added.result) in added.ids
    call = book.calls.create(account_id, objective="Discovery")
    assert call.areas == {CALLS} and call.account_id == account_id
    assert added.touches(account_id, COMMITTEE) and not added.touches(account_id, CALLS)
    assert not added.touches(account_id + 1, COMMITTEE)
    merged = added | call
    assert merged.areas == {COMMITTEE, CALLS} and merged.account_id == account_id
    external = Changes.external_change()
    assert external.external and external.touches(account_id, CALLS)
    with pytest.raises(ValueError):
        Changes.of(1, "no such area")


def test_a_stale_edit_of_notes_raises_a_conflict_with_both_values(db: Database) -> None:
    book = Workbook.of(db)
    account_id = book.accounts.create("Acme", "acme.example").result
    book.accounts.update(account_id, notes="as the pane read it")
    # Someone else writes after the pane read the notes...
    book.accounts.update(account_id, notes="theirs")
    with pytest.raises(errors.Conflict) as caught:
        book.accounts.update(account_id, expected={"notes": "as the pane read it"},
                             notes="mine")
    assert caught.value.fields == {"notes": ("theirs", "mine")}
    assert book.accounts.overview(account_id).notes == "theirs"  # nothing was saved
    # Shown what is stored now, the same write goes through.
    book.accounts.update(account_id, expected={"notes": "theirs"}, notes="mine")
    assert book.accounts.overview(account_id).notes == "mine"


def test_stakeholder_and_call_fields_are_compared_before_they_are_set(db: Database) -> None:
    book = Workbook.of(db)
    account_id = book.accounts.create("Acme", "acme.example").result
    person = book.committee.add(account_id, "Ada", title="CTO").result
    book.committee.update(account_id, person, title="CEO")
    with pytest.raises(errors.Conflict) as caught:
        book.committee.update(account_id, person, expected={"title": "CTO"}, title="CIO")
    assert caught.value.theirs == {"title": "CEO"} and caught.value.mine == {"title": "CIO"}
    # Another field than the one changed elsewhere is no conflict.
    book.committee.update(account_id, person, expected={"needs": ""}, needs="Uptime")
    call = book.calls.create(account_id, objective="Discovery").result
    book.calls.update(account_id, call, objective="Demo")
    with pytest.raises(errors.Conflict):
        book.calls.update(account_id, call, expected={"objective": "Discovery"},
                          objective="Pricing")
    assert book.calls.fields(call)["objective"] == "Demo"


def test_a_conflict_between_two_processes_is_never_silently_overwritten(
        db: Database, db_target: Path | str) -> None:
    book = Workbook.of(db)
    account_id = book.accounts.create("Acme", "acme.example").result
    book.accounts.update(account_id, notes="first draft")
    shown = book.accounts.overview(account_id).notes  # this window shows the notes
    in_other_process(db_target, f"from workbench import accounts\n"
                              f"accounts.update_account(db, {account_id}, notes='colleague')")
    with pytest.raises(errors.Conflict) as caught:
        book.accounts.update(account_id, expected={"notes": shown}, notes="mine")
    assert caught.value.fields["notes"] == ("colleague", "mine")
    assert book.accounts.overview(account_id).notes == "colleague"


def test_another_process_commit_is_noticed_and_our_own_are_not(
        db: Database, db_target: Path | str) -> None:
    book = Workbook.of(db)
    source = book.changes_elsewhere()
    try:
        # data_version on SQLite, LISTEN/NOTIFY on PostgreSQL: never the blind source.
        assert not isinstance(source, NoSource)
        assert source.poll() is False
        account_id = book.accounts.create("Acme", "acme.example").result
        book.accounts.update(account_id, notes="ours")
        assert source.poll() is False, "our own writes are broadcast already"
        in_other_process(db_target, "from workbench import accounts\n"
                                  "accounts.create_account(db, 'Beta', 'beta.example')")
        assert source.poll() is True
        assert source.poll() is False
        # Theirs, then ours before the next poll: theirs is still seen.
        in_other_process(db_target, f"from workbench import accounts\n"
                                  f"accounts.update_account(db, {account_id}, notes='x')")
        book.accounts.update(account_id, notes="ours again")
        assert source.poll() is True
    finally:
        source.close()


def test_writes_from_two_threads_queue_on_one_writer(db: Database) -> None:
    book = Workbook.of(db)
    account_id = book.accounts.create("Acme", "acme.example").result
    entered = threading.Event()
    other_done = threading.Event()

    def other_writer() -> None:
        book.committee.add(account_id, "Grace")
        other_done.set()

    with db.session() as session:
        from workbench.storage.models import Stakeholder

        session.add(Stakeholder(account_id=account_id, name="Ada"))
        session.flush()  # this session now holds the writer
        entered.set()
        worker = threading.Thread(target=other_writer)
        worker.start()
        time.sleep(0.3)
        assert not other_done.is_set(), "a second writer must wait for the first"
    worker.join(10)
    assert other_done.is_set()
    assert sorted(p.name for p in book.committee.load(account_id).people) == ["Ada", "Grace"]
    # Reading never waits for the writer.
    with db.session() as session:
        session.add(Stakeholder(account_id=account_id, name="Hedy"))
        session.flush()
        reader = threading.Thread(target=lambda: book.accounts.rows())
        reader.start()
        reader.join(5)
        assert not reader.is_alive()
