"""The reader view of a captured page and the readable diff between two captures.

Stored text is escaped and laid out as paragraphs: nothing from a page is rendered as
HTML, nothing remote is ever loaded, and a link opens in the system browser only when
the rep clicks it.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from ui.research.pages_models import when
from workbench.research.review import Capture
from workbench.research.snapshots import DiffLine, diff_summary

_STYLE = """
<style>
 h2 { margin: 0 0 4px 0; }
 p.meta { color: #666; margin: 0 0 10px 0; }
 p { margin: 0 0 8px 0; }
 p.added { background: #e3f6e3; }
 p.removed { background: #fbe4e4; color: #7a2020; text-decoration: line-through; }
 p.same { color: #555; }
 p.gap { color: #999; text-align: center; }
</style>
"""


class SafeBrowser(QTextBrowser):
    """A QTextBrowser that never follows or fetches anything by itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self.on_anchor_clicked)

    def loadResource(self, kind: int, name: QUrl) -> Any:  # noqa: N802
        return None  # no images, style sheets or anything else from anywhere

    @Slot(QUrl)
    def on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())


def _link(url: str) -> str:
    safe = html.escape(url, quote=True)
    if not url.startswith(("http://", "https://")):
        return safe
    return f'<a href="{safe}">{safe}</a>'


def reader_html(capture: Capture | None, url: str, error: str | None = None) -> str:
    if capture is None:
        reason = f" The last attempt failed: {html.escape(error)}." if error else ""
        return (f"{_STYLE}<p class='meta'>{_link(url)}</p>"
                f"<p>This page has not been captured yet.{reason}</p>")
    title = html.escape(capture.title or url)
    return (f"{_STYLE}<h2>{title}</h2><p class='meta'>Captured {when(capture.captured_at)} "
            f"from {_link(url)}</p>{_paragraphs(capture.text) or '<p>(no text)</p>'}")


def diff_html(lines: list[DiffLine], older: Capture | None, newer: Capture | None) -> str:
    if newer is None:
        return f"{_STYLE}<p>Nothing captured yet.</p>"
    if older is None:
        return (f"{_STYLE}<p class='meta'>This is the first capture "
                f"({when(newer.captured_at)}); changes show after the page changes.</p>")
    head = (f"<p class='meta'>Changes from {when(older.captured_at)} to "
            f"{when(newer.captured_at)}: {html.escape(diff_summary(lines))}. "
            f"<span style='background:#e3f6e3'>&nbsp;added&nbsp;</span> "
            f"<span style='background:#fbe4e4'>&nbsp;removed&nbsp;</span></p>")
    body = []
    for line in lines:
        text = "…" if line.op == "gap" else html.escape(line.text)
        mark = {"added": "+ ", "removed": "− "}.get(line.op, "")
        body.append(f"<p class='{line.op}'>{mark}{text}</p>")
    return _STYLE + head + "".join(body)
