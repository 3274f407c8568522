"""What makes two values of one kind of fact the same value (no parser, no database).

Research uses it to drop a fact a page repeats, and the trust order to group the values
the rep may choose from; both import it from here, so a command that only reads stored
facts needs neither lxml nor SQLAlchemy.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit


def key_of(kind: str, value: str) -> tuple[str, str]:
    """The kind and a normalised value: equal keys are one fact."""
    value = value.lower()
    if kind == "phone":
        value = re.sub(r"\D", "", value)[-9:]  # +33 1 45 .. and 01 45 .. are one number
    elif kind == "address":
        # "12 Harbor Way, 02110 Boston, MA, US" (JSON-LD) and "12 Harbor Way, Boston, MA
        # 02110" (text) are one address: the house number and postcode say so.
        numbers = sorted(re.findall(r"\d+", value))
        value = " ".join(numbers) if len(numbers) >= 2 else value
    elif kind == "social":
        parts = urlsplit(value)
        value = (parts.hostname or "").removeprefix("www.") + parts.path.rstrip("/")
    return kind, value
