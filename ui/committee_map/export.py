"""The map as a picture: PNG, SVG and PDF files, and a `QImage` for the call-prep sheet.

All of them draw the same scene the canvas shows (cards and lines, no
selection), on white, with a legend strip underneath so a printed map
explains its own lines and marks.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from ui.committee_map import style
from ui.committee_map.scene import CommitteeScene, build_scene, content_rect
from workbench import errors
from workbench.committee.records import Committee, load_committee
from workbench.files import atomic_path
from workbench.storage.database import Database

LEGEND_HEIGHT = 40.0  # in scene units, under the drawing
EMPTY_SIZE = QSizeF(480, 160)
MAX_PNG_SIDE = 8000


_APP: Any = None  # the application made here, kept for the life of the process


def ensure_app(headless: bool = False) -> None:
    """The scene is a widgets class: make sure a `QApplication` exists (offscreen is fine).

    `headless` (the CLI's drawing commands) draws offscreen even where a display
    exists. A bare `QGuiApplication` cannot host a `QGraphicsScene`; that is a
    programming error of the caller, so it is reported as such.
    """
    global _APP
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QGuiApplication.instance()
    if app is None:
        if headless or not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _APP = QApplication([sys.argv[0] if sys.argv else "workbench"])
    elif not isinstance(app, QApplication):
        raise RuntimeError("drawing the committee map needs a QApplication, not a QGuiApplication")


@contextmanager
def map_scene(db: Database, account_id: int, today: date | None = None,
              committee: Committee | None = None) -> Iterator[CommitteeScene]:
    """A drawing-only scene of the stored map (or of `committee`, read already),
    disposed of when the block ends."""
    ensure_app()
    scene = build_scene(committee if committee is not None else load_committee(db, account_id),
                        today=today)
    try:
        yield scene
    finally:
        scene.dispose()
        scene.deleteLater()


def _source_rect(scene: CommitteeScene) -> QRectF:
    if not scene.cards:
        return QRectF(QPointF(0, 0), EMPTY_SIZE)
    rect = content_rect(scene)
    return rect.adjusted(0, 0, 0, LEGEND_HEIGHT)


def paint_map(painter: QPainter, scene: CommitteeScene, target: QRectF) -> None:
    """Draw the whole map (and its legend) into `target`, keeping its proportions."""
    source = _source_rect(scene)
    scale = min(target.width() / source.width(), target.height() / source.height())
    width, height = source.width() * scale, source.height() * scale
    left = target.left() + (target.width() - width) / 2
    top = target.top() + (target.height() - height) / 2
    painter.save()
    painter.fillRect(target, QColor("#ffffff"))
    painter.translate(left, top)
    painter.scale(scale, scale)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    if not scene.cards:
        painter.setPen(QColor("#5f6368"))
        font = QFont("DejaVu Sans")
        font.setPixelSize(16)
        painter.setFont(font)
        painter.drawText(QRectF(QPointF(0, 0), EMPTY_SIZE), Qt.AlignmentFlag.AlignCenter,
                         "No one is on the committee map yet.")
        painter.restore()
        return
    drawing = QRectF(0, 0, source.width(), source.height() - LEGEND_HEIGHT)
    scene.render(painter, drawing, content_rect(scene), Qt.AspectRatioMode.KeepAspectRatio)
    _paint_legend(painter, QRectF(0, drawing.bottom(), source.width(), LEGEND_HEIGHT))
    painter.restore()


def _paint_legend(painter: QPainter, rect: QRectF) -> None:
    font = QFont("DejaVu Sans")
    font.setPixelSize(10)  # pixels: the same size on every device (see items._font)
    painter.setFont(font)
    first = rect.top() + 10
    x = rect.left() + 24
    painter.setPen(QPen(QColor(style.REPORTS_COLOR), 2))
    painter.drawLine(QPointF(x, first), QPointF(x + 30, first))
    painter.setPen(QColor("#3c4043"))
    painter.drawText(QPointF(x + 36, first + 4), "reports to")
    x += 110
    painter.setPen(QPen(QColor(style.INFLUENCE_COLOR), 1.8, Qt.PenStyle.DashLine))
    painter.drawLine(QPointF(x, first), QPointF(x + 30, first))
    painter.setPen(QColor("#3c4043"))
    painter.drawText(QPointF(x + 36, first + 4), "influences (arrow)")
    text = ("Left edge, attitude: −− strong opponent · − opponent · ○ neutral · + supporter · "
            "++ strong supporter · ? unknown.  Bars: influence.")
    text = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width() - 48)
    painter.drawText(QPointF(rect.left() + 24, first + 20), text)


def render_map_image(db: Database, account_id: int, width_px: int,
                     height_px: int | None = None, today: date | None = None,
                     committee: Committee | None = None) -> QImage:
    """The map on white, `width_px` wide (height from the map's shape unless given);
    of `committee` where the caller has read it already."""
    if width_px <= 0 or (height_px is not None and height_px <= 0):
        raise errors.InvalidInput("The picture needs a positive size.")
    with map_scene(db, account_id, today, committee) as scene:
        source = _source_rect(scene)
        if height_px is None:
            height_px = max(1, round(width_px * source.height() / source.width()))
        image = QImage(QSize(width_px, height_px), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        try:
            paint_map(painter, scene, QRectF(0, 0, width_px, height_px))
        finally:
            painter.end()
    return image


def natural_size(db: Database, account_id: int, today: date | None = None) -> QSizeF:
    with map_scene(db, account_id, today) as scene:
        return _source_rect(scene).size()


def _check_target(path: Path) -> Path:
    path = Path(path)
    if path.is_dir():
        raise errors.InvalidInput(f"{path} is a folder; give a file name.")
    if not path.parent.exists():
        raise errors.InvalidInput(f"The folder {path.parent} does not exist.")
    return path


def export_png(db: Database, account_id: int, path: Path, scale: float = 2.0,
               today: date | None = None) -> QSize:
    """Write the map as a PNG (twice the natural size, for sharp prints); returns its size."""
    path = _check_target(path)
    size = natural_size(db, account_id, today)
    width = min(MAX_PNG_SIDE, round(size.width() * scale))
    image = render_map_image(db, account_id, width, today=today)
    with atomic_path(path) as tmp:
        if not image.save(str(tmp), "PNG"):
            raise errors.InvalidInput(f"Cannot write {path} (is the disk full?).")
    return image.size()


def export_svg(db: Database, account_id: int, path: Path, today: date | None = None) -> None:
    """Write the map as an SVG drawing (text stays text)."""
    path = _check_target(path)
    with map_scene(db, account_id, today) as scene, atomic_path(path) as tmp:
        _write_svg(scene, tmp)


def _write_svg(scene: CommitteeScene, path: Path) -> None:
    from PySide6.QtSvg import QSvgGenerator

    source = _source_rect(scene)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(round(source.width()), round(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle("Buying committee map")
    generator.setDescription("Sales Prep Workbench committee map")
    painter = QPainter()
    if not painter.begin(generator):
        raise errors.InvalidInput(f"Cannot write {path} (is the folder writable?).")
    try:
        paint_map(painter, scene, QRectF(0, 0, source.width(), source.height()))
    finally:
        painter.end()


def export_pdf(db: Database, account_id: int, path: Path, today: date | None = None) -> None:
    """Write the map on one page (A4, landscape when the map is wide)."""
    path = _check_target(path)
    with map_scene(db, account_id, today) as scene, atomic_path(path) as tmp:
        _write_pdf(scene, tmp)


def _write_pdf(scene: CommitteeScene, path: Path) -> None:
    source = _source_rect(scene)
    writer = QPdfWriter(str(path))
    orientation = (QPageLayout.Orientation.Landscape if source.width() >= source.height()
                   else QPageLayout.Orientation.Portrait)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                     QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter))
    writer.setResolution(300)
    writer.setTitle("Buying committee map")
    painter = QPainter()
    if not painter.begin(writer):
        raise errors.InvalidInput(f"Cannot write {path} (is the folder writable?).")
    try:
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        paint_map(painter, scene, QRectF(0, 0, page.width(), page.height()))
    finally:
        painter.end()
