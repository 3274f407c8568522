"""Where a signal is acted on: the story or the page capture behind it."""

from __future__ import annotations

from workbench.signals.store import SignalDetail
from workbench.territory.search_service import Target


def signal_target(detail: SignalDetail) -> Target:
    """The first source's news item (News tab) or page capture (Pages tab), else the account."""
    row = detail.row
    for source in detail.sources:
        if source.news_item_id is not None:
            return Target(row.account_id, "news", "news", source.news_item_id)
        if source.snapshot_id is not None:
            return Target(row.account_id, "pages", "page", source.snapshot_id)
    return Target(row.account_id, "overview", "account", row.account_id)
