"""Making a sheet fit its pages: budgets per level of detail, visible shortening (Qt-free).

A template is rendered at the most generous level first; the printing side
measures the pages and steps down a level until the sheet fits. Whatever is
left out is said on the sheet ("… 3 more questions in the workbench"), never
silently dropped, and no text is ever cut off at a page edge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

ELLIPSIS = "…"
# Qt breaks lines only at spaces; a 300-character URL or a word without spaces
# would widen its table cell past the page edge. A zero-width space lets it wrap.
ZWSP = "\u200b"
LONG_WORD = re.compile(r"\S{28,}")


@dataclass(frozen=True)
class Budget:
    """How much of each part a level of detail keeps (characters or items)."""

    field_chars: int = 160        # objective, commitments, value hypothesis
    card_chars: int = 110         # each of needs / dissatisfaction / personal win
    touch_chars: int = 0          # a card's campaign touches on their own short line;
                                  # 0: only their count, on the last-contact line
    questions: int = 8
    question_chars: int = 160
    objections: int = 5
    objection_chars: int = 180
    talking_points: int = 5
    point_chars: int = 160
    triggers: int = 3
    evidence_chars: int = 200
    changed_pages: int = 3
    changed_lines: int = 3
    change_chars: int = 140
    snapshot_chars: int = 260
    notes_chars: int = 400
    flags: int = 5
    others: int = 10              # committee members not in the room
    show_map: bool = True
    map_height_px: int = 180


# First, the sheet whole: a sheet whose paper has room is never shortened ("+1 more
# flag in the workbench" is no use on paper while a quarter column is blank).
_ONE_PAGE_WHOLE = Budget(field_chars=600, card_chars=240, questions=12, question_chars=300,
                         objections=8, objection_chars=400, talking_points=8, point_chars=300,
                         triggers=4, evidence_chars=300, changed_pages=4, changed_lines=4,
                         change_chars=200, snapshot_chars=400, notes_chars=700, flags=10,
                         others=16, touch_chars=52)
ONE_PAGE_LEVELS = (
    _ONE_PAGE_WHOLE,
    # Then a smaller map (it is whole in the Committee tab), before any text is cut;
    # then the cards' touches only counted (they are whole in the Campaigns tab), before
    # a flag or the value hypothesis is.
    replace(_ONE_PAGE_WHOLE, map_height_px=120),
    replace(_ONE_PAGE_WHOLE, map_height_px=120, touch_chars=0),
    Budget(),
    Budget(card_chars=80, questions=6, objections=4, talking_points=4, triggers=2,
           evidence_chars=150, changed_lines=2, snapshot_chars=200, notes_chars=250,
           flags=4, others=8, map_height_px=150),
    Budget(field_chars=120, card_chars=60, questions=5, question_chars=120, objections=3,
           objection_chars=130, talking_points=3, point_chars=120, triggers=2,
           evidence_chars=110, changed_pages=2, changed_lines=2, change_chars=100,
           snapshot_chars=150, notes_chars=160, flags=3, others=6, map_height_px=120),
    Budget(field_chars=90, card_chars=45, questions=4, question_chars=100, objections=2,
           objection_chars=100, talking_points=2, point_chars=100, triggers=1,
           evidence_chars=90, changed_pages=1, changed_lines=1, change_chars=90,
           snapshot_chars=100, notes_chars=100, flags=2, others=4, show_map=False),
    Budget(field_chars=70, card_chars=30, questions=3, question_chars=80, objections=2,
           objection_chars=70, talking_points=2, point_chars=80, triggers=1,
           evidence_chars=70, changed_pages=1, changed_lines=1, change_chars=70,
           snapshot_chars=80, notes_chars=60, flags=2, others=3, show_map=False),
)

_DETAILED = Budget(field_chars=400, card_chars=260, questions=14, question_chars=240,
                   objections=8, objection_chars=300, talking_points=8, point_chars=240,
                   triggers=5, evidence_chars=300, changed_pages=5, changed_lines=4,
                   change_chars=200, snapshot_chars=500, notes_chars=1200, flags=8,
                   others=20, map_height_px=300, touch_chars=90)
DETAILED_LEVELS = (
    replace(_DETAILED, field_chars=1200, card_chars=600, questions=20, question_chars=400,
            objections=12, objection_chars=600, talking_points=12, point_chars=400,
            triggers=8, evidence_chars=400, changed_pages=8, changed_lines=6,
            change_chars=300, snapshot_chars=900, notes_chars=3000, flags=12, others=30,
            map_height_px=300, touch_chars=160),
    _DETAILED,
    replace(_DETAILED, card_chars=160, notes_chars=700, questions=10, objections=6,
            triggers=4, changed_pages=4, changed_lines=3, map_height_px=260, touch_chars=80),
    replace(_DETAILED, field_chars=240, card_chars=110, question_chars=160,
            objection_chars=180, point_chars=160, evidence_chars=180, notes_chars=400,
            questions=8, objections=5, talking_points=5, triggers=3, changed_pages=3,
            changed_lines=2, snapshot_chars=260, flags=6, others=12, map_height_px=220,
            touch_chars=70),
    replace(_DETAILED, field_chars=200, card_chars=90, question_chars=130,
            objection_chars=150, point_chars=140, evidence_chars=150, notes_chars=300,
            questions=8, objections=4, talking_points=4, triggers=3, changed_pages=3,
            changed_lines=2, snapshot_chars=220, flags=5, others=10, map_height_px=200,
            touch_chars=60),
    replace(_DETAILED, field_chars=160, card_chars=70, question_chars=120,
            objection_chars=130, point_chars=120, evidence_chars=120, notes_chars=200,
            questions=7, objections=4, talking_points=4, triggers=2, changed_pages=2,
            changed_lines=2, snapshot_chars=180, flags=4, others=8, map_height_px=180,
            touch_chars=46),
    replace(ONE_PAGE_LEVELS[5], flags=4, others=8),
    ONE_PAGE_LEVELS[7],
)

LEVELS = {"one_page": ONE_PAGE_LEVELS, "detailed": DETAILED_LEVELS}


def blend(richer: Budget, leaner: Budget, t: float) -> Budget:
    """A budget `t` of the way from `richer` (0) to `leaner` (1): fills the gap between levels."""
    values = {}
    for field in fields(Budget):
        a, b = getattr(richer, field.name), getattr(leaner, field.name)
        if isinstance(a, bool):
            values[field.name] = b if t >= 0.5 else a
        else:
            values[field.name] = round(a + (b - a) * t)
    return Budget(**values)


def levels_for(budget_name: str) -> tuple[Budget, ...]:
    return LEVELS.get(budget_name, DETAILED_LEVELS)


def wrap_long_words(text: str) -> str:
    """Let unbreakable runs (URLs, pasted hashes) wrap inside a table cell."""
    return LONG_WORD.sub(lambda m: ZWSP.join(
        m.group(0)[i:i + 20] for i in range(0, len(m.group(0)), 20)), text)


def shorten(text: str, limit: int) -> str:
    """`text` in at most about `limit` characters, cut at a word and marked with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return wrap_long_words(text)
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return wrap_long_words(cut.rstrip(" ,;:.-") + ELLIPSIS)


def more_note(hidden: int, singular: str, plural: str | None = None) -> str:
    """A visible note for items left out to fit the page ("" when nothing was left out)."""
    if hidden <= 0:
        return ""
    noun = singular if hidden == 1 else (plural or singular + "s")
    return f"+ {hidden} more {noun} in the workbench"


def compact_summary(text: str, limit: int) -> str:
    """A "head: part, part, part" line in about `limit` characters, kept readable.

    "4 touches since 15 Nov: 2 voicemails, letter sent, meeting booked" becomes, as
    the room shrinks, "4 touches: 2 voicemails, letter sent, +1 more", then
    "4 touches: 2 voicemails, +2 more", then "4 touches, +3 more": whole parts only,
    and what is left out is counted, never cut mid-word."""
    text = " ".join((text or "").split())
    if len(text) <= limit or ": " not in text:
        return shorten(text, limit)
    head, _, rest = text.partition(": ")
    parts = [p for p in rest.split(", ") if p]
    short_head = head.split(" since ")[0]
    for kept in range(len(parts), 0, -1):  # what was done matters more than since when
        hidden = len(parts) - kept
        for lead in (head, short_head):
            line = f"{lead}: {', '.join(parts[:kept])}" + (f", +{hidden} more" if hidden else "")
            if len(line) <= limit:
                return line
    line = f"{short_head}, +{len(parts)} more"
    return line if len(line) <= limit else shorten(short_head, limit)


def summary_count(text: str) -> str:
    """The head of a "head: part, part" summary without its date ("4 touches")."""
    return " ".join((text or "").split()).partition(": ")[0].split(" since ")[0]
