"""Cutting a sheet's full content to one level of detail, with prompts for what is missing.

The result is a plain dict of short strings and lists that a template prints
as it is: every text already shortened (visibly) to the level's budget, every
empty part replaced by a prompt that tells the rep what to find out.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from workbench.prep.context import Person, SheetData, call_time
from workbench.prep.fit import Budget, compact_summary, more_note, shorten, summary_count
from workbench.storage.models import ATTITUDE_LABELS, Role

PROMPTS = {
    "objective": "No objective yet: write what this call must achieve in one sentence.",
    "commitment_best": "Not set: what is the most you could ask them to commit to?",
    "commitment_minimum": "Not set: what is the least you would accept as a next step?",
    "value_hypothesis": "No value hypothesis yet: what result, in their numbers, could we "
                        "deliver?",
    "attendees": "No attendees chosen: add the people who will be in the room from the "
                 "committee.",
    "committee": "No committee yet: ask who else is involved in a decision like this, who "
                 "signs, and who would use it every day.",
    "no_map": "No committee map yet: place the people you know on the map in the Committee "
              "tab to see gaps and coverage here.",
    "champion": "No champion yet: ask who else would benefit from solving this, and who "
                "would sell it inside when you are not in the room.",
    "economic_buyer": "No economic buyer known: ask who approves a decision of this size "
                      "and how the budget is decided.",
    "triggers": "No trigger event yet: run research or pin a news item. Until then, open "
                "with their situation: what is changing for them this year?",
    "snapshot": "Nothing researched yet: run Research on the account to fill in who they are.",
    "changes": "No changes on their pages since the last call (or nothing to compare yet).",
    "questions": "No questions yet: add some from the question bank.",
    "objections": "No objections prepared: what will the most sceptical person in the room "
                  "say, and what is your answer?",
    "talking_points": "No talking points yet: note two or three proof points (a reference, a "
                      "number, a story).",
}


def _local_day(when: Any) -> str:
    """A stored time's day in the user's time zone (a UTC date can be a day off)."""
    if when is None:
        return ""
    if isinstance(when, datetime):
        when = when.astimezone() if when.tzinfo else when
    return when.strftime("%d %b %Y")


def _days_ago(day: date | None, today: date, *, year: bool = True) -> str:
    if day is None:
        return "never contacted"
    delta = (today - day).days
    when = day.strftime("%d %b %Y" if year else "%d %b")
    if delta == 0:
        return f"{when} (today)"
    if delta > 0:
        return f"{when} ({delta} day{'s' if delta != 1 else ''} ago)"
    return when


def _attitude(value: int | None) -> str:
    return ATTITUDE_LABELS.get(value, "Attitude unknown") if value is not None else \
        "Attitude unknown"


def _card(person: Person, budget: Budget, today: date) -> dict[str, Any]:
    def field(text: str, prompt: str) -> dict[str, Any]:
        return {"text": shorten(text, budget.card_chars) if text.strip() else prompt,
                "missing": not text.strip()}

    return {
        "name": shorten(person.name, 60),
        "title": shorten(person.title, 70),
        "role": person.role.label if person.role is not Role.UNKNOWN else "Role unknown",
        "attitude": _attitude(person.attitude),
        "attitude_value": person.attitude,
        "influence": f"{person.influence} influence",
        "needs": field(person.needs, "ask what they need"),
        "dissatisfaction": field(person.dissatisfaction, "ask what bothers them today"),
        "personal_win": field(person.personal_win, "ask what success means for them"),
        # With the touch count on its line, the year goes (the touches are this quarter's).
        "last_contact": _days_ago(person.last_contact, today,
                                  year=not (person.touches and budget.touch_chars <= 0)),
        "never_contacted": person.last_contact is None,
        # One short line of campaign touches; when the page is tight only their count,
        # after the last contact ("… (10 days ago) · 4 touches").
        "touches": compact_summary(person.touches, budget.touch_chars)
        if budget.touch_chars > 0 else "",
        "touch_count": summary_count(person.touches) if budget.touch_chars <= 0 else "",
    }


def _limited(items: list[Any], count: int) -> tuple[list[Any], int]:
    return items[:count], max(0, len(items) - count)


def shape_sheet(data: SheetData, budget: Budget) -> dict[str, Any]:
    """The template's variables for `data` at the detail `budget` allows."""
    prompts: list[str] = []

    def text(name: str, value: str, limit: int) -> dict[str, Any]:
        if value.strip():
            return {"text": shorten(value, limit), "missing": False}
        return {"text": PROMPTS[name], "missing": True}

    roles = data.has_role
    if data.committee_size == 0:
        prompts.append(PROMPTS["committee"])
    else:
        if Role.CHAMPION not in roles:
            prompts.append(PROMPTS["champion"])
        if Role.ECONOMIC_BUYER not in roles:
            prompts.append(PROMPTS["economic_buyer"])

    triggers, hidden_triggers = _limited(data.triggers, budget.triggers)
    questions, hidden_questions = _limited(data.questions, budget.questions)
    objections, hidden_objections = _limited(data.objections, budget.objections)
    points, hidden_points = _limited(data.talking_points, budget.talking_points)
    others, hidden_others = _limited(data.others, budget.others)
    changes, hidden_pages = _limited(data.changes, budget.changed_pages)

    coverage = None
    if data.coverage is not None:
        flags, hidden_flags = _limited(data.coverage.flags, budget.flags)
        coverage = {
            "percent": round(data.coverage.completeness * 100),
            "missing_roles": ", ".join(data.coverage.missing_roles),
            "flags": [{"message": shorten(f.message, budget.evidence_chars),
                       "advice": shorten(f.advice, budget.evidence_chars)} for f in flags],
            "more": more_note(hidden_flags, "flag"),
        }

    change_rows = []
    for change in changes:
        lines = [("+", line) for line in change.added] + [("−", line) for line in change.removed]
        shown, hidden = _limited(lines, budget.changed_lines)
        change_rows.append({
            "title": shorten(change.title, 80),
            "since": _local_day(change.since),
            "lines": [{"sign": sign, "text": shorten(line, budget.change_chars)}
                      for sign, line in shown],
            "more": more_note(hidden, "changed line"),
        })

    snapshot_parts = [data.description] if data.description else []
    snapshot_parts += [data.account_notes] if data.account_notes else []
    previous = None
    if data.previous_call is not None:
        prev = data.previous_call
        previous = {
            "when": prev.when.astimezone().strftime("%d %b %Y") if prev.when else "",
            "kind": prev.kind.label,
            "outcome": shorten(prev.outcome, budget.field_chars) if prev.outcome else
            "No outcome recorded.",
            "next_step": shorten(prev.next_step, budget.field_chars) if prev.next_step else "",
        }

    return {
        "account": {
            "name": shorten(data.account_name, 80),
            "industry": shorten(data.industry, 80),
            "website": shorten(data.website, 80),
            "tier": data.tier, "stage": data.stage,
        },
        "call": {
            "id": data.call_id,
            "when": call_time(data.scheduled_at),
            "kind": data.kind.label,
            "objective": text("objective", data.objective, budget.field_chars),
            "commitment_best": text("commitment_best", data.commitment_best, budget.field_chars),
            "commitment_minimum": text("commitment_minimum", data.commitment_minimum,
                                       budget.field_chars),
            "value_hypothesis": text("value_hypothesis", data.value_hypothesis,
                                     budget.field_chars),
            "notes": shorten(data.notes, budget.notes_chars) if data.notes.strip() else "",
            "notes_shortened": len(" ".join(data.notes.split())) > budget.notes_chars,
        },
        "previous_call": previous,
        "attendees": [_card(p, budget, data.today) for p in data.attendees],
        "attendee_names": ", ".join(shorten(p.name, 40) for p in data.attendees),
        "attendees_prompt": "" if data.attendees else PROMPTS["attendees"],
        "others": [{"name": shorten(p.name, 50), "role": p.role.label,
                    "title": shorten(p.title, 50)} for p in others],
        "others_more": more_note(hidden_others, "person", "people"),
        "committee_size": data.committee_size,
        "coverage": coverage,
        "map_prompt": PROMPTS["no_map"] if data.committee_size and coverage is None else "",
        "prompts": prompts,
        "triggers": [{
            "date": _local_day(t.published_at) or "undated",
            "kinds": ", ".join(t.kinds) or "news",
            "title": shorten(t.title, budget.evidence_chars),
            "evidence": shorten(t.evidence, budget.evidence_chars) if t.evidence else "",
            "source": t.source,
        } for t in triggers],
        "triggers_heading": "Reason to call (pinned)" if data.triggers_pinned
        else "Reason to call (newest news)",
        "triggers_more": more_note(hidden_triggers, "news item"),
        "triggers_prompt": "" if data.triggers else PROMPTS["triggers"],
        "snapshot": shorten(" ".join(snapshot_parts), budget.snapshot_chars),
        "facts": [(label, shorten(value, 70)) for label, value in data.facts],
        "snapshot_prompt": "" if (snapshot_parts or data.facts) else PROMPTS["snapshot"],
        "changes": change_rows,
        "changes_heading": {"last call": "What changed on their pages since the last call",
                            "previous capture": "What changed on their pages lately"}.get(
                                data.changes_basis, "What changed on their pages"),
        "changes_more": more_note(hidden_pages, "changed page"),
        "changes_prompt": "" if data.changes else PROMPTS["changes"],
        "questions": [shorten(q, budget.question_chars) for q in questions],
        "questions_from_bank": data.questions_from_bank,
        "questions_more": more_note(hidden_questions, "question"),
        "questions_prompt": "" if data.questions else PROMPTS["questions"],
        "objections": [{"objection": shorten(o.get("objection", ""), budget.objection_chars),
                        "answer": shorten(o.get("answer", ""), budget.objection_chars)
                        or "No answer yet: prepare one."} for o in objections],
        "objections_more": more_note(hidden_objections, "objection"),
        "objections_prompt": "" if data.objections else PROMPTS["objections"],
        "talking_points": [shorten(p, budget.point_chars) for p in points],
        "talking_points_more": more_note(hidden_points, "talking point"),
        "talking_points_prompt": "" if data.talking_points else PROMPTS["talking_points"],
        "budget": budget,
        "today": data.today.strftime("%d %b %Y"),
    }
