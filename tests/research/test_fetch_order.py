"""The order research's waiting work is served in: connections a site keeps for its feeds
(`HostThrottle.reserve`) and reader turns by priority (`reader_pool._Turns`)."""

from __future__ import annotations

import threading
import time

from workbench.research.reader_pool import PRIORITY_BACKGROUND, PRIORITY_NORMAL, _Turns
from workbench.research.throttle import _HostSlots


def test_reserved_slots_wait_for_normal_requests_and_are_freed() -> None:
    slots = _HostSlots(3)
    unreserve = slots.reserve(2)
    assert slots.acquire(PRIORITY_BACKGROUND, 0.05)  # one slot is not kept
    assert not slots.acquire(PRIORITY_BACKGROUND, 0.05)  # the other two are
    assert slots.acquire(PRIORITY_NORMAL, 0.05)  # a feed takes a kept one (using it up)
    assert slots.reserved == 1
    got: list[bool] = []
    waiter = threading.Thread(target=lambda: got.append(slots.acquire(PRIORITY_BACKGROUND, 5)))
    waiter.start()
    time.sleep(0.1)
    assert got == []  # still kept for a feed on its way
    unreserve()  # every feed is in line: what is left is free
    waiter.join(2)
    assert got == [True] and slots.reserved == 0
    unreserve()  # twice is harmless
    assert slots.reserved == 0


def test_the_queued_callback_runs_once_the_request_is_in_line() -> None:
    slots = _HostSlots(1)
    assert slots.acquire(PRIORITY_NORMAL, 0.05)
    in_line = threading.Event()
    got: list[bool] = []
    waiter = threading.Thread(target=lambda: got.append(
        slots.acquire(PRIORITY_NORMAL, 5, in_line.set)))
    waiter.start()
    assert in_line.wait(2) and got == []  # in line, still waiting for the slot
    slots.release()
    waiter.join(2)
    assert got == [True]


def test_reader_turns_go_to_what_leads_to_more_fetches_first() -> None:
    turns = _Turns(1)
    assert turns.acquire(PRIORITY_BACKGROUND, time.monotonic() + 1, None)
    served: list[str] = []

    def take(name: str, priority: int) -> None:
        if turns.acquire(priority, time.monotonic() + 5, None):
            served.append(name)
            turns.release()

    page = threading.Thread(target=take, args=("page", PRIORITY_BACKGROUND))
    page.start()
    time.sleep(0.1)  # the page is in line first
    feed = threading.Thread(target=take, args=("feed", PRIORITY_NORMAL))
    feed.start()
    time.sleep(0.1)
    # A feed may also wait in the executor's queue (one more than the workers): it goes
    # ahead at once, the page waits for the turn held.
    feed.join(2)
    assert served == ["feed"]
    turns.release()
    page.join(2)
    assert served == ["feed", "page"]


def test_a_reader_turn_not_given_in_time_leaves_the_line() -> None:
    turns = _Turns(1)
    assert turns.acquire(PRIORITY_NORMAL, time.monotonic() + 1, None)
    assert turns.acquire(PRIORITY_NORMAL, time.monotonic() + 1, None)  # the one extra
    assert not turns.acquire(PRIORITY_BACKGROUND, time.monotonic() + 0.1, None)
    turns.release()
    turns.release()
    assert turns.acquire(PRIORITY_BACKGROUND, time.monotonic() + 0.1, None)
