"""The daily brief: Today's data shaped for reading, as plain text or one page of HTML.

The HTML comes from `resources/templates/brief/daily.html` through the prep sheets'
template environment (autoescaped; the rep may override it in their templates
folder); the window and `workbench today --pdf` lay it out on paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jinja2

from workbench import errors
from workbench.prep.render import environment
from workbench.signals.model import kind_label
from workbench.today import QUIET_DAYS, TodayData

TEMPLATE = "brief/daily.html"
# One page: the brief lists at most this many of each (the view shows them all).
BRIEF_SIGNALS = 8
BRIEF_QUIET = 10
BRIEF_WEEK = 8
BRIEF_TOUCHES = 10


def _local(value: datetime) -> datetime:
    return value.astimezone()


@dataclass(frozen=True)
class _Shaped:
    values: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def shape(data: TodayData) -> dict[str, Any]:
    """Today's data as the template and the text brief read it (plain values only)."""
    calls_today = [{"time": _local(c.scheduled_at).strftime("%H:%M"), "when": "",
                    "account_name": c.account_name, "kind": c.kind, "objective": c.objective,
                    "gaps": list(c.gaps), "call_id": c.call_id} for c in data.calls_today]
    calls_week = [{"time": _local(c.scheduled_at).strftime("%H:%M"),
                   "when": _local(c.scheduled_at).strftime("%a %d %b %H:%M"),
                   "account_name": c.account_name, "kind": c.kind, "objective": c.objective,
                   "gaps": list(c.gaps), "call_id": c.call_id}
                  for c in data.calls_week[:BRIEF_WEEK]]
    signals = [{"score": f"{r.score:.0f}", "account_name": r.signal.account_name,
                "tier": r.signal.tier, "kind_label": kind_label(r.signal.kind),
                "when": _local(r.signal.occurred_at).strftime("%d %b"),
                "sources": r.signal.source_count, "title": r.signal.title,
                "evidence": r.signal.evidence[:220]} for r in data.signals[:BRIEF_SIGNALS]]
    quiet = [{"name": p.name, "title": p.title, "account_name": p.account_name,
              "last": f"last contact {p.last_contact:%d %b}" if p.last_contact else "never contacted"}
             for p in data.quiet[:BRIEF_QUIET]]
    touches = [{"channel": t.channel, "person": t.person, "account_name": t.account_name,
                "step": t.step, "when": t.when} for t in data.touches[:BRIEF_TOUCHES]]
    # Not listed: the queue's rows beyond Today's head, and the head's beyond the brief's.
    touches_more = data.touches_more + len(data.touches) - len(touches)
    parts = [f"{len(data.calls_today)} call{'s' if len(data.calls_today) != 1 else ''} today",
             f"{len(data.calls_week)} more this week",
             f"{data.signals_total} new signal{'s' if data.signals_total != 1 else ''}",
             f"{data.quiet_total} {'people' if data.quiet_total != 1 else 'person'} gone quiet"]
    if data.touches:
        parts.insert(2, f"{data.touches_total} touches due")
    return {
        "day_label": data.day.strftime("%A %d %B %Y"), "summary": " · ".join(parts),
        "calls_today": calls_today, "calls_week": calls_week, "signals": signals,
        "signals_total": data.signals_total, "signals_more": data.signals_total > len(signals),
        "quiet": quiet, "quiet_total": data.quiet_total,
        "quiet_more": data.quiet_total > len(quiet), "quiet_days": QUIET_DAYS,
        "touches": touches, "touches_more": touches_more,
    }


def brief_html(data: TodayData) -> str:
    """The one-page brief as HTML."""
    try:
        return environment().get_template(TEMPLATE).render(brief=_Shaped(shape(data)))
    except jinja2.TemplateError as exc:
        raise errors.InvalidInput(f"The daily brief template has an error: {exc}.") from exc


def brief_text(data: TodayData) -> str:
    """The brief as plain text, for the terminal."""
    b = shape(data)
    out = [f"Today, {b['day_label']}", b["summary"], ""]
    out.append("Calls today")
    out += [f"  {c['time']}  {c['account_name']} · {c['kind']} — {c['objective'] or 'no objective'}"
            + (f"\n         ! sheet gaps: {', '.join(c['gaps'])}" if c["gaps"] else "")
            for c in b["calls_today"]] or ["  none"]
    if b["calls_week"]:
        out += ["", "Later this week"]
        out += [f"  {c['when']}  {c['account_name']} · {c['kind']} — {c['objective']}"
                + (f"  (! {', '.join(c['gaps'])})" if c["gaps"] else "")
                for c in b["calls_week"]]
    out += ["", "New signals"]
    out += [f"  {s['score']:>3}  {s['account_name']} (tier {s['tier']}) · {s['kind_label']} · "
            f"{s['when']}" + (f" · {s['sources']} sources" if s["sources"] > 1 else "")
            + f"\n       {s['title']}" for s in b["signals"]] or ["  none"]
    if b["touches"]:
        out += ["", "Touches due today"]
        out += [f"  {t['channel']:<8} {t['person']}, {t['account_name']}"
                + (f" — {t['step']}" if t["step"] else "")
                + (f"  ({t['when']})" if t["when"] else "") for t in b["touches"]]
        if b["touches_more"]:
            out.append(f"  … and {b['touches_more']} more in Today's touches")
    out += ["", f"Gone quiet (tier A/B, no contact in {QUIET_DAYS} days): {b['quiet_total']}"]
    out += [f"  {p['name']}, {p['title']} — {p['account_name']} ({p['last']})"
            for p in b["quiet"]] or ["  none"]
    return "\n".join(out)
