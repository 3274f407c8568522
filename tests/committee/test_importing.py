"""CSV and vCard imports: preview, duplicates, and clear refusals that add nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import errors
from workbench.accounts import create_account
from workbench.committee import importing
from workbench.committee import stakeholders as service
from workbench.committee.records import load_committee
from workbench.storage.models import Role


@pytest.fixture
def account(db) -> int:
    account_id = create_account(db, "Acme", "https://acme.example")
    service.add_stakeholder(db, account_id, "Marcus Oyelaran", email="marcus@acme.example")
    return account_id


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def names(db, account_id: int) -> list[str]:
    return sorted(p.name for p in load_committee(db, account_id).people)


def test_csv_preview_marks_duplicates_and_problems(db, account, tmp_path) -> None:
    path = write(tmp_path, "team.csv",
                 "First name;Last name;Job title;E-mail;Role\n"
                 "Elena;Brandt;Director of Operations;elena@acme.example;champion\n"
                 "Marc;O.;COO;MARCUS@acme.example;\n"
                 "marcus  oyelaran;;COO;;\n"
                 ";;Somebody;;\n"
                 "Élodie;Durand;Buyer;elodie@acme.example;\n"
                 "Elena;Brandt;Dup in file;;\n")
    preview = importing.preview_file(db, account, path)
    by_line = {r.line: r for r in preview.rows}
    assert by_line[2].addable and not by_line[2].duplicate and by_line[2].role is Role.CHAMPION
    assert "same email as Marcus Oyelaran" in by_line[3].duplicate
    assert "same name" in by_line[4].duplicate
    assert "needs a name" in by_line[5].problem
    assert by_line[6].name == "Élodie Durand"
    assert "line 2" in by_line[7].duplicate
    assert [r.name for r in preview.to_add()] == ["Elena Brandt", "Élodie Durand"]
    assert names(db, account) == ["Marcus Oyelaran"]  # a preview stores nothing
    ids = importing.apply_import(db, account, preview)
    assert len(ids) == 2
    assert service.get_values(db, ids[0])["origin"] == "import: team.csv"
    assert names(db, account) == ["Elena Brandt", "Marcus Oyelaran", "Élodie Durand"]


def test_vcard_import_reads_folded_and_escaped_fields(db, account, tmp_path) -> None:
    path = write(tmp_path, "people.vcf",
                 "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kowal;Tomasz;;;\r\n"
                 "TITLE:VP Information\r\n  Technology\r\nEMAIL;TYPE=work:tomasz@acme.example\r\n"
                 "TEL;TYPE=cell:+1 419 555 0100\r\nEND:VCARD\r\n"
                 "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Reyes\\, Sam\r\nitem1.EMAIL:sam@acme.example\r\n"
                 "END:VCARD\r\n")
    preview = importing.preview_file(db, account, path)
    assert preview.kind == "vCard"
    first, second = preview.rows
    assert first.name == "Tomasz Kowal" and first.title == "VP Information Technology"
    assert first.phone == "+1 419 555 0100"
    assert second.name == "Reyes, Sam" and second.email == "sam@acme.example"


def test_vcard_21_from_phones_and_outlook_is_read(db, account, tmp_path) -> None:
    """vCard 2.1 as old phones and Outlook write it: quoted-printable UTF-8 with a soft line
    break in the middle of a character, bare TYPE parameters, escaped semicolons in N, and an
    unreadable line that costs only itself."""
    path = write(tmp_path, "phone.vcf",
                 "BEGIN:VCARD\nVERSION:2.1\n"
                 "N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:M=C3=BCller;J=C3=BCrgen\n"
                 "FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:J=C3=BCrgen M=C3=\n=BCller\n"
                 "TITLE:Leiter Einkauf\nTEL;WORK;VOICE:+49 30 1234 567\n"
                 "EMAIL;PREF;INTERNET:j.mueller@kunde.example\n"
                 "this line is not a property\n"
                 "URL:https\\://kunde.example/team\nEND:VCARD\n"
                 "BEGIN:VCARD\nVERSION:3.0\nN:O\\;Brien;Aoife;;;\nNOTE:Met at the expo\\nasked for pricing\n"
                 "END:VCARD\n")
    first, second = importing.preview_file(db, account, path).rows
    assert first.addable, first.problem
    assert (first.name, first.title, first.phone, first.email) == (
        "Jürgen Müller", "Leiter Einkauf", "+49 30 1234 567", "j.mueller@kunde.example")
    assert first.profile_url == "https://kunde.example/team"
    assert second.name == "Aoife O;Brien"
    assert second.notes == "Met at the expo\nasked for pricing"


def test_a_truncated_vcard_flags_the_open_card(db, account, tmp_path) -> None:
    path = write(tmp_path, "cut.vcf", "BEGIN:VCARD\nFN:Ann Lee\nEND:VCARD\nBEGIN:VCARD\nFN:Bo")
    rows = importing.preview_file(db, account, path).rows
    assert rows[0].addable
    assert "END:VCARD" in rows[1].problem


@pytest.mark.parametrize(("name", "content", "words"), [
    ("wrong.csv", "Company,Revenue\nAcme,12\n", "no name column"),
    ("latin1.csv", "Name,Title\nJos\xe9 Garc\xeda,CFO\n".encode("latin-1"), "not in UTF-8"),
    ("empty.csv", "", "is empty"),
    ("blank.csv", "Name,Title\n,CFO\n ,CTO\n", None),
    ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    ("notvcard.vcf", "hello there\n", "not a vCard"),
])
def test_malformed_files_are_refused_with_a_clear_message(db, account, tmp_path, name, content,
                                                          words) -> None:
    path = write(tmp_path, name, content)
    if words is None:  # empty names: every row is listed as not addable, and nothing is added
        preview = importing.preview_file(db, account, path)
        assert all("needs a name" in r.problem for r in preview.rows)
        with pytest.raises(errors.InvalidInput, match="no one new"):
            importing.apply_import(db, account, preview)
    else:
        with pytest.raises(errors.InvalidInput, match=words):
            importing.preview_file(db, account, path)
    assert names(db, account) == ["Marcus Oyelaran"]


def test_a_10_mb_file_is_refused_before_reading(db, account, tmp_path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Name,Email\n")
        line = "Person Name,person@example.com\n"
        handle.write(line * (10 * 1024 * 1024 // len(line)))
    with pytest.raises(errors.InvalidInput, match="at most 2 MB"):
        importing.preview_file(db, account, path)
    assert names(db, account) == ["Marcus Oyelaran"]


def test_an_import_is_all_or_nothing(db, account, tmp_path) -> None:
    path = write(tmp_path, "team.csv", "Name\nA\nB\nC\n")
    preview = importing.preview_file(db, account, path)
    # A row that breaks the database's own rules half-way: the whole import is rolled back.
    bad = importing.ImportRow(line=4, name="C", role="boss")  # type: ignore[arg-type]
    broken = importing.ImportPreview("team.csv", "CSV", (*preview.rows[:2], bad))
    with pytest.raises(Exception):  # noqa: B017 - any failure; the point is what is stored
        importing.apply_import(db, account, broken)
    assert names(db, account) == ["Marcus Oyelaran"]


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=600), vcard=st.booleans())
def test_any_bytes_give_a_preview_or_a_clear_message(data: bytes, vcard: bool) -> None:
    try:
        text = importing.decode(data, "random")
        importing.preview_text(text, "random", "vCard" if vcard else "CSV", [])
    except errors.KnownError as exc:
        assert exc.message


def test_the_import_preview_model_is_sound(qtmodeltester, db, account, tmp_path) -> None:
    from ui.committee_map.import_dialog import PreviewModel

    path = write(tmp_path, "team.csv", "Name;Title;Email\nElena Brandt;Director;e@acme.example\n"
                                       ";Nobody;\nMarc Oyelaran;COO;\n")
    model = PreviewModel(importing.preview_file(db, account, path))
    qtmodeltester.check(model)
    assert model.rowCount() == 3
