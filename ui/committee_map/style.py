"""How the map reads at a glance: the words, symbols and colours for role, attitude, influence.

Every cue has a text or shape form as well as a colour, so the map reads in
black and white and for colour-blind reps.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor

from workbench.vocabulary import ATTITUDE_LABELS, Influence, Role

ROLE_SHORT = {
    Role.ECONOMIC_BUYER: "ECONOMIC BUYER", Role.CHAMPION: "CHAMPION", Role.COACH: "COACH",
    Role.TECHNICAL_EVALUATOR: "TECH EVALUATOR", Role.USER: "USER",
    Role.INFLUENCER: "INFLUENCER", Role.BLOCKER: "BLOCKER", Role.GATEKEEPER: "GATEKEEPER",
    Role.UNKNOWN: "ROLE ?",
}
# A one-character mark per role, drawn in the badge: a shape to spot without reading.
ROLE_MARK = {
    Role.ECONOMIC_BUYER: "$", Role.CHAMPION: "★", Role.COACH: "◆",
    Role.TECHNICAL_EVALUATOR: "⚙", Role.USER: "●", Role.INFLUENCER: "◎",
    Role.BLOCKER: "✖", Role.GATEKEEPER: "▣", Role.UNKNOWN: "?",
}
ATTITUDE_MARK = {-2: "−−", -1: "−", 0: "○", 1: "+", 2: "++", None: "?"}
ATTITUDE_COLOR = {-2: "#b3261e", -1: "#e8710a", 0: "#8a8f98", 1: "#5f9e5a", 2: "#1e7d32",
                  None: "#c3c7cf"}
INFLUENCE_BARS = {Influence.HIGH: 3, Influence.MEDIUM: 2, Influence.LOW: 1}
REPORTS_COLOR = "#3c4150"
INFLUENCE_COLOR = "#6a4fb3"
SELECTED_COLOR = "#1a73e8"
STALE_DAYS = 30


def attitude_label(attitude: int | None) -> str:
    return ATTITUDE_LABELS.get(attitude, "Attitude ?") if attitude is not None else "Attitude ?"


def attitude_color(attitude: int | None) -> QColor:
    return QColor(ATTITUDE_COLOR.get(attitude, ATTITUDE_COLOR[None]))


def contact_text(last_contact: date | None, today: date) -> tuple[str, bool]:
    """How long since the last contact, and whether that is a warning."""
    if last_contact is None:
        return "never contacted", True
    days = (today - last_contact).days
    if days <= 0:
        return "contacted today", False
    if days == 1:
        return "contacted 1 day ago", False
    return f"contacted {days} days ago", days > STALE_DAYS
