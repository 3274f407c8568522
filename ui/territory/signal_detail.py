"""One signal in full: why it ranks there, the evidence, every source and a page's diff,
with the actions the rep takes on it (open where it came from, dismiss, mute the kind)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ui.territory.signals_model import score_text
from workbench.signals.model import RankedSignal, kind_label
from workbench.signals.store import SignalDetail

_DIFF_STYLE = {"added": "color:#1b6b2a;", "removed": "color:#a4161a;text-decoration:line-through;",
               "same": "color:#4a5361;", "gap": "color:#888;"}


def detail_html(detail: SignalDetail, ranked: RankedSignal | None) -> str:
    """The signal as HTML; every stored text is escaped (it came from the web)."""
    row = detail.row
    parts = [f"<h3>{escape(row.title)}</h3>",
             f"<p><b>{escape(row.account_name)}</b> (tier {escape(row.tier)}) · "
             f"{escape(kind_label(row.kind))} · {row.occurred_at.astimezone():%d %b %Y}"
             + (" · <i>dismissed</i>" if row.dismissed else "") + "</p>"]
    if row.evidence:
        parts.append(f"<p>“{escape(row.evidence)}”</p>")
    if ranked is not None:
        parts.append(f"<p><b>Why it ranks here</b> (score {score_text(ranked.score)})</p><ul>"
                     + "".join(f"<li>{escape(r)}</li>" for r in ranked.reasons) + "</ul>")
    parts.append(f"<p><b>Sources ({len(detail.sources)})</b></p><ul>")
    for source in detail.sources:
        when = f"{source.published_at.astimezone():%d %b %Y}" if source.published_at else ""
        reporter = f" — {escape(source.reporter)}" if source.reporter else ""
        parts.append(f"<li>{escape(source.title)}{reporter} <span style='color:#4a5361'>"
                     f"{when}</span><br><span style='color:#4a5361'>{escape(source.url)}"
                     "</span></li>")
    parts.append("</ul>")
    diff = row.detail.get("diff") or []
    if diff:
        parts.append("<p><b>What changed on the page</b></p><p>")
        marks = {"added": "+ ", "removed": "− ", "same": "  ", "gap": ""}
        for op, text in diff:
            parts.append(f"<span style='{_DIFF_STYLE.get(op, '')}'>{marks.get(op, '')}"
                         f"{escape(str(text))}</span><br>")
        parts.append("</p>")
    return "".join(parts)


class SignalDetailPane(QWidget):
    """Signals:
        open_requested(): open the story or page behind the signal.
        dismiss_requested(): dismiss (or restore) the signal.
        mute_requested(): mute this kind for this account.
    """

    open_requested = Signal()
    dismiss_requested = Signal()
    mute_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser(objectName="signal_detail")
        self.browser.setOpenLinks(False)
        self.open_button = QPushButton("&Open where it came from", objectName="signal_open")
        self.dismiss_button = QPushButton("&Dismiss", objectName="signal_dismiss")
        self.mute_button = QPushButton("&Mute this kind for the account", objectName="signal_mute")
        self.open_button.clicked.connect(self.open_requested)
        self.dismiss_button.clicked.connect(self.dismiss_requested)
        self.mute_button.clicked.connect(self.mute_requested)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.dismiss_button, self.mute_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self.show_detail(None, None)

    def show_detail(self, detail: SignalDetail | None, ranked: RankedSignal | None) -> None:
        for button in (self.open_button, self.dismiss_button, self.mute_button):
            button.setEnabled(detail is not None)
        if detail is None:
            self.browser.setHtml("<p style='color:#4a5361'>Choose a signal to see its evidence, "
                                 "its sources and why it ranks where it does.</p>")
            return
        self.dismiss_button.setText("&Restore" if detail.row.dismissed else "&Dismiss")
        self.browser.setHtml(detail_html(detail, ranked))
