"""Helpers for the safety tests: a database with real content, damage, immutable files."""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from pathlib import Path

from tests.helpers import immutable_file  # noqa: F401  (re-exported for the safety tests)
from workbench import accounts
from workbench.storage.database import open_database
from workbench.storage.models import RelationKind, Relationship, Role, Stakeholder

ROOT = Path(__file__).resolve().parent.parent.parent
TINY_FS_BYTES = 3 * 1024 * 1024  # the size of the `tiny_disk` file system


_FILLED: dict[int, tuple[Path, dict[str, str]]] = {}


def make_filled_database(path: Path, accounts_count: int = 40) -> dict[str, str]:
    """A closed database with accounts, notes and a committee; returns {name: notes}.

    Built once per size through the core, then copied (nobody has the copy open).
    """
    if accounts_count not in _FILLED:
        folder = Path(tempfile.mkdtemp(prefix="filled-"))
        # Made once per test process (each pytest-xdist worker has its own); gone with it.
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        template = folder / "filled.sqlite3"
        _FILLED[accounts_count] = (template, _build_filled(template, accounts_count))
    template, expected = _FILLED[accounts_count]
    shutil.copyfile(template, path)
    return dict(expected)


def _build_filled(path: Path, accounts_count: int) -> dict[str, str]:
    db = open_database(path)
    expected = {}
    for i in range(accounts_count):
        name = f"Account {i:03d}"
        notes = f"Notes for {name}: " + "call the CFO before Friday. " * (5 + i % 7)
        account_id = accounts.create_account(db, name, f"acct{i}.example", notes=notes)
        expected[name] = notes
        with db.session() as session:
            a = Stakeholder(account_id=account_id, name=f"Ada {i}", role=Role.CHAMPION)
            b = Stakeholder(account_id=account_id, name=f"Bo {i}", role=Role.ECONOMIC_BUYER)
            session.add_all([a, b])
            session.flush()
            session.add(Relationship(account_id=account_id, source_id=a.id, target_id=b.id,
                                     kind=RelationKind.REPORTS_TO))
    db.dispose()  # the last connection checkpoints the WAL into the file
    return expected


def stored_notes(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT name, notes FROM account"))
    finally:
        conn.close()


def flip_bytes_inside_pages(path: Path, pages: range, offset: int = 0, length: int = 48) -> None:
    """Overwrite bytes inside the given pages (1-based), as a failing disk would."""
    page_size = 4096
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * page_size + offset)
            chunk = bytearray(handle.read(length))
            handle.seek((page - 1) * page_size + offset)
            handle.write(bytes(b ^ 0xA5 for b in chunk))
