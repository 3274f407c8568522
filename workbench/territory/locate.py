"""Small look-ups the views need to open an item where the rep acts on it."""

from __future__ import annotations

from sqlalchemy import select

from workbench.storage.database import Database
from workbench.storage.models import PageSnapshot


def page_of_capture(db: Database, snapshot_id: int) -> int | None:
    """The page (source id) a capture belongs to, or None if it is gone."""
    with db.session() as session:
        return session.scalar(select(PageSnapshot.source_id).where(PageSnapshot.id == snapshot_id))
