"""Templates: escaping, the rep's own templates, template errors, visible shortening."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.prep.conftest import add_people
from workbench import errors, paths
from workbench.prep import calls
from workbench.prep.context import load_sheet
from workbench.prep.fit import ELLIPSIS, ONE_PAGE_LEVELS, ZWSP, more_note, shorten
from workbench.prep.render import list_templates, render_html, template_info
from workbench.storage.database import Database


def test_markup_in_names_is_printed_as_text(db: Database, empty_account: int) -> None:
    people = add_people(db, empty_account, [{"name": "<script>alert(1)</script>",
                                             "needs": "<b>bold</b> & <img src=x>"}])
    call_id = calls.create_call(db, empty_account, attendee_ids=people,
                                objective="<i>win</i>")
    html = render_html(load_sheet(db, call_id), "one_page", ONE_PAGE_LEVELS[0])
    assert "<script>" not in html and "<img src=x>" not in html and "<i>win" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img src=x&gt;" in html


def test_builtin_templates_declare_their_page_limits() -> None:
    assert {"one_page", "detailed"} <= set(list_templates())
    assert template_info("one_page").max_pages == 1
    assert template_info("detailed").max_pages == 2
    assert "_parts" not in list_templates()


def _user_templates() -> Path:
    folder = paths.config_dir() / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_user_template_adds_a_sheet_and_can_override_a_shipped_one(
        db: Database, demo: int) -> None:
    folder = _user_templates()
    (folder / "brief.html").write_text(
        "{# sheet: max_pages=1 budget=one_page #}<p>Brief for {{ sheet.account.name }}</p>",
        encoding="utf-8")
    (folder / "detailed.html").write_text(
        '{% import "_parts.html" as parts with context %}<p>Mine</p>{{ parts.plan(sheet) }}',
        encoding="utf-8")
    data = load_sheet(db, calls.next_call_id(db, demo))
    assert "brief" in list_templates()
    assert template_info("brief").max_pages == 1
    assert "Brief for Harbor Lane Logistics" in render_html(data, "brief", ONE_PAGE_LEVELS[0])
    mine = render_html(data, "detailed", template_info("detailed").levels[0])
    assert "<p>Mine</p>" in mine and "Objective:" in mine


def test_a_broken_or_unknown_template_gets_a_clear_message(db: Database, demo: int) -> None:
    (_user_templates() / "broken.html").write_text("{{ sheet.nothing_here }}", encoding="utf-8")
    data = load_sheet(db, calls.next_call_id(db, demo))
    with pytest.raises(errors.InvalidInput, match="“broken” has an error"):
        render_html(data, "broken", ONE_PAGE_LEVELS[0])
    with pytest.raises(errors.NotFound, match="no sheet template “nope”"):
        template_info("nope")


def test_shortening_is_visible_and_cuts_at_a_word() -> None:
    text = "alpha beta gamma delta epsilon " * 10
    short = shorten(text, 40)
    assert short.endswith(ELLIPSIS) and len(short) <= 41
    assert short[:-1].split()[-1] in text.split()
    assert shorten("short", 40) == "short"
    assert more_note(3, "question") == "+ 3 more questions in the workbench"
    assert more_note(0, "question") == ""


def test_unbreakable_runs_get_break_opportunities() -> None:
    url = "https://example.com/" + "a" * 200
    wrapped = shorten(url, 500)
    assert wrapped.replace(ZWSP, "") == url
    assert all(len(part) <= 20 for part in wrapped.split(ZWSP))


def test_blended_budgets_lie_between_their_levels() -> None:
    from workbench.prep.fit import blend

    rich, lean = ONE_PAGE_LEVELS[2], ONE_PAGE_LEVELS[3]
    half = blend(rich, lean, 0.5)
    assert lean.card_chars < half.card_chars < rich.card_chars
    assert blend(rich, lean, 0.0) == rich and blend(rich, lean, 1.0) == lean
    assert half.show_map is lean.show_map and blend(rich, lean, 0.25).show_map is rich.show_map
