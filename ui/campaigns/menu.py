"""The main window's way into campaigns: View › Today's touches (the territory's queue)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

# Panes that show last contact or campaigns, told when a touch is logged elsewhere.
_LISTENING_PANES = ("CommitteeTab", "CampaignsTab")


def add_campaign_actions(window: Any, menu: QMenu) -> QAction:
    """Add "Today's touches…" to `menu`; the window is built on first use."""
    action = QAction("Today's &touches…", window, objectName="todays_touches")
    action.setShortcut(QKeySequence("Ctrl+Shift+T"))
    action.setStatusTip("The campaign touches due today across every account")
    action.triggered.connect(lambda: open_todays_touches(window))
    menu.addAction(action)
    return action


def open_todays_touches(window: Any) -> Any:
    from ui.campaigns.today_window import TodaysTouchesWindow

    existing = getattr(window, "_todays_touches", None)
    if existing is None:
        existing = TodaysTouchesWindow(window.db, window)
        existing.status_message.connect(window.on_status_message)
        existing.touch_logged.connect(lambda account_id: refresh_account(window, account_id))
        window._todays_touches = existing
    else:
        existing.queue.reload()
    existing.show()
    existing.raise_()
    existing.activateWindow()
    return existing


def refresh_account(window: Any, account_id: int) -> None:
    """A touch changed `account_id`'s last contacts: the panes showing it re-read."""
    workspace = window.workspace
    if workspace.account_id != account_id:
        return
    for pane in workspace.built_panes:
        if type(pane).__name__ in _LISTENING_PANES:
            pane.set_account(account_id)
