"""Out of the program: a filled `mailto:` for an email step (the rep's own mail program sends it)."""

from __future__ import annotations

from urllib.parse import quote

from workbench.campaigns.queue import DueTouch

# Mail programs cut long mailto: URLs; beyond this the body is shortened with a note.
MAX_MAILTO = 1900


def mailto_url(to: str, subject: str, body: str) -> str:
    """`mailto:` with subject and body encoded (RFC 6068: spaces as %20, lines as %0D%0A)."""
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    def build(text: str) -> str:
        query = f"subject={quote(subject, safe='')}&body={quote(text, safe='')}"
        return f"mailto:{quote(to.strip(), safe='@+')}?{query}"
    url = build(body)
    while len(url) > MAX_MAILTO and body:
        body = body[: max(0, len(body) - 200)]
        url = build(body + "\r\n[…]")
    return url


def mailto_for(touch: DueTouch) -> str:
    subject, body = touch.subject_and_body
    return mailto_url(touch.email, subject or touch.title, body)
