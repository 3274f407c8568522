"""The main window's way into campaigns: View › Today's touches (the territory's queue)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu


def add_campaign_actions(window: Any, menu: QMenu) -> QAction:
    """Add "Today's touches…" to `menu`; the window is built on first use."""
    action = QAction("Today's &touches…", window, objectName="todays_touches")
    action.setShortcut(QKeySequence("Ctrl+Shift+T"))
    action.setStatusTip("The campaign touches due today across every account")
    action.triggered.connect(lambda: open_todays_touches(window))
    menu.addAction(action)
    return action


def open_todays_touches(window: Any) -> Any:
    """Show the territory's queue (what it logs reaches the panes on the change bus)."""
    from ui.campaigns.today_window import TodaysTouchesWindow

    existing = getattr(window, "_todays_touches", None)
    if existing is None:
        existing = TodaysTouchesWindow(window.db, window, getattr(window, "jobs", None))
        existing.status_message.connect(window.on_status_message)
        window._todays_touches = existing
    else:
        existing.queue.reload()
    existing.show()
    existing.raise_()
    existing.activateWindow()
    return existing
