"""Filling a script or template: `{first_name}`, `{account}`, `{signal}`... from plain values.

Only known names in braces are replaced; anything else is left as typed, so a
brace in a letter never breaks it and a template can never reach into objects.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

FIELD = re.compile(r"\{([a-z_]{1,30})\}")

# The names a template may use, with what they hold (the template editor lists them).
FIELD_HELP = {
    "first_name": "the person's first name",
    "name": "the person's full name",
    "title": "the person's job title",
    "account": "the account's name",
    "industry": "the account's industry",
    "signal": "the latest trigger event, in a sentence",
    "signal_kind": "the latest trigger event's kind (funding, new executive...)",
    "needs": "what the person needs, from the map",
}


@dataclass(slots=True)
class FieldValues:
    """The values one touch's template is filled with."""

    name: str = ""
    title: str = ""
    account: str = ""
    industry: str = ""
    signal: str = ""
    signal_kind: str = ""
    needs: str = ""

    def as_dict(self) -> dict[str, str]:
        first = self.name.split()[0] if self.name.split() else ""
        return {"first_name": first, "name": self.name, "title": self.title,
                "account": self.account, "industry": self.industry,
                "signal": self.signal or "your recent news",
                "signal_kind": self.signal_kind.replace("_", " ") or "your plans", "needs": self.needs}


def fill(template: str, values: FieldValues | Mapping[str, str]) -> str:
    mapping = values.as_dict() if isinstance(values, FieldValues) else dict(values)
    return FIELD.sub(lambda m: mapping.get(m.group(1), m.group(0)), template)


def split_subject(text: str) -> tuple[str, str]:
    """An email template's first line `Subject: ...` and the body after it."""
    first, _, rest = text.partition("\n")
    if first.lower().startswith("subject:"):
        return first[len("subject:"):].strip(), rest.lstrip("\n")
    return "", text
