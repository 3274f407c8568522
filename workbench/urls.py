"""Website addresses as a rep types them, normalised: scheme, host case, `www.`, trailing slash."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from workbench.errors import InvalidInput

_HOST_RE = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


def normalise_website(raw: str) -> str:
    """`Example.com/` -> `https://example.com`; keeps a path, drops fragments and `www.`.

    Raises `InvalidInput` for anything that is not an http(s) address of a host.
    """
    text = raw.strip()
    if not text:
        raise InvalidInput("The website is empty.")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidInput(f"“{raw}” is not a web address (only http and https are accepted).")
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidInput(f"“{raw}” does not name a valid host.") from exc
    if not _HOST_RE.match(host):
        raise InvalidInput(f"“{raw}” does not name a valid host.")
    try:
        port = parts.port
    except ValueError as exc:
        raise InvalidInput(f"“{raw}” has a bad port number.") from exc
    netloc = host if port is None else f"{host}:{port}"
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, ""))


def domain_of(website: str) -> str:
    """The account's domain: the host of its normalised website without `www.`, and its
    port when one is given (two test sites on one machine are two companies)."""
    return urlsplit(normalise_website(website)).netloc


def looks_like_url(text: str) -> bool:
    """Whether pasted or dropped text is a web address (used to create an account from it)."""
    text = text.strip()
    if not text or " " in text or "\n" in text:
        return False
    if text.startswith(("http://", "https://")):
        return True
    return bool(re.match(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$", text, re.I))
