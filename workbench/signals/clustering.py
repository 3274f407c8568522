"""When two reports are the same event: same kind, close in time, headlines sharing their words.

NewsBlur-style clustering by normalised title: the words that carry the story
(numbers kept, "$40M" and "$40 million" both "40"), without filler and without the
company's own name, which every story about it shares. Two reports of one kind within
a week that name the same amount are one event, however differently worded.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

CLUSTER_WINDOW = timedelta(days=7)
MIN_OVERLAP = 0.5
MIN_SHARED_WORDS = 2

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_NUMBER = re.compile(r"^(\d+)(?:[.,]\d+)?(?:m|bn|b|k|mn)?$")
_FILLER = frozenset("""a an the in of for to and or its it with on at by from as is are was
were be has have had will new its round million billion m bn usd eur gbp inc ltd llc plc
gmbh co corp company says said announces announced today""".split())


def title_words(title: str, company: str = "") -> frozenset[str]:
    """The words of a headline that say what happened."""
    own = {w.casefold() for w in _WORD.findall(company)}
    words: set[str] = set()
    for raw in _WORD.findall(title.casefold()):
        number = _NUMBER.match(raw)
        word = number.group(1) if number else raw
        if word in _FILLER or word in own or (len(word) < 2 and not word.isdigit()):
            continue
        words.add(word)
    return frozenset(words)


def same_event(kind_a: str, words_a: frozenset[str], when_a: datetime,
               kind_b: str, words_b: frozenset[str], when_b: datetime) -> bool:
    """True when two reports tell of one event."""
    if kind_a != kind_b or abs(when_a - when_b) > CLUSTER_WINDOW:
        return False
    if not words_a or not words_b:
        return False
    common = words_a & words_b
    if any(_is_amount(word) for word in common):
        return True  # "$40M" in both: the same round, deal or result, however worded
    shared = len(common)
    return shared >= MIN_SHARED_WORDS and shared / min(len(words_a), len(words_b)) >= MIN_OVERLAP


def _is_amount(word: str) -> bool:
    """A number that names this event (an amount, a count), not a year or a small ordinal."""
    return word.isdigit() and len(word) >= 2 and not (len(word) == 4 and word[:2] in ("19", "20"))
