"""All tables, importable from one place: `from workbench.storage.models import Account`."""

from workbench.storage.models.account import Account, Stage, Tier
from workbench.storage.models.base import Base, utcnow
from workbench.storage.models.calls import BankQuestion, Call, CallKind, call_attendee
from workbench.storage.models.campaigns import (
    CHANNEL_LABELS,
    Cadence,
    CadenceStep,
    Channel,
    DayOff,
    Enrolment,
    EnrolmentState,
    Outcome,
    PlannedState,
    PlannedTouch,
    Touch,
)
from workbench.storage.models.committee import (
    ATTITUDE_LABELS,
    Influence,
    RelationKind,
    Relationship,
    Role,
    Stakeholder,
)
from workbench.storage.models.research import (
    Fact,
    FactPick,
    FoundPerson,
    NewsItem,
    NewsTrigger,
    PageSnapshot,
    ResearchRun,
    Source,
)
from workbench.storage.models.signals import Signal, SignalMute, SignalSource

__all__ = [
    "ATTITUDE_LABELS", "Account", "BankQuestion", "Base", "Call", "CallKind", "Fact", "FactPick",
    "FoundPerson", "Influence", "NewsItem", "NewsTrigger", "PageSnapshot", "RelationKind",
    "Relationship", "ResearchRun", "Role", "Signal", "SignalMute", "SignalSource", "Source",
    "Stage", "Stakeholder", "Tier",
    "call_attendee", "utcnow",
    "CHANNEL_LABELS", "Cadence", "CadenceStep", "Channel", "DayOff", "Enrolment",
    "EnrolmentState", "Outcome", "PlannedState", "PlannedTouch", "Touch",
]
