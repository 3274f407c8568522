"""`.ics` export of planned calls and campaign touches, for the rep's calendar (icalendar).

Calls are timed events (30 minutes: a call has no stored length); touches are
all-day events on their due date. UIDs are stable, so importing the file again
updates the events instead of doubling them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workbench.campaigns.queue import touches_due
from workbench.files import write_atomically
from workbench.storage.database import Database
from workbench.storage.models import Account, Call

CALL_LENGTH = timedelta(minutes=30)
UID_DOMAIN = "sales-prep-workbench"


def build_calendar(db: Database, first: date, last: date, *, now: datetime | None = None,
                   include_calls: bool = True, include_touches: bool = True) -> bytes:
    """The calls scheduled and the touches due from `first` to `last` as iCalendar bytes.
    Overdue touches are placed on `first`, where the rep will do them."""
    stamp = now or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//Sales Prep Workbench//campaigns//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Sales Prep Workbench")
    if include_calls:
        start = datetime.combine(first, datetime.min.time()).astimezone()
        end = datetime.combine(last + timedelta(days=1), datetime.min.time()).astimezone()
        with db.session() as session:
            calls = session.scalars(
                select(Call).where(Call.scheduled_at >= start, Call.scheduled_at < end)
                .options(selectinload(Call.attendees)).order_by(Call.scheduled_at)).all()
            names = dict(session.execute(select(Account.id, Account.name).where(
                Account.id.in_({c.account_id for c in calls}))).tuples().all())
            for call in calls:
                assert call.scheduled_at is not None
                event = Event()
                event.add("uid", f"call-{call.id}@{UID_DOMAIN}")
                event.add("dtstamp", stamp)
                event.add("dtstart", call.scheduled_at)
                event.add("dtend", call.scheduled_at + CALL_LENGTH)
                event.add("summary", f"{call.kind.label} call: {names.get(call.account_id, '')}")
                lines = [f"Objective: {call.objective}"] if call.objective else []
                if call.attendees:
                    lines.append("With: " + ", ".join(a.name for a in call.attendees))
                if lines:
                    event.add("description", "\n".join(lines))
                calendar.add_component(event)
    if include_touches:
        for touch in touches_due(db, first, until=last):
            event = Event()
            event.add("uid", f"touch-{touch.planned_touch_id}@{UID_DOMAIN}")
            event.add("dtstamp", stamp)
            day = max(touch.due_date, first)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("summary", f"{touch.channel.label}: {touch.person_name} "
                                 f"({touch.account_name}) · {touch.title}")
            contact = " · ".join(x for x in (touch.phone, touch.email) if x)
            event.add("description", (contact + "\n\n" if contact else "") + touch.script)
            event.add("categories", [touch.channel.label])
            calendar.add_component(event)
    return calendar.to_ical()


def write_calendar(db: Database, path: Path, first: date, last: date) -> int:
    """Write the `.ics` file; returns how many events it holds."""
    data = build_calendar(db, first, last)
    write_atomically(path, data)
    return data.count(b"BEGIN:VEVENT")
