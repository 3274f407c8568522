"""A person's touches in a line: "3 touches since 10 Nov: 2 voicemails, letter sent".

Read for the prep sheet's attendee cards and the enrolled committee view.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.storage.models import Channel, Outcome, Touch

# How a (channel, outcome) reads in the summary, singular and plural.
_PHRASES: dict[tuple[Channel | None, Outcome], tuple[str, str]] = {
    (Channel.PHONE, Outcome.VOICEMAIL): ("voicemail", "voicemails"),
    (Channel.PHONE, Outcome.NO_ANSWER): ("call not answered", "calls not answered"),
    (Channel.PHONE, Outcome.CONNECTED): ("call connected", "calls connected"),
    (Channel.EMAIL, Outcome.SENT): ("email sent", "emails sent"),
    (Channel.LETTER, Outcome.SENT): ("letter sent", "letters sent"),
    (Channel.COURIER, Outcome.SENT): ("courier sent", "couriers sent"),
    (Channel.GIFT, Outcome.SENT): ("gift sent", "gifts sent"),
    (Channel.BOOK, Outcome.SENT): ("book sent", "books sent"),
    (Channel.SOCIAL, Outcome.SENT): ("social message", "social messages"),
    (None, Outcome.REPLIED): ("replied", "replied"),
    (None, Outcome.MEETING_BOOKED): ("meeting booked", "meetings booked"),
    (None, Outcome.BOUNCED): ("bounced", "bounced"),
    (None, Outcome.NOT_INTERESTED): ("not interested", "not interested"),
    (None, Outcome.OUT_OF_OFFICE): ("out of office", "out of office"),
    (None, Outcome.VOICEMAIL): ("voicemail", "voicemails"),
    (None, Outcome.CONNECTED): ("connected", "connected"),
}


@dataclass(frozen=True)
class TouchRecord:
    """One logged touch as plain data."""

    id: int
    stakeholder_id: int
    channel: Channel
    outcome: Outcome
    at: datetime
    note: str
    out_of_office_until: date | None = None


def _phrase(channel: Channel, outcome: Outcome, count: int) -> str:
    one, many = (_PHRASES.get((channel, outcome)) or _PHRASES.get((None, outcome))
                 or (f"{channel.label.lower()} {outcome.label.lower()}",) * 2)
    return one if count == 1 else f"{count} {many}"


def summarise(touches: Sequence[TouchRecord]) -> str:
    """The summary line, most frequent first; empty when there is no touch."""
    if not touches:
        return ""
    since = min(t.at for t in touches).astimezone().date()
    counts = Counter((t.channel, t.outcome) for t in touches)
    parts = [_phrase(c, o, n) for (c, o), n in counts.most_common()]
    head = f"{len(touches)} touch{'es' if len(touches) != 1 else ''} since {since:%d %b}"
    return f"{head}: {', '.join(parts)}"


def touches_by_person(session: Session, person_ids: Iterable[int],
                      since: datetime | None = None) -> dict[int, list[TouchRecord]]:
    ids = list(person_ids)
    if not ids:
        return {}
    query = select(Touch).where(Touch.stakeholder_id.in_(ids)).order_by(Touch.at, Touch.id)
    if since is not None:
        query = query.where(Touch.at >= since)
    result: dict[int, list[TouchRecord]] = {i: [] for i in ids}
    for t in session.scalars(query):
        result[t.stakeholder_id].append(TouchRecord(t.id, t.stakeholder_id, t.channel, t.outcome,
                                                    t.at, t.note, t.out_of_office_until))
    return result
