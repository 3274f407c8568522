"""Signals in the change between two captures of one of the company's own pages.

A person added to or gone from a leadership/team page (or one whose title changed)
proposes a `leadership_change`; on an about, press or investors page, a trigger
sentence in the added text proposes a signal of that trigger's kind. Pure functions
of the two captures' texts, so they are tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.research import triggers
from workbench.research.people import dedupe_people, people_from_pieces
from workbench.research.snapshots import diff_text

LEADERSHIP_PAGES = frozenset({"team"})
TRIGGER_PAGES = frozenset({"about", "press", "investors", "home"})
# A redesigned page can look like everyone left and joined: past this many people
# changed at once, the change is reported as one review-the-page signal instead.
MAX_PEOPLE_CHANGES = 8
MAX_DIFF_LINES = 60


@dataclass(frozen=True)
class PageChange:
    """What one page-change proposes: a kind, a headline, the evidence and details."""

    kind: str
    title: str
    evidence: str
    key: str
    detail: dict[str, Any] = field(default_factory=dict)


def people_in_text(text: str, url: str = "") -> dict[str, tuple[str, str]]:
    """{casefolded name: (name, title)} of the people a capture's reader text lists."""
    pieces = [(" ".join(line.split()), None) for line in text.splitlines() if line.strip()]
    found = dedupe_people(people_from_pieces(pieces, url))
    return {p.name.casefold(): (p.name, p.title) for p in found}


def diff_detail(old: str, new: str) -> list[list[str]]:
    """The diff of two captures as [[op, text], ...], short enough to store with a signal."""
    return [[line.op, line.text] for line in diff_text(old, new)][:MAX_DIFF_LINES]


def leadership_changes(old: str, new: str, company: str = "") -> list[PageChange]:
    """People who joined, left or changed title between two captures of a team page."""
    before, after = people_in_text(old), people_in_text(new)
    if not before or not after:
        return []  # a capture that lists nobody was a broken page, not a mass departure
    changes: list[PageChange] = []
    at = f" at {company}" if company else ""
    for key, (name, title) in after.items():
        if key not in before:
            changes.append(PageChange(
                "leadership_change", f"{name} joined{at} as {title}" if title
                else f"{name} joined{at}", f"{name} — {title}", f"joined:{key}",
                {"name": name, "old_title": "", "new_title": title, "change": "joined"}))
        elif before[key][1] and title and before[key][1].casefold() != title.casefold():
            changes.append(PageChange(
                "leadership_change", f"{name}: {before[key][1]} → {title}", f"{name} — {title}",
                f"title:{key}:{title.casefold()}",
                {"name": name, "old_title": before[key][1], "new_title": title,
                 "change": "new_title"}))
    for key, (name, title) in before.items():
        if key not in after:
            changes.append(PageChange(
                "leadership_change", f"{name} ({title}) is no longer on the leadership page"
                if title else f"{name} is no longer on the leadership page",
                f"{name} — {title}", f"left:{key}",
                {"name": name, "old_title": title, "new_title": "", "change": "left"}))
    if len(changes) > MAX_PEOPLE_CHANGES:
        names = ", ".join(c.detail["name"] for c in changes[:4])
        return [PageChange("leadership_change",
                           f"The leadership page changed a lot ({len(changes)} people)",
                           f"{names}, …", "many", {"change": "many", "count": len(changes)})]
    return changes


def trigger_changes(old: str, new: str, rules: triggers.RuleSet | None = None) -> list[PageChange]:
    """Trigger events in the text a page gained between two captures (one per kind)."""
    added = [line.text for line in diff_text(old, new, context=0) if line.op == "added"]
    if not added:
        return []
    found: list[PageChange] = []
    seen_kinds: set[str] = set()
    for paragraph in added:
        for trigger in triggers.detect(paragraph, "", rules):
            if trigger.kind in seen_kinds:
                continue
            seen_kinds.add(trigger.kind)
            found.append(PageChange(trigger.kind, trigger.evidence[:300], trigger.evidence,
                                    f"{trigger.kind}:{trigger.evidence.casefold()[:200]}"))
    return found


def changes_between(page_kind: str, old: str, new: str, company: str = "") -> list[PageChange]:
    """Everything a change of a page of this kind proposes, with the page's diff attached."""
    if page_kind in LEADERSHIP_PAGES:
        proposed = leadership_changes(old, new, company)
    elif page_kind in TRIGGER_PAGES:
        proposed = trigger_changes(old, new)
    else:
        return []
    if not proposed:
        return []
    diff = diff_detail(old, new)
    return [PageChange(p.kind, p.title, p.evidence, p.key, {**p.detail, "diff": diff})
            for p in proposed]
