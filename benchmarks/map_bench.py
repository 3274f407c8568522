"""How the committee map holds up at 60 people and 120 lines: build, lay out, drag, repaint.

Each measurement runs beside a floor (the same number of bare rectangles and
straight lines in a plain scene), alternating round by round, and reports
medians. Run: `python -m benchmarks.map_bench [--quick]`.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PEOPLE, LINES = 60, 120
FRAME_S = 1 / 60


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _side_by_side(target: Callable[[], object], floor: Callable[[], object],
                  rounds: int) -> tuple[list[float], list[float]]:
    target(), floor()  # warm-up, unrecorded
    got, base = [], []
    for i in range(rounds):
        pair = ((target, got), (floor, base)) if i % 2 == 0 else ((floor, base), (target, got))
        for fn, bucket in pair:
            bucket.append(_timed(fn))
    return got, base


def _row(name: str, samples: list[float], floor: list[float], target: str,
         limit_s: float) -> dict[str, Any]:
    median = statistics.median(samples)
    floor_median = statistics.median(floor) if floor else None
    return {"name": name, "median_s": median, "floor_s": floor_median,
            "ratio": median / floor_median if floor_median else None, "target": target,
            "met": median <= limit_s, "rounds": len(samples)}


def _mouse(viewport: Any, kind: Any, at: Any, pressed: bool, release: bool = False) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    left = Qt.MouseButton.LeftButton
    button = left if (pressed or release) else Qt.MouseButton.NoButton
    buttons = Qt.MouseButton.NoButton if release else left
    event = QMouseEvent(kind, QPointF(at), QPointF(viewport.mapToGlobal(at)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def make_committee(db: Any, seed: int = 4) -> int:
    """An account with 60 people: an org tree (59 lines) and 61 influence arrows."""
    from workbench.accounts import create_account
    from workbench.committee import stakeholders as service
    from workbench.storage.models import RelationKind, Role

    rng = random.Random(seed)
    account = create_account(db, "Bench Co")
    roles = list(Role)
    ids = [service.add_stakeholder(db, account, f"Person {i:02d} Lastname",
                                   title="Director of Something Important",
                                   role=rng.choice(roles), attitude=rng.randint(-2, 2))
           for i in range(PEOPLE)]
    for index in range(1, PEOPLE):
        service.connect(db, ids[index], ids[(index - 1) // 4], RelationKind.REPORTS_TO)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < LINES - (PEOPLE - 1):
        a, b = rng.sample(ids, 2)
        if (a, b) not in pairs:
            pairs.add((a, b))
            service.connect(db, a, b, RelationKind.INFLUENCES)
    return account


def run(quick: bool = False) -> list[dict[str, Any]]:
    from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication, QGraphicsScene

    from ui.committee_map.scene import CommitteeScene
    from ui.committee_map.view import MapView
    from workbench.committee.layout import CARD_HEIGHT, CARD_WIDTH, org_chart
    from workbench.committee.records import load_committee
    from workbench.storage.database import open_database

    app = QApplication.instance() or QApplication([sys.argv[0]])
    rounds = 5 if quick else 25
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.sqlite3")
        try:
            account = make_committee(db)
            committee = load_committee(db, account)
            positions = org_chart(committee.people, committee.lines)
            scenes: list[Any] = []

            def build() -> None:
                scene = CommitteeScene()
                scene.sync(load_committee(db, account))  # read, lay out, build
                scenes.append(scene)

            def build_floor() -> None:
                scene = QGraphicsScene()
                items = {}
                for pid, (x, y) in positions.items():
                    items[pid] = scene.addRect(QRectF(x, y, CARD_WIDTH, CARD_HEIGHT))
                for line in committee.lines:
                    a = items[line.source_id].rect().center()
                    b = items[line.target_id].rect().center()
                    scene.addLine(a.x(), a.y(), b.x(), b.y())
                scenes.append(scene)

            got, base = _side_by_side(build, build_floor, rounds)
            rows.append(_row(f"map: read, lay out and build {PEOPLE} cards + {LINES} lines",
                             got, base, "< 150 ms", 0.150))
            for scene in scenes:
                if isinstance(scene, CommitteeScene):
                    scene.dispose()
                scene.deleteLater()
            scenes.clear()

            scene = CommitteeScene()
            scene.sync(committee)
            view = MapView(scene)
            view.resize(1280, 800)
            view.fit_all()
            busiest = max(scene.cards.values(), key=lambda c: len(c.lines))
            plain = QGraphicsScene()
            plain_card = plain.addRect(QRectF(0, 0, CARD_WIDTH, CARD_HEIGHT))
            step = [0]
            # A real drag: press on the card, then mouse moves through the view as a hand would.
            viewport = view.viewport()
            grip = view.mapFromScene(busiest.sceneBoundingRect().center())
            _mouse(viewport, QEvent.Type.MouseButtonPress, grip, pressed=True)

            def move() -> None:
                step[0] += 1
                offset = QPoint(4 if step[0] % 2 else -4, 2 if step[0] % 2 else -2)
                _mouse(viewport, QEvent.Type.MouseMove, grip + offset, pressed=False)

            def move_floor() -> None:
                plain_card.setPos(plain_card.pos() + QPointF(3, 2))

            got, base = _side_by_side(move, move_floor, rounds * 8)
            assert busiest.pos() != QPointF(*positions[busiest.stakeholder_id]) or step[0] % 2 == 0
            rows.append(_row(f"map: move the busiest card ({len(busiest.lines)} lines follow)",
                             got, base, "< 2 ms (a frame is 16.7 ms)", 0.002))

            image = QImage(1280, 800, QImage.Format.Format_ARGB32_Premultiplied)

            def repaint() -> None:
                move()
                painter = QPainter(image)
                view.render(painter)
                painter.end()

            def repaint_floor() -> None:
                move_floor()
                painter = QPainter(image)
                plain.render(painter)
                painter.end()

            got, base = _side_by_side(repaint, repaint_floor, rounds)
            rows.append(_row("map: move + full repaint of a 1280x800 view", got, base,
                             "< 1 frame (16.7 ms)", FRAME_S))
            _mouse(viewport, QEvent.Type.MouseButtonRelease, grip, pressed=False, release=True)

            # One edit as the rep makes it: an undo command writes, then the map, the
            # inspector and the coverage panel re-read the committee.
            from ui.committee_map.tab import CommitteeTab
            from workbench.committee import stakeholders as service

            tab = CommitteeTab(db)
            tab.set_account(account)
            person = committee.people[7].id
            count = [0]

            def edit() -> None:
                count[0] += 1
                tab.on_edit_requested(person, "title", f"Director {count[0]}")

            def edit_floor() -> None:
                count[0] += 1
                service.update_stakeholder(db, person, title=f"Director {count[0]}")

            got, base = _side_by_side(edit, edit_floor, rounds)
            rows.append(_row("map: one edit, saved, with map and coverage refreshed", got, base,
                             "< 50 ms", 0.050))
            tab.scene.dispose()
            tab.deleteLater()
            scene.dispose()
            view.deleteLater()
            plain.deleteLater()
            app.processEvents()
        finally:
            db.dispose()
    return rows


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    rows = run(quick="--quick" in argv)
    for row in rows:
        floor = f"{row['floor_s'] * 1000:8.2f} ms" if row["floor_s"] else "       -"
        ratio = f"{row['ratio']:5.1f}x" if row["ratio"] else "    -"
        print(f"{row['name']:<62} {row['median_s'] * 1000:8.2f} ms  floor {floor}  {ratio}  "
              f"target {row['target']:<28} {'met' if row['met'] else 'MISSED'}")
    return 0 if all(row["met"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
