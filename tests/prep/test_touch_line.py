"""A card's campaign touches: one short line while the page has room, then only their
count on the last-contact line, before any flag or the value hypothesis is cut."""

from __future__ import annotations

from dataclasses import fields

from workbench.prep.fit import (
    DETAILED_LEVELS,
    ONE_PAGE_LEVELS,
    compact_summary,
    summary_count,
)

LINE = "4 touches since 15 Nov: 2 voicemails, letter sent, meeting booked"


def test_the_touch_line_keeps_whole_parts_and_counts_the_rest() -> None:
    assert compact_summary(LINE, 80) == LINE
    assert compact_summary(LINE, 52) == "4 touches: 2 voicemails, letter sent, meeting booked"
    assert compact_summary(LINE, 46) == "4 touches: 2 voicemails, letter sent, +1 more"
    assert compact_summary(LINE, 40) == "4 touches: 2 voicemails, +2 more"
    assert compact_summary(LINE, 20) == "4 touches, +3 more"
    assert compact_summary("1 touch since 31 Oct: email sent", 52) == \
        "1 touch since 31 Oct: email sent"
    assert summary_count(LINE) == "4 touches" and summary_count("") == ""


def test_levels_only_ever_lose_detail() -> None:
    # The map is the one part allowed to grow back (it shrinks first, before any text).
    for levels in (ONE_PAGE_LEVELS, DETAILED_LEVELS):
        for richer, leaner in zip(levels, levels[1:], strict=False):
            for f in fields(richer):
                if f.name != "map_height_px":
                    assert getattr(leaner, f.name) <= getattr(richer, f.name), f.name


def test_touches_are_counted_before_flags_are_cut() -> None:
    counted = next(i for i, b in enumerate(ONE_PAGE_LEVELS) if b.touch_chars == 0)
    assert ONE_PAGE_LEVELS[0].touch_chars > 0
    before = ONE_PAGE_LEVELS[counted - 1]
    level = ONE_PAGE_LEVELS[counted]
    assert (level.flags, level.field_chars, level.card_chars) == \
        (before.flags, before.field_chars, before.card_chars)
