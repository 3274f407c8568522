"""The selected story as the rep reads it: a safe text browser and the HTML we give it.

The HTML is built here from stored plain text (escaped), never from a fetched page, and
the browser loads nothing: no remote images, no `file:` or `data:` resources. A link
opens in the system browser only when the rep clicks it (the tab handles that).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser

from workbench.research.triggers import KIND_LABELS

HIGHLIGHT = "#fde68a"
EVIDENCE_STYLE = f"background-color: {HIGHLIGHT};"


class SafeTextBrowser(QTextBrowser):
    """A `QTextBrowser` that follows no link by itself and loads no resource at all."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.blocked: list[str] = []  # what a document asked to load (for tests and logs)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 - Qt override
        # Images, style sheets, anything: refused, whatever the scheme (http, file, data).
        self.blocked.append(url.toString() if isinstance(url, QUrl) else str(url))
        return None


def _mark(text: str, evidence: Sequence[str]) -> str:
    """Escaped `text` with every evidence sentence found in it highlighted."""
    spans: list[tuple[int, int]] = []
    for sentence in evidence:
        if not sentence:
            continue
        start = text.find(sentence)
        if start >= 0:
            spans.append((start, start + len(sentence)))
    spans.sort()
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue  # overlapping evidence: the first one is already marked
        out.append(html.escape(text[pos:start]))
        out.append(f'<span style="{EVIDENCE_STYLE}">{html.escape(text[start:end])}</span>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def story_html(*, title: str, url: str, when: datetime | None, source: str,
               triggers: Sequence[tuple[str, str]], text: str, summary: str) -> str:
    """The detail pane's document: headline, where and when, events, the text.

    Each trigger's evidence sentence is highlighted where it occurs (in the headline or
    the text); the events list quotes it too, so it is visible even when the text shown
    is only a summary.
    """
    evidence = [e for _, e in triggers]
    parts = [f"<h2>{_mark(' '.join(title.split()), evidence)}</h2>"]
    meta = []
    if when is not None:
        meta.append(when.astimezone().strftime("%d %b %Y, %H:%M"))
    if source:
        meta.append(html.escape(source))
    if url.startswith(("http://", "https://")):
        meta.append(f'<a href="{html.escape(url, quote=True)}">Open original</a>')
    if meta:
        parts.append(f'<p style="color:#555;">{" · ".join(meta)}</p>')
    if triggers:
        rows = "".join(
            f"<li><b>{html.escape(KIND_LABELS.get(kind, kind))}</b>: "
            f'<span style="{EVIDENCE_STYLE}">{html.escape(ev)}</span></li>'
            for kind, ev in triggers)
        parts.append(f"<p><b>Trigger events</b></p><ul>{rows}</ul>")
    body = text or summary
    if not body:
        parts.append('<p style="color:#777;"><i>No text was stored for this story. '
                     "Open the original to read it.</i></p>")
    else:
        if not text:
            parts.append('<p style="color:#777;"><i>Summary from the feed:</i></p>')
        for paragraph in body.split("\n\n"):
            paragraph = " ".join(paragraph.split())
            if paragraph:
                parts.append(f"<p>{_mark(paragraph, evidence)}</p>")
    return "<html><body>" + "".join(parts) + "</body></html>"
