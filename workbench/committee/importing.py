"""Importing people from CSV and vCard files: a preview first, duplicates marked, then all at once.

`preview_file` reads and checks the whole file before anything is stored: a
file that cannot be read as a contact list is refused with a plain message,
and rows that cannot be used are listed with the reason. `apply_import` adds
the chosen rows in one transaction, so an import is all or nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from workbench import errors
from workbench.committee.records import Person, load_committee
from workbench.committee.stakeholders import TEXT_FIELDS, clean_value
from workbench.storage.database import Database
from workbench.storage.models import Role, Stakeholder

MAX_BYTES = 2 * 1024 * 1024  # a contact list of a few thousand people is far below this
MAX_ROWS = 2000
COLUMN_ALIASES = {
    "name": ("name", "full name", "fullname", "display name", "contact", "contact name"),
    "first": ("first name", "firstname", "given name", "first"),
    "last": ("last name", "lastname", "surname", "family name", "last"),
    "title": ("title", "job title", "position", "role title", "jobtitle"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail", "work email"),
    "phone": ("phone", "telephone", "phone number", "mobile", "mobile phone", "work phone", "tel"),
    "profile_url": ("profile", "profile url", "profile link", "linkedin", "linkedin url", "url",
                    "website"),
    "role": ("role", "buying role", "committee role"),
    "notes": ("notes", "note", "comments"),
}


@dataclass(frozen=True)
class ImportRow:
    """One person read from the file, with why it will not be added (if so)."""

    line: int
    name: str
    title: str = ""
    email: str = ""
    phone: str = ""
    profile_url: str = ""
    role: Role = Role.UNKNOWN
    notes: str = ""
    problem: str = ""  # the row cannot be added (no name, bad email, ...)
    duplicate: str = ""  # why it looks like someone already there
    duplicate_of: int | None = None

    @property
    def addable(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class ImportPreview:
    """What an import would add: every row, checked, before anything is stored."""

    file_name: str
    kind: str  # "CSV" or "vCard"
    rows: tuple[ImportRow, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def to_add(self, include_duplicates: bool = False) -> list[ImportRow]:
        return [r for r in self.rows if r.addable and (include_duplicates or not r.duplicate)]

    @property
    def summary(self) -> str:
        new = len(self.to_add())
        dupes = sum(1 for r in self.rows if r.addable and r.duplicate)
        bad = sum(1 for r in self.rows if not r.addable)
        return (f"{len(self.rows)} people in {self.file_name}: {new} new, "
                f"{dupes} already on the map, {bad} cannot be added.")


# -- reading -------------------------------------------------------------------------------
def read_text(path: Path) -> str:
    """The file's text, refused with a plain message if too big, binary or not UTF-8/16."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise errors.NotFound(f"Cannot read {path.name}: {exc.strerror}.") from exc
    if size > MAX_BYTES:
        raise errors.InvalidInput(
            f"{path.name} is {size / 1_048_576:.1f} MB; a contact list to import can be at most "
            f"{MAX_BYTES // 1_048_576} MB.", hint="Split it, or export only this account's people.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise errors.InvalidInput(f"Cannot read {path.name}: {exc.strerror}.") from exc
    return decode(data, path.name)


def decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _bad_encoding(name) from exc
    if b"\x00" in data[:4096]:
        raise errors.InvalidInput(f"{name} is not a text file (it holds binary data).",
                                  hint="Choose a CSV or vCard (.vcf) file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _bad_encoding(name) from exc


def _bad_encoding(name: str) -> errors.InvalidInput:
    return errors.InvalidInput(
        f"{name} is not in UTF-8, so names with accents would come out wrong.",
        hint="Save it again as “CSV UTF-8” (or vCard 3/4) and import that file. Nothing was added.")


def kind_of(path: Path, text: str) -> str:
    if path.suffix.lower() in (".vcf", ".vcard") or text.lstrip().upper().startswith("BEGIN:VCARD"):
        return "vCard"
    return "CSV"


# -- CSV -----------------------------------------------------------------------------------
def _norm_header(text: str) -> str:
    # "E-mail", "e_mail", " EMAIL " and "First_Name" all match their alias.
    text = re.sub(r"[_.]+", " ", (text or "").replace("-", "")).strip().lower()
    return " ".join(text.split())


def _columns(header: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    normalised = [_norm_header(h) for h in header]
    for key, aliases in COLUMN_ALIASES.items():
        wanted = {_norm_header(a) for a in aliases}
        for index, name in enumerate(normalised):
            if name in wanted and key not in found:
                found[key] = index
                break
    return found


def parse_csv(text: str, file_name: str) -> list[dict[str, str | int]]:
    """Raw records (with their line number) from a CSV with a header row."""
    if not text.strip():
        raise errors.InvalidInput(f"{file_name} is empty.")
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise errors.InvalidInput(f"{file_name} is not a readable CSV file: {exc}.") from exc
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise errors.InvalidInput(f"{file_name} is empty.")
    header, body = rows[0], rows[1:]
    columns = _columns(header)
    if "name" not in columns and not ("first" in columns or "last" in columns):
        shown = ", ".join(f"“{h.strip()}”" for h in header[:8] if h.strip()) or "none"
        raise errors.InvalidInput(
            f"{file_name} has no name column (its columns: {shown}).",
            hint="The first row must name the columns: Name (or First name and Last name), "
                 "and optionally Title, Email, Phone, Profile, Role, Notes. Nothing was added.")
    if len(body) > MAX_ROWS:
        raise errors.InvalidInput(f"{file_name} has {len(body)} rows; at most {MAX_ROWS} "
                                  "people can be imported at once.")
    records: list[dict[str, str | int]] = []
    for number, row in enumerate(body, start=2):
        def cell(key: str, row: list[str] = row) -> str:
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""
        name = cell("name") or " ".join(p for p in (cell("first"), cell("last")) if p)
        records.append({"line": number, "name": name, "title": cell("title"),
                        "email": cell("email"), "phone": cell("phone"),
                        "profile_url": cell("profile_url"), "role": cell("role"),
                        "notes": cell("notes")})
    return records


# -- vCard ---------------------------------------------------------------------------------
# vCard properties -> our fields (the first value of each counts).
_VCARD_FIELDS = {"fn": "name", "title": "title", "email": "email", "tel": "phone",
                 "url": "profile_url", "note": "notes"}


def _vcard_cards(text: str) -> list[tuple[int, list[str], str]]:
    """Each card's first line number, its lines, and what is wrong with its ends ("" when
    it is closed). Quoted-printable soft line breaks (vCard 2.1, "=" at a line's end) are
    joined here: vobject reads folded lines, not those."""
    cards: list[tuple[int, list[str], str]] = []
    current: tuple[int, list[str]] | None = None
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        while (line.endswith("=") and number < len(lines)
               and "QUOTED-PRINTABLE" in line.split(":", 1)[0].upper()):
            line = line[:-1] + lines[number]
            number += 1
        marker = line.strip().upper()
        if marker == "BEGIN:VCARD":
            if current is not None:
                cards.append((current[0], current[1], "this card has no END:VCARD line"))
            current = (number, [line])
        elif current is not None:
            current[1].append(line)
            if marker == "END:VCARD":
                cards.append((current[0], current[1], ""))
                current = None
    if current is not None:
        cards.append((current[0], current[1], "the file ends inside this card (no END:VCARD)"))
    return cards


def _vcard_text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(_vcard_text(v) for v in value)
    return value.strip() if isinstance(value, str) else ""


def _vcard_record(line: int, card_lines: list[str], problem: str) -> dict[str, str | int]:
    """One card read by vobject (escapes, folding, encodings, groups such as item1.EMAIL)."""
    import vobject

    record: dict[str, str | int] = {"line": line, "name": ""}
    if problem:
        record["problem"] = problem
        card_lines = [*card_lines, "END:VCARD"]
    try:
        card = vobject.readOne("\r\n".join(card_lines) + "\r\n", ignoreUnreadable=True)
        contents = card.contents
    except Exception as exc:  # noqa: BLE001 - vobject raises many kinds on broken cards
        record["problem"] = problem or f"this card cannot be read ({type(exc).__name__})"
        return record
    for key, target in _VCARD_FIELDS.items():
        for prop in contents.get(key, []):
            value = _vcard_text(getattr(prop, "value", ""))
            if value:
                record[target] = value
                break
    if not record["name"]:
        for prop in contents.get("n", []):
            name = getattr(prop, "value", None)
            given = _vcard_text(getattr(name, "given", ""))
            family = _vcard_text(getattr(name, "family", ""))
            if given or family:
                record["name"] = " ".join(p for p in (given, family) if p)
                break
    if isinstance(record.get("profile_url"), str):
        record["profile_url"] = str(record["profile_url"]).replace("\\:", ":")
    return record


def parse_vcard(text: str, file_name: str) -> list[dict[str, str | int]]:
    """Raw records from vCard 2.1/3/4 text: FN (or N), TITLE, EMAIL, TEL, URL, NOTE, each
    card read by `vobject`; a card cut short or unreadable is kept with the reason."""
    if "BEGIN:VCARD" not in text.upper():
        raise errors.InvalidInput(f"{file_name} is not a vCard file (no BEGIN:VCARD).",
                                  hint="Export the contacts as vCard (.vcf). Nothing was added.")
    cards = _vcard_cards(text)
    if len(cards) > MAX_ROWS:
        raise errors.InvalidInput(f"{file_name} has {len(cards)} cards; at most {MAX_ROWS} "
                                  "people can be imported at once.")
    return [_vcard_record(line, card_lines, problem) for line, card_lines, problem in cards]


# -- checking ------------------------------------------------------------------------------
def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _role(value: str) -> Role:
    key = value.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return Role(key) if key else Role.UNKNOWN
    except ValueError:
        return Role.UNKNOWN


def check_rows(records: Iterable[dict[str, str | int]], existing: Sequence[Person]) -> list[ImportRow]:
    """Turn raw records into rows: cleaned fields, problems, and duplicates marked."""
    by_email = {p.email.casefold(): p for p in existing if p.email}
    by_name = {_name_key(p.name): p for p in existing}
    seen_email: dict[str, int] = {}
    seen_name: dict[str, int] = {}
    rows: list[ImportRow] = []
    for record in records:
        values: dict[str, str] = {}
        problem = str(record.get("problem", ""))
        for key in ("name", "title", "email", "phone", "profile_url", "notes"):
            raw = str(record.get(key, "") or "")
            try:
                values[key] = clean_value(key, raw) if raw or key == "name" else ""
            except errors.KnownError as exc:
                values[key] = raw[: TEXT_FIELDS[key]]
                problem = problem or exc.message
        row = ImportRow(line=int(record["line"]), name=values["name"], title=values["title"],
                        email=values["email"], phone=values["phone"],
                        profile_url=values["profile_url"], notes=values["notes"],
                        role=_role(str(record.get("role", ""))), problem=problem)
        email, name = row.email.casefold(), _name_key(row.name)
        if email and email in by_email:
            other = by_email[email]
            row = replace(row, duplicate=f"same email as {other.name}", duplicate_of=other.id)
        elif name and name in by_name:
            other = by_name[name]
            row = replace(row, duplicate="same name as someone on this account",
                          duplicate_of=other.id)
        elif email and email in seen_email:
            row = replace(row, duplicate=f"same email as line {seen_email[email]} of the file")
        elif name and name in seen_name:
            row = replace(row, duplicate=f"same name as line {seen_name[name]} of the file")
        if row.addable:
            if email:
                seen_email.setdefault(email, row.line)
            if name:
                seen_name.setdefault(name, row.line)
        rows.append(row)
    return rows


def preview_text(text: str, file_name: str, kind: str, existing: Sequence[Person]) -> ImportPreview:
    records = parse_vcard(text, file_name) if kind == "vCard" else parse_csv(text, file_name)
    rows = tuple(check_rows(records, existing))
    if not rows:
        raise errors.InvalidInput(f"{file_name} holds no people.")
    return ImportPreview(file_name=file_name, kind=kind, rows=rows)


def preview_file(db: Database, account_id: int, path: Path) -> ImportPreview:
    """Read and check a CSV or vCard file against the account's committee; stores nothing."""
    path = Path(path)
    text = read_text(path)
    return preview_text(text, path.name, kind_of(path, text),
                        load_committee(db, account_id).people)


def apply_import(db: Database, account_id: int, preview: ImportPreview,
                 include_duplicates: bool = False) -> list[int]:
    """Add the preview's usable rows in one transaction; returns the new ids."""
    rows = preview.to_add(include_duplicates)
    if not rows:
        raise errors.InvalidInput("There is no one new to add from this file.")
    origin = clean_value("origin", f"import: {preview.file_name}")
    with db.session() as session:
        people = [Stakeholder(account_id=account_id, name=r.name, title=r.title, email=r.email,
                              phone=r.phone, profile_url=r.profile_url, role=r.role,
                              notes=r.notes, origin=origin) for r in rows]
        session.add_all(people)
        session.flush()
        return [p.id for p in people]
