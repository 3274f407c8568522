"""The sheet's one door to the committee map picture (drawn by `ui.committee_map.export`).

The sheet's map is drawn from the committee read with the sheet (`SheetData.committee`),
and the last few pictures are remembered by what they show (the committee, the day
its staleness marks count from, the size): the preview redrawn after each edit of the
call, then the print and the PDF, draw an unchanged map once.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import date

from PySide6.QtGui import QImage

from ui.committee_map.export import render_map_image
from workbench.committee.records import Committee
from workbench.prep.context import SheetData
from workbench.storage.database import Database

log = logging.getLogger("ui.calls")
# A one-page sheet's map is about 1000 x 700 pixels (3 MB): a few are plenty.
PICTURES_KEPT = 4
_pictures: OrderedDict[tuple[object, ...], QImage] = OrderedDict()


def sheet_map(db: Database, data: SheetData, width_px: int, height_px: int) -> QImage | None:
    """The map for the sheet `data`, drawn from the committee read with it; None for an
    empty committee or where it cannot be drawn."""
    if not data.committee_size:
        return None
    key = (data.committee, data.today, width_px, height_px)
    picture = _pictures.get(key) if data.committee is not None else None
    if picture is not None:
        _pictures.move_to_end(key)
        return picture
    picture = map_image(db, data.account_id, width_px, height_px, committee=data.committee,
                        today=data.today)
    if picture is not None and data.committee is not None:
        _pictures[key] = picture
        while len(_pictures) > PICTURES_KEPT:
            _pictures.popitem(last=False)
    return picture


def forget_pictures() -> None:
    """Draw every map afresh (a benchmark's first sheet; a test)."""
    _pictures.clear()


def map_image(db: Database, account_id: int, width_px: int, height_px: int, *,
              committee: Committee | None = None, today: date | None = None) -> QImage | None:
    """The account's committee map as a picture, or None when it cannot be drawn here."""
    try:
        image = render_map_image(db, account_id, width_px, height_px, today=today,
                                 committee=committee)
    except Exception:
        # A broken map must not stop the rep from printing the rest of the sheet.
        log.exception("could not draw the committee map for the sheet")
        return None
    if image is None or image.isNull():
        return None
    return image
