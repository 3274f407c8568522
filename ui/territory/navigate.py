"""Open an account on the right tab with the right item selected (search hits, signals, Today).

One place knows how each workspace pane selects one of its items, so every view that
jumps somewhere goes through `open_target`. Tabs are named by the workspace's keys
("pages", "committee", ...), never by a pane's class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.territory.locate import page_of_capture
from workbench.territory.search_service import Target

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def open_target(window: MainWindow, target: Target) -> None:
    """Select the account in the list, show the tab and select the item on it."""
    window.show_workspace()
    if window.current_account_id() != target.account_id:
        window.select_account(target.account_id)
    workspace = window.workspace
    if target.tab == "overview" or target.tab not in workspace.pane_keys:
        workspace.setCurrentWidget(workspace.overview)
        return
    pane: Any = workspace.show_pane(target.tab)
    if target.kind == "news":
        pane.select_story(target.item_id)
    elif target.kind == "stakeholder":
        pane.scene.select_ids([target.item_id])
    elif target.kind == "call":
        pane.reload(select=target.item_id)
    elif target.kind in ("page", "page_source"):
        _select_page(pane, window, target)


def _select_page(pane: Any, window: MainWindow, target: Target) -> None:
    source_id = (target.item_id if target.kind == "page_source"
                 else page_of_capture(window.db, target.item_id))
    rows = pane.pages_model.rows
    row = next((i for i, r in enumerate(rows) if r.source_id == source_id), -1)
    if row < 0:
        return
    pane.select_page(row)
    if target.kind == "page":
        captures = pane.captures_model.rows
        at = next((i for i, c in enumerate(captures) if c.id == target.item_id), -1)
        if at > 0:
            pane.history_box.setCurrentIndex(at)
