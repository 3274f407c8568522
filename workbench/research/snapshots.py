"""Page captures: store one when the page's text changed, and say what changed.

A capture is kept with its time; an unchanged page (same normalised text) adds none.
The diff compares paragraphs (lines of the reader text), which is what a rep reads.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.storage.models import PageSnapshot, Source


def content_hash(title: str, text: str) -> str:
    normalised = " ".join(title.split()) + "\n" + "\n".join(
        " ".join(line.split()) for line in text.splitlines() if line.strip())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def latest_snapshot(session: Session, source_id: int) -> PageSnapshot | None:
    return session.scalars(
        select(PageSnapshot).where(PageSnapshot.source_id == source_id)
        .order_by(PageSnapshot.captured_at.desc(), PageSnapshot.id.desc()).limit(1)).first()


def store_capture(session: Session, source: Source, status: int, title: str,
                  text: str) -> PageSnapshot | None:
    """Add a capture unless the page is unchanged since the last one; returns the new
    snapshot, or None when nothing changed."""
    digest = content_hash(title, text)
    if source.id is not None:
        last = latest_snapshot(session, source.id)
        if last is not None and last.content_hash == digest:
            return None
    snapshot = PageSnapshot(source=source, status=status, title=title[:1000], text=text,
                            content_hash=digest)
    session.add(snapshot)
    return snapshot


@dataclass(frozen=True)
class DiffLine:
    op: Literal["added", "removed", "same", "gap"]
    text: str


def diff_text(old: str, new: str, context: int = 1) -> list[DiffLine]:
    """What changed between two captures, paragraph by paragraph, with ``context``
    unchanged paragraphs around each change and a "gap" marker for what is skipped."""
    a = [line for line in old.splitlines() if line.strip()]
    b = [line for line in new.splitlines() if line.strip()]
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if lines or group[0][1] > 0:
            lines.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(DiffLine("same", line) for line in a[i1:i2])
                continue
            lines.extend(DiffLine("removed", line) for line in a[i1:i2])
            lines.extend(DiffLine("added", line) for line in b[j1:j2])
    return lines


def diff_summary(lines: list[DiffLine]) -> str:
    added = sum(1 for line in lines if line.op == "added")
    removed = sum(1 for line in lines if line.op == "removed")
    if not added and not removed:
        return "No change"
    return f"{added} paragraph(s) added, {removed} removed"


def diff_as_text(lines: list[DiffLine]) -> str:
    marks = {"added": "+ ", "removed": "- ", "same": "  ", "gap": ""}
    return "\n".join(marks[line.op] + line.text for line in lines)
