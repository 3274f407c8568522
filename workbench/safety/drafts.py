"""Unsaved form text that survives a crash: each field's draft in a small file, written as typed.

A notes field saves to the database when the rep leaves it; until then the text
lives only in the window. The UI writes it here a moment after each pause in
typing (whole or not at all), deletes it once the database has the text, and on
the next start offers any draft left behind by a crash.

Drafts live beside the database (`drafts/<database name>/`), not inside it: a
write per pause in typing must never wait for, or block, another window's edit.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workbench.errors import KnownError
from workbench.files import write_atomically

log = logging.getLogger("workbench.safety")


@dataclass(frozen=True)
class Draft:
    """Text typed into one field and not yet saved: `key` names the field, e.g.
    `account/12/notes`; `base` is what the database held when typing began."""

    key: str
    text: str
    base: str
    saved_at: datetime


class DraftStore:
    """The drafts of one database, one small JSON file per field."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def for_database(cls, db_path: Path) -> DraftStore:
        return cls(db_path.parent / "drafts" / db_path.stem)

    def _file(self, key: str) -> Path:
        # Readable for a person looking in the folder, unique through the hash.
        slug = re.sub(r"[^A-Za-z0-9]+", "-", key).strip("-")[:60]
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
        return self.folder / f"{slug}-{digest}.json"

    def save(self, key: str, text: str, base: str = "") -> bool:
        """Write the draft whole or not at all; False (and a log line) if the disk refuses."""
        record = {"key": key, "text": text, "base": base,
                  "saved_at": datetime.now(UTC).isoformat()}
        target = self._file(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(target, json.dumps(record, ensure_ascii=False))
        except (OSError, KnownError) as exc:
            log.warning("cannot keep the draft of %s: %s", key, exc)
            return False
        return True

    def load(self, key: str) -> Draft | None:
        return self._read(self._file(key))

    def discard(self, key: str) -> None:
        """The database has the text now: forget the draft."""
        try:
            self._file(key).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot remove the draft of %s: %s", key, exc)

    def pending(self) -> list[Draft]:
        """Every draft left behind, newest first."""
        if not self.folder.is_dir():
            return []
        found = [d for f in self.folder.glob("*.json") if (d := self._read(f)) is not None]
        return sorted(found, key=lambda d: d.saved_at, reverse=True)

    def _read(self, path: Path) -> Draft | None:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            return Draft(str(record["key"]), str(record["text"]), str(record.get("base", "")),
                         datetime.fromisoformat(record["saved_at"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # A draft file is a convenience; a broken one is logged and ignored.
            log.warning("ignoring unreadable draft %s: %s", path, exc)
            return None
