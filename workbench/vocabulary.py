"""The words of the domain that screens show and choose from: roles, attitudes, tiers, kinds,
and the channels, outcomes and states of prospecting campaigns.

They are defined with the stored models; the UI takes them from here, so it never
imports the storage layer.
"""

from __future__ import annotations

from workbench.storage.models import (
    ATTITUDE_LABELS,
    CHANNEL_LABELS,
    CallKind,
    Channel,
    EnrolmentState,
    Influence,
    Outcome,
    PlannedState,
    RelationKind,
    Role,
    Stage,
    Tier,
)

__all__ = ["ATTITUDE_LABELS", "CHANNEL_LABELS", "CallKind", "Channel", "EnrolmentState",
           "Influence", "Outcome", "PlannedState", "RelationKind", "Role", "Stage", "Tier"]
