"""Moving one account between laptops: export to one JSON file, import it back, checked.

Export is `dossier.build_dossier` written whole or not at all; import is
`transfer.import_dossier` (one transaction). What this room adds is a check of
the file's shape before anything is written: a hand-edited or damaged file is
refused with a message naming the problem, never with a traceback.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from workbench import errors
from workbench.dossier import build_dossier
from workbench.files import write_atomically
from workbench.safety.account_file_limits import check_limits
from workbench.storage.database import Database
from workbench.transfer import import_dossier, read_dossier_file

log = logging.getLogger("workbench.safety")

_NUMBER = (int, float)
# Fields whose type the importer relies on, per section: a wrong type here would
# otherwise surface as a crash inside the import.
_LISTS_OF_TEXT = ("questions", "talking_points")
_SECTIONS = ("pages", "facts", "people", "feeds", "news", "stakeholders", "relationships",
             "calls")


def _fail(problem: str) -> errors.InvalidInput:
    return errors.InvalidInput(f"The account export is malformed: {problem}.",
                               hint="Nothing was imported. Export the account again.")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_number(record: dict[str, Any], key: str, where: str) -> None:
    value = record.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, _NUMBER)):
        raise _fail(f"{where} has a non-number {key}")


def validate_dossier(data: dict[str, Any]) -> None:
    """Check the structure of an account export; raise `InvalidInput` naming the problem."""
    version = data.get("format_version", 0)
    if not _is_int(version):
        raise _fail("its format version is not a number")
    if not isinstance(data.get("account"), dict):
        raise _fail("it has no account section")
    for section in _SECTIONS:
        value = data.get(section)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise _fail(f"the “{section}” section is not a list of records")
    for page in data.get("pages") or []:
        history = page.get("history")
        if history is not None and (not isinstance(history, list)
                                    or not all(isinstance(h, dict) for h in history)):
            raise _fail("a page's history is not a list of captures")
        for snap in history or [page]:
            status = snap.get("status")
            if status is not None and not _is_int(status):
                raise _fail("a page capture has a non-number status")
    for item in data.get("news") or []:
        triggers = item.get("triggers")
        if triggers is not None and (not isinstance(triggers, list)
                                     or not all(isinstance(t, dict) for t in triggers)):
            raise _fail("a news item's triggers are not a list")
    ids = set()
    for person in data.get("stakeholders") or []:
        if "id" in person:
            if not _is_int(person["id"]):
                raise _fail("a stakeholder has a non-number id")
            if person["id"] in ids:
                raise _fail("two stakeholders have the same id")
            ids.add(person["id"])
        _check_number(person, "x", "a stakeholder")
        _check_number(person, "y", "a stakeholder")
        attitude = person.get("attitude")
        if attitude is not None and not _is_int(attitude):
            raise _fail("a stakeholder has a non-number attitude")
    for line in data.get("relationships") or []:
        for key in ("source_id", "target_id"):
            if not _is_int(line.get(key)) or line[key] not in ids:
                raise _fail("a line on the map points to a person the file does not list")
    for call in data.get("calls") or []:
        attendees = call.get("attendees") or []
        if not isinstance(attendees, list) or not all(
                _is_int(a) and a in ids for a in attendees):
            raise _fail("a call lists an attendee the file does not list")
        for key in _LISTS_OF_TEXT:
            value = call.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _fail(f"a call's {key.replace('_', ' ')} are not a list of text")
        objections = call.get("objections") or []
        if not isinstance(objections, list) or not all(
                isinstance(o, dict) and all(isinstance(v, str) for v in o.values())
                for o in objections):
            raise _fail("a call's objections are not a list of question-and-answer pairs")
    check_limits(data)  # ranges, column widths, uniqueness: the shape is known good now


def import_account_file(db: Database, path: Path, *, rename: str | None = None,
                        as_copy: bool = False) -> int:
    """Import one account from an export file; all or nothing. Returns the new account id."""
    data = read_dossier_file(path)
    validate_dossier(data)
    try:
        return import_dossier(db, data, rename=rename, as_copy=as_copy)
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        # The shape check above should catch these; if one slips through, the
        # transaction has rolled back, so the file is refused and nothing changed.
        log.exception("import of %s failed after validation", path)
        raise _fail(f"an unexpected value ({exc})") from exc


def export_account_file(db: Database, account_id: int, path: Path) -> Path:
    """Write one account's export to `path`, whole or not at all."""
    text = json.dumps(build_dossier(db, account_id), indent=2, ensure_ascii=False)
    write_atomically(path, text + "\n")
    return path
