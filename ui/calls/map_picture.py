"""The sheet's one door to the committee map picture (drawn by `ui.committee_map.export`)."""

from __future__ import annotations

import logging

from PySide6.QtGui import QImage

from ui.committee_map.export import render_map_image
from workbench.storage.database import Database

log = logging.getLogger("ui.calls")


def map_image(db: Database, account_id: int, width_px: int, height_px: int) -> QImage | None:
    """The account's committee map as a picture, or None when it cannot be drawn here."""
    try:
        image = render_map_image(db, account_id, width_px, height_px)
    except Exception:
        # A broken map must not stop the rep from printing the rest of the sheet.
        log.exception("could not draw the committee map for the sheet")
        return None
    if image is None or image.isNull():
        return None
    return image
