"""The kinds of call (discovery, demo, ...) and their labels, free of the storage layer.

The `call` table stores a kind by its value; the plain sqlite3 read of `workbench
accounts show` names it with the same label the ORM road does.
"""

from __future__ import annotations

import enum


class CallKind(enum.StrEnum):
    COLD_CALL = "cold_call"
    DISCOVERY = "discovery"
    FOLLOW_UP = "follow_up"
    DEMO = "demo"
    PROPOSAL = "proposal"
    NEGOTIATION = "negotiation"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()
