"""Decoding fetched bytes right: the HTTP charset, then the page's own declaration, then
detection. A byte-order mark wins over everything, as browsers do."""

from __future__ import annotations

import codecs
import re

# Browsers read these labels as windows-1252 (WHATWG Encoding); so do we, so that curly
# quotes and euro signs on "latin-1" pages come out right.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
            "us-ascii": "cp1252", "ascii": "cp1252", "l1": "cp1252"}

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.I)


def _codec(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None when the label is unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return _codec(match.group(1)) if match else None


def declared_charset(content: bytes) -> str | None:
    """The charset the document declares in its first bytes (meta tag or XML declaration)."""
    head = content[:4096]
    match = _XML_DECL.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    codec = _codec(match.group(1).decode("ascii", "replace"))
    # A page that is itself ASCII-compatible cannot truthfully claim UTF-16.
    if codec and codec.startswith("utf-16"):
        return "utf-8"
    return codec


_MULTIBYTE = ("shift_jis", "cp932", "euc_jp", "gb2312", "gbk", "gb18030", "big5", "euc_kr",
              "cp949", "iso2022_jp", "utf_16", "utf_32")


def detect_charset(content: bytes) -> str:
    """Guess: UTF-8 if it decodes cleanly; a multi-byte Asian encoding if the detector is
    sure of one; else windows-1252, the web's default for undeclared pages (the detector's
    single-byte guesses on short Western text are often a wrong Baltic or Cyrillic page)."""
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(content[:200_000]).best()
        codec = _codec(best.encoding) if best is not None else None
        if codec and codec.replace("-", "_") in _MULTIBYTE:
            return codec
        try:
            content.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return codec or "cp1252"
    except Exception:  # noqa: BLE001 - detection is a best effort; cp1252 is the fallback
        return "cp1252"


def choose_charset(content: bytes, content_type: str | None) -> str:
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    return header_charset(content_type) or declared_charset(content) or detect_charset(content)


def decode(content: bytes, content_type: str | None) -> tuple[str, str]:
    """The text of ``content`` and the codec used; undecodable bytes become U+FFFD."""
    codec = choose_charset(content, content_type)
    return content.decode(codec, errors="replace"), codec
