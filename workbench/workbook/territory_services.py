"""The facade's services for prospecting campaigns and the territory's signals.

`CampaignsService` (``book.campaigns``) wraps the campaign core: the touch queue, each
person's campaign, templates, and the writes (log a touch, enrol, pause, resume, skip,
stop, edit a template). `SignalsService` (``book.signals``) wraps the ranked signals and
the rep's dismiss, seen and mute flags. As everywhere in the facade, every write returns
a `Changes`; where it also has an answer (the logged touch, the enrolment), that is
`Changes.result`.

A logged touch changes more than campaigns: it moves the person's last contact and so
the committee's coverage flags, so its `Changes` also name COMMITTEE for its account.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from workbench.workbook.changes import CAMPAIGNS, COMMITTEE, SIGNALS, Changes
from workbench.workbook.services import _Service, _with

if TYPE_CHECKING:
    from workbench.campaigns.cadences import CadenceSpec
    from workbench.campaigns.enrolment import EnrolResult
    from workbench.campaigns.people import MemberCampaign
    from workbench.campaigns.queue import DueTouch, QueueHead
    from workbench.campaigns.touches import LoggedTouch
    from workbench.signals.model import RankedSignal
    from workbench.signals.proposals import SignalProposal
    from workbench.signals.store import SignalDetail
    from workbench.today import TodayData
    from workbench.vocabulary import Channel, Outcome


class CampaignsService(_Service):
    """Campaign templates, enrolments, the touch queue and logged touches."""

    # -- reads -------------------------------------------------------------------------------
    def templates(self) -> list[CadenceSpec]:
        from workbench.campaigns import cadences

        return cadences.list_cadences(self.db)

    def committee(self, account_id: int) -> list[MemberCampaign]:
        """The account's people, each with their campaign (if any)."""
        from workbench.campaigns.people import committee_campaigns

        return committee_campaigns(self.db, account_id)

    def due(self, on_date: date, *, until: date | None = None, account_id: int | None = None,
            stakeholder_ids: Iterable[int] | None = None, signals: bool = True,
            scripts: bool = True) -> list[DueTouch]:
        from workbench.campaigns.queue import touches_due

        return touches_due(self.db, on_date, until=until, account_id=account_id,
                           stakeholder_ids=stakeholder_ids, signals=signals, scripts=scripts)

    def head(self, on_date: date, limit: int, *, until: date | None = None) -> QueueHead:
        """The first `limit` touches of the territory's queue (no scripts) and its counts."""
        from workbench.campaigns.queue import queue_head

        return queue_head(self.db, on_date, limit, until=until, scripts=False)

    def complete(self, touch: DueTouch) -> DueTouch:
        """A touch read without its script, now with it (a read, despite the name)."""
        from workbench.campaigns.queue import complete

        return complete(self.db, touch)

    def proposals(self, account_id: int | None = None) -> list[SignalProposal]:
        """Touches new signals propose, waiting for the rep (best signal first)."""
        from workbench.signals.proposals import proposals

        return proposals(self.db, account_id=account_id)

    # -- writes ------------------------------------------------------------------------------
    def log_touch(self, stakeholder_id: int, channel: Channel | str, outcome: Outcome | str,
                  **fields: Any) -> Changes:
        """Record a touch; `result` is the `LoggedTouch`. Its account's campaigns and
        committee (last contact, coverage) both change."""
        from workbench.campaigns.touches import log_touch

        logged: LoggedTouch = log_touch(self.db, stakeholder_id, channel, outcome, **fields)
        ids = [("touch", logged.touch_id), ("stakeholder", logged.stakeholder_id)]
        ids += [("enrolment", e) for e in logged.stopped_enrolments]
        if logged.planned_touch_id is not None:
            ids.append(("planned_touch", logged.planned_touch_id))
        return _with(Changes.of(logged.account_id, CAMPAIGNS, COMMITTEE, ids=ids), logged)

    def enrol(self, account_id: int, *, start: date, cadence_id: int | None = None,
              template: str | None = None, person_ids: Sequence[int] | None = None) -> Changes:
        """Enrol people in a campaign; `result` is the `EnrolResult`."""
        from workbench.campaigns import enrolment

        result: EnrolResult = enrolment.enrol(self.db, account_id, start=start,
                                              cadence_id=cadence_id, template=template,
                                              person_ids=person_ids)
        return _with(Changes.of(account_id, CAMPAIGNS,
                                ids=[("enrolment", e) for e in result.enrolment_ids]), result)

    def _enrolment_changed(self, account_id: int | None, enrolment_id: int) -> Changes:
        return Changes.of(account_id, CAMPAIGNS, ids=[("enrolment", enrolment_id)])

    def pause(self, account_id: int | None, enrolment_id: int, on: date) -> Changes:
        from workbench.campaigns import enrolment

        enrolment.pause(self.db, enrolment_id, on)
        return self._enrolment_changed(account_id, enrolment_id)

    def resume(self, account_id: int | None, enrolment_id: int, on: date) -> Changes:
        """Resume; `result` is the working days the rest moved by."""
        from workbench.campaigns import enrolment

        gap = enrolment.resume(self.db, enrolment_id, on)
        return _with(self._enrolment_changed(account_id, enrolment_id), gap)

    def skip_step(self, account_id: int | None, enrolment_id: int) -> Changes:
        """Skip the next step; `result` is its title."""
        from workbench.campaigns import enrolment

        title = enrolment.skip_step(self.db, enrolment_id)
        return _with(self._enrolment_changed(account_id, enrolment_id), title)

    def stop(self, account_id: int | None, enrolment_id: int,
             reason: str = "stopped by the rep") -> Changes:
        from workbench.campaigns import enrolment

        enrolment.stop(self.db, enrolment_id, reason)
        return self._enrolment_changed(account_id, enrolment_id)

    def skip_planned(self, account_id: int | None, planned_touch_id: int) -> Changes:
        """Skip one planned touch of the queue; `result` is its title."""
        from workbench.campaigns import enrolment

        title = enrolment.skip_planned(self.db, planned_touch_id)
        return _with(Changes.of(account_id, CAMPAIGNS,
                                ids=[("planned_touch", planned_touch_id)]), title)

    def accept_proposal(self, account_id: int, signal_id: int) -> Changes:
        """Make a signal's proposal real (a touch, or the campaign restarted); `result` is
        the enrolments made. The signal's proposal is no longer pending."""
        from workbench.signals.proposals import accept_signal_proposal

        made = accept_signal_proposal(self.db, signal_id)
        return _with(Changes.of(account_id, CAMPAIGNS, SIGNALS,
                                ids=[("signal", signal_id),
                                     *(("enrolment", e) for e in made)]), made)

    def decline_proposal(self, account_id: int, signal_id: int) -> Changes:
        """Dismiss a signal's proposal: nothing is enrolled, and it leaves the queue and Today."""
        from workbench.signals.proposals import decline_signal_proposal

        decline_signal_proposal(self.db, signal_id)
        return Changes.of(account_id, CAMPAIGNS, SIGNALS, ids=[("signal", signal_id)])

    def save_template(self, spec: CadenceSpec) -> Changes:
        """Save a template (new or edited); `result` is its id. No account's plan moves
        (enrolments keep the steps they were planned with), but every Campaigns tab
        lists templates."""
        from workbench.campaigns import cadences

        new_id = cadences.save_cadence(self.db, spec)
        return _with(Changes.of(None, CAMPAIGNS, ids=[("cadence", new_id)]), new_id)

    def delete_template(self, cadence_id: int) -> Changes:
        from workbench.campaigns import cadences

        cadences.delete_cadence(self.db, cadence_id)
        return Changes.of(None, CAMPAIGNS, ids=[("cadence", cadence_id)])

    def reset_template(self, cadence_id: int) -> Changes:
        from workbench.campaigns import cadences

        cadences.reset_builtin(self.db, cadence_id)
        return Changes.of(None, CAMPAIGNS, ids=[("cadence", cadence_id)])


class SignalsService(_Service):
    """Trigger events across the territory, ranked, and the rep's flags on them."""

    def ranked(self, **filters: Any) -> list[RankedSignal]:
        """Best first (see `workbench.signals.store.ranked_signals` for the filters)."""
        from workbench.signals import store

        return store.ranked_signals(self.db, **filters)

    def detail(self, signal_id: int) -> SignalDetail:
        from workbench.signals import store

        return store.signal_detail(self.db, signal_id)

    def today(self, now: datetime | None = None) -> TodayData:
        """What the Today view shows: calls, new signals, touches due, people gone quiet."""
        from workbench.today import build_today

        return build_today(self.db, now)

    def _changed(self, account_id: int | None, ids: Iterable[int]) -> Changes:
        return Changes.of(account_id, SIGNALS, ids=[("signal", i) for i in ids])

    def dismiss(self, signal_id: int, dismissed: bool = True,
                account_id: int | None = None) -> Changes:
        from workbench.signals import store

        store.dismiss(self.db, signal_id, dismissed=dismissed)
        return self._changed(account_id, [signal_id])

    def mark_seen(self, signal_ids: Iterable[int], seen: bool = True,
                  account_id: int | None = None) -> Changes:
        from workbench.signals import store

        ids = [int(i) for i in signal_ids]
        if not store.mark_seen(self.db, ids, seen=seen):
            return Changes()
        return self._changed(account_id, ids)

    def mute_kind(self, account_id: int, kind: str, muted: bool = True) -> Changes:
        from workbench.signals import store

        store.mute_kind(self.db, account_id, kind, muted=muted)
        return Changes.of(account_id, SIGNALS)
