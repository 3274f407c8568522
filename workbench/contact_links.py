"""Links for contact details: mailto: for an email, tel: for a phone, the web for a site.

Plain functions (no Qt), so the panes, the sheet and the tests agree on what is a
link and where it goes. Anything that is not clearly one of the three is no link.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/]{6,}$")
_WEB = re.compile(r"^(https?://)?([a-z0-9-]+\.)+[a-z]{2,}(/\S*)?$", re.IGNORECASE)
# Fact kinds and stakeholder fields, by what their value is.
EMAIL_KINDS = {"email"}
PHONE_KINDS = {"phone", "fax"}
WEB_KINDS = {"social", "website", "web", "profile_url", "linkedin"}


def email_link(value: str) -> str | None:
    text = value.strip().removeprefix("mailto:")
    return f"mailto:{text}" if _EMAIL.match(text) else None


def phone_link(value: str) -> str | None:
    text = value.strip()
    if not _PHONE_CHARS.match(text) or sum(c.isdigit() for c in text) < 6:
        return None
    digits = re.sub(r"[^\d]", "", text)
    return f"tel:{'+' if text.startswith('+') else ''}{digits}"


def web_link(value: str) -> str | None:
    text = value.strip()
    if not _WEB.match(text):
        return None
    return text if text.lower().startswith(("http://", "https://")) else f"https://{text}"


def link_for(kind: str, value: str) -> str | None:
    """The link a value of this kind opens, or None; an unknown kind is guessed from the value."""
    kind = kind.lower()
    if kind in EMAIL_KINDS:
        return email_link(value)
    if kind in PHONE_KINDS:
        return phone_link(value)
    if kind in WEB_KINDS:
        return web_link(value)
    return None
