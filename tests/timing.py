"""Time bounds for tests that a busy machine cannot break and a real fault still does.

A test that guards against a hang or a quadratic blow-up used to compare wall time with
a fixed number; on a shared two-core machine at load 10 a sound run can take four times
as long, and such a test failed for nothing. Two measures instead:

- CPU seconds of the whole process tree (this process, its threads, the research's
  reader processes and any child already ended): what the work really cost. A loaded
  machine hardly changes it; a quadratic loop still multiplies it.
- Wall seconds against a bound stretched by how busy the machine was (its run-queue
  per core, never less than 1): a wait that never ends (a hang, a missed deadline of
  minutes) still fails, since no load stretches a bound to forever.

Usage::

    with measured() as took:
        run_research(db, account_id)
    took.assert_within(cpu_s=60, wall_s=60)
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def load_factor() -> float:
    """How many times over the machine's cores are asked for now (1-minute load), >= 1."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return 1.0
    return max(1.0, load / (os.cpu_count() or 1))


def _children_of(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(k) for k in (task / "children").read_text().split()]
        except OSError:
            continue
    return kids


def _live_children_cpu() -> dict[int, float]:
    """CPU seconds so far of every live descendant process, by pid (Linux /proc)."""
    found: dict[int, float] = {}
    todo = _children_of(os.getpid())
    while todo:
        pid = todo.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # utime and stime are fields 14 and 15 of stat; [0] here is field 3.
        found[pid] = (int(fields[11]) + int(fields[12])) / _TICKS
        todo += _children_of(pid)
    return found


def _ended_children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


@dataclass
class Took:
    """What a measured block cost: wall and CPU seconds, and the machine's load factor."""

    wall: float = 0.0
    cpu: float = 0.0
    load: float = 1.0
    _start: dict[str, object] = field(default_factory=dict, repr=False)

    def assert_within(self, *, cpu_s: float, wall_s: float) -> None:
        """CPU under `cpu_s`, and wall under `wall_s` stretched by the load factor."""
        assert self.cpu < cpu_s, f"took {self.cpu:.1f} s of CPU (bound {cpu_s} s); {self}"
        assert self.wall < wall_s * self.load, (
            f"took {self.wall:.1f} s (bound {wall_s} s x load {self.load:.1f}); {self}")

    def __str__(self) -> str:
        return f"wall {self.wall:.2f} s, CPU {self.cpu:.2f} s, load factor {self.load:.1f}"


@contextmanager
def measured() -> Iterator[Took]:
    """Measure the block's wall time, the CPU of the process tree, and the load."""
    took = Took()
    load_before = load_factor()
    kids_before = _live_children_cpu()
    ended_before = _ended_children_cpu()
    cpu_before = time.process_time()
    wall_before = time.monotonic()
    try:
        yield took
    finally:
        took.wall = time.monotonic() - wall_before
        own = time.process_time() - cpu_before
        kids_after = _live_children_cpu()
        # A child alive at both ends counts its difference, a new one all of its time;
        # one that ended and was waited for is in RUSAGE_CHILDREN (so is any CPU it had
        # used before the block: an overcount, never an undercount).
        kids = sum(cpu - kids_before.get(pid, 0.0) for pid, cpu in kids_after.items())
        took.cpu = own + kids + (_ended_children_cpu() - ended_before)
        took.load = max(load_before, load_factor())


def stretched(seconds: float, *, fault_s: float | None = None) -> float:
    """A wall-time bound of `seconds` on a quiet machine, times the load factor now.

    `fault_s` is how long the fault the test guards against would take (a deadline that
    is not kept, a server's delay); the bound stays below it, so the test can still fail.
    """
    bound = seconds * load_factor()
    return bound if fault_s is None else min(bound, max(seconds, 0.9 * fault_s))
