"""The readable text of a page: its content, not menus and footers (trafilatura), with a
plain fallback for pages the extractor gives up on (short pages, lists of people)."""

from __future__ import annotations

import re
from typing import Any

import lxml.html
from lxml import etree

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg",
         "template", "iframe")


def _fast_option(trafilatura: object) -> dict[str, Any]:
    """Skip trafilatura's fallback extractors: 3-4x faster per page for 0.004 less F1 on
    the article corpus (0.937 against 0.941), and extraction is on research's critical
    path. The option is ``fast`` in trafilatura 2 and ``no_fallback`` in 1.x."""
    import inspect

    params = inspect.signature(trafilatura.extract).parameters  # type: ignore[attr-defined]
    return {"fast": True} if "fast" in params else {"no_fallback": True}


def page_title(html: str) -> str:
    try:
        doc = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for xpath in ('//meta[@property="og:title"]/@content', "//title/text()", "//h1//text()"):
        values = [" ".join(v.split()) for v in doc.xpath(xpath) if v and v.strip()]
        if values:
            return values[0][:500]
    return ""


def readable_text(html: str, url: str = "") -> str:
    """Paragraphs of the page's main content, separated by blank lines."""
    if not html.strip():
        return ""
    text = ""
    try:
        import trafilatura

        text = trafilatura.extract(html, url=url or None, include_comments=False,
                                   include_tables=True, favor_recall=True,
                                   deduplicate=False, **_fast_option(trafilatura)) or ""
    except Exception:  # noqa: BLE001 - the extractor is best effort; the fallback follows
        text = ""
    # On short pages (a team grid, a contact page) the extractor can keep too little;
    # then the plain text of the page without its menus serves the rep better. That can
    # only win when the extract is under 1,500 characters: skip the second parse otherwise.
    if len(text) < 1500:
        fallback = plain_text(html)
        if len(text) < 0.3 * len(fallback) and len(fallback) < 5000:
            text = fallback
    return _tidy(text)


def plain_text(html: str) -> str:
    """The visible text of the page without scripts, menus, headers and footers."""
    try:
        doc = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for element in list(doc.iter(*_DROP)):
        if element.getparent() is not None:
            element.drop_tree()
    blocks: list[str] = []
    for element in doc.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "dt",
                            "dd", "blockquote", "figcaption", "address", "pre"):
        if any(a.tag in ("p", "li", "td", "th", "dd", "blockquote", "address")
               for a in element.iterancestors()):
            continue
        line = " ".join(element.text_content().split())
        if line:
            blocks.append(line)
    if not blocks:
        body = doc.find("body")
        return " ".join((body if body is not None else doc).text_content().split())
    return "\n".join(blocks)


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = "\n".join(line for line in lines if line)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
