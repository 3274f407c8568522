"""What a signal is to the rest of the program: its kind policies and the rows views show.

A kind's policy is its buying window (how long after the event a call is timely)
and its weight; the built-in values can be changed in `signal_windows.toml` in the
user's config folder, e.g.::

    [funding]
    window_days = 45
    weight = 1.0
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from workbench import paths

log = logging.getLogger("workbench.signals")

USER_POLICY_FILENAME = "signal_windows.toml"


@dataclass(frozen=True)
class KindPolicy:
    """How long a kind of event keeps an account's buying window open, and how much it counts."""

    window_days: int
    weight: float
    label: str


# Anchors: a buying window of 30–60 days after funding; new executives re-evaluate
# vendors in their first 90 days.
DEFAULT_POLICIES: dict[str, KindPolicy] = {
    "funding": KindPolicy(60, 1.0, "Funding"),
    "leadership_change": KindPolicy(90, 1.0, "Leadership change"),
    "acquisition": KindPolicy(60, 0.9, "Acquisition"),
    "expansion": KindPolicy(60, 0.8, "Expansion"),
    "product_launch": KindPolicy(30, 0.6, "Product launch"),
    "bankruptcy": KindPolicy(45, 0.7, "Bankruptcy or reorganisation"),
    "layoffs": KindPolicy(30, 0.6, "Layoffs"),
    "earnings": KindPolicy(14, 0.4, "Earnings"),
    "partnership": KindPolicy(30, 0.5, "Partnership"),
    "legal": KindPolicy(30, 0.4, "Legal"),
}
FALLBACK_POLICY = KindPolicy(30, 0.5, "")


def user_policy_path() -> Path:
    return paths.config_dir() / USER_POLICY_FILENAME


def load_policies(path: Path | None = None) -> dict[str, KindPolicy]:
    """The built-in policies with the rep's file applied; a bad file is logged and ignored."""
    policies = dict(DEFAULT_POLICIES)
    file = path if path is not None else user_policy_path()
    if not file.exists():
        return policies
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        log.warning("ignoring %s: %s", file, exc)
        return policies
    for kind, raw in data.items():
        if not isinstance(raw, dict):
            continue
        base = policies.get(kind, FALLBACK_POLICY)
        try:
            window = int(raw.get("window_days", base.window_days))
            weight = float(raw.get("weight", base.weight))
        except (TypeError, ValueError):
            log.warning("ignoring [%s] in %s: window_days and weight must be numbers", kind, file)
            continue
        policies[kind] = KindPolicy(max(1, min(window, 3650)), max(0.0, min(weight, 10.0)),
                                    str(raw.get("label", base.label or kind)))
    return policies


def policy_for(policies: dict[str, KindPolicy], kind: str) -> KindPolicy:
    return policies.get(kind) or KindPolicy(FALLBACK_POLICY.window_days, FALLBACK_POLICY.weight,
                                            kind.replace("_", " ").capitalize())


def kind_label(kind: str) -> str:
    return policy_for(DEFAULT_POLICIES, kind).label


@dataclass(frozen=True)
class SourceRow:
    """One report of a signal's event."""

    url: str
    reporter: str
    title: str
    evidence: str
    published_at: datetime | None
    news_item_id: int | None
    snapshot_id: int | None


@dataclass(slots=True)
class SignalRow:
    """A signal as lists show it, before ranking (slots: a territory reads thousands)."""

    id: int
    account_id: int
    account_name: str
    tier: str
    kind: str
    title: str
    evidence: str
    origin: str
    occurred_at: datetime
    first_seen_at: datetime
    seen: bool
    dismissed: bool
    source_count: int
    detail: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class RankFactors:
    """The multipliers behind a score, kept so "why it ranks here" can be told."""

    tier: float
    weight: float
    label: str
    age_days: float
    recency: float
    half_life_days: float
    window_days: int
    window: float
    sources: float
    seen: float


@dataclass(slots=True)
class RankedSignal:
    """A signal with its score; the factors behind it are worked out again when asked."""

    signal: SignalRow
    score: float
    in_window: bool
    now: datetime
    policies: dict[str, KindPolicy] = field(repr=False, compare=False)

    @property
    def factors(self) -> RankFactors:
        from workbench.signals.ranking import factors_of

        return factors_of(self.signal, self.now, self.policies)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why it ranks here, one line per factor."""
        f, row = self.factors, self.signal
        days = int(f.age_days)
        return (
            f"Tier {row.tier} account ×{f.tier:g}",
            f"{f.label or row.kind}: weight ×{f.weight:g}",
            f"{days} day{'s' if days != 1 else ''} ago ×{f.recency:.2f} "
            f"(halves every {f.half_life_days:g} days)",
            (f"Inside the {f.window_days}-day buying window ×1" if self.in_window
             else f"Past the {f.window_days}-day buying window ×{f.window:g}"),
            f"{row.source_count} source{'s' if row.source_count != 1 else ''} ×{f.sources:g}",
            f"Already seen ×{f.seen:g}" if row.seen else "Not seen yet ×1",
        )
