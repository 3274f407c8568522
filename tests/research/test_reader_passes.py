"""The reader view's second and third looks (trafilatura with its fallbacks, then its
precision mode) are for text the fast pass left out: a short page it read whole gets
none, a short page it cut still gets a slower look."""

from __future__ import annotations

from typing import Any

import pytest

from workbench.research import readable

WHOLE = ("<html><head><title>Contact</title></head><body><h1>Contact us</h1>"
         "<p>Acme Logistics, 12 Harbour Road, Springfield.</p>"
         "<h3>Jane Doe</h3><p>Chief Executive Officer</p></body></html>")


def _counting(monkeypatch: pytest.MonkeyPatch, fast_text: str | None = None) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    real = readable._extract

    def counted(trafilatura: object, html: str, url: str, **options: Any) -> str:
        calls.append(options)
        if fast_text is not None and (options.get("fast") or options.get("no_fallback")):
            return fast_text  # a fast pass that kept one line only
        return real(trafilatura, html, url, **options)

    monkeypatch.setattr(readable, "_extract", counted)
    return calls


def test_a_short_page_read_whole_gets_no_second_look(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    text = readable.readable_text(WHOLE, "http://127.0.0.1/contact")
    assert len(calls) == 1
    for words in ("Contact us", "12 Harbour Road", "Jane Doe", "Chief Executive Officer"):
        assert words in text


def test_a_short_page_the_fast_pass_cut_gets_the_slower_looks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch, fast_text="Contact us")
    text = readable.readable_text(WHOLE, "http://127.0.0.1/contact")
    # The slower look (fallbacks on) read it whole: the precision-mode look is skipped.
    assert [bool(call.get("fast") or call.get("no_fallback")) for call in calls] == [True, False]
    assert "12 Harbour Road" in text and "Jane Doe" in text
