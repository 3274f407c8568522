"""Benchmark: how long a call-prep sheet PDF takes, one with the map and a batch of 50.

Rows have the suite's keys (name, median_s, floor_s, ratio, target, met, plus
spread_s, rounds, note). The floor is the bare job Qt must do anyway: the same
final HTML set into a QTextDocument and printed to a PDF, with no database
read, no template and no fitting. Run: `python -m benchmarks.prep_bench [--quick]`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARGET_S = 0.150
BATCH = 50


_CPU: dict[int, list[float]] = {}  # id of a samples list -> the CPU times beside its walls


def _timed(fn: Callable[[], object], samples: list[float] | None = None) -> float:
    """Wall time of `fn`; with `samples`, its CPU time is kept beside them (`_cpu_note`)."""
    cpu = time.process_time()
    started = time.perf_counter()
    fn()
    wall = time.perf_counter() - started
    if samples is not None:
        _CPU.setdefault(id(samples), []).append(time.process_time() - cpu)
    return wall


def _cpu_note(samples: list[float]) -> str:
    cpu = _CPU.get(id(samples))
    return f"CPU median {statistics.median(cpu) * 1000:.1f} ms" if cpu else ""


def _row(name: str, samples: list[float], *, target: str, limit_s: float | None = None,
         floor: list[float] | None = None, note: str = "") -> dict[str, Any]:
    med = statistics.median(samples)
    floor_s = statistics.median(floor) if floor else None
    spread = 0.0
    if len(samples) > 1:
        q1, _, q3 = statistics.quantiles(samples, n=4, method="inclusive")
        spread = q3 - q1
    row: dict[str, Any] = {
        "name": name, "median_s": med, "floor_s": floor_s,
        "ratio": med / floor_s if floor_s else None, "target": target,
        "met": (med < limit_s) if limit_s is not None else None,
        "spread_s": spread, "rounds": len(samples)}
    if note:
        row["note"] = note
    return row


def _stand_in_map(width: int, height: int) -> Any:
    """A committee-map-sized picture, drawn like a map, where the real export is absent."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(QColor("#0b4f71"))
    for i in range(8):
        x, y = 40 + (i % 4) * (width - 80) / 4, 40 + (i // 4) * (height - 80) / 2
        box = QRectF(x, y, (width - 160) / 4, (height - 120) / 3)
        painter.fillRect(box, QColor("#eef3f7"))
        painter.drawRect(box)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, f"Person {i + 1}")
    painter.end()
    return image


def _export_origin() -> str:
    module = sys.modules.get("ui.committee_map.export")
    return getattr(module, "__name__", "?")


def run(quick: bool) -> list[dict[str, Any]]:
    rounds = 5 if quick else 15
    batch_rounds = 1 if quick else 3
    with tempfile.TemporaryDirectory(prefix="prep-bench-") as home:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        os.environ["WORKBENCH_HOME"] = home  # never the user's own files
        from PySide6.QtCore import QBuffer, QIODevice, QUrl
        from PySide6.QtGui import QTextDocument
        from PySide6.QtWidgets import QApplication

        # The committee map is drawn with widget styles: it needs a QApplication.
        app = QApplication.instance() or QApplication(sys.argv[:1])
        from ui.calls.map_picture import map_image, sheet_map
        from ui.calls.sheet_document import MAP_URL, map_size_px, pdf_writer, sheet_pdf_bytes
        from workbench.demo import load_demo
        from workbench.prep import calls
        from workbench.prep.context import load_sheet
        from workbench.storage.database import open_database

        db = open_database(Path(home) / "bench.sqlite3")
        try:
            account = load_demo(db)
            call_id = calls.next_call_id(db, account)
            assert call_id is not None
            width, height = map_size_px("one_page")
            real_map = map_image(db, account, width, height)
            picture = real_map or _stand_in_map(width, height)  # for the floor's HTML
            map_note = (f"real committee map ({_export_origin()})" if real_map is not None else
                        "stand-in map picture of the same size: ui.committee_map.export is "
                        "not on this branch; re-run after the merge")

            def draw_map(data: Any) -> Any:
                # Drawn for every sheet, as the CLI and the tab do, from the committee
                # read with the sheet.
                if real_map is not None:
                    return sheet_map(db, data, width, height)
                return _stand_in_map(width, height)

            def one_sheet(cid: int = call_id) -> bytes:
                data = load_sheet(db, cid)
                return sheet_pdf_bytes(data, "one_page", "A4", draw_map(data))[0]

            _pdf, fitted = sheet_pdf_bytes(load_sheet(db, call_id), "one_page", "A4", picture)
            final_html = fitted.html

            def bare_qt() -> None:
                buffer = QBuffer()
                buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                writer = pdf_writer(buffer, "A4")
                document = QTextDocument()
                document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(MAP_URL),
                                     picture)
                document.documentLayout().setPaintDevice(writer)
                document.setPageSize(fitted.document.pageSize())
                document.setHtml(final_html)
                document.print_(writer)
                del writer

            from ui.calls import map_picture, sheet_document

            def first_fit() -> bytes:
                # As the first sheet of a call: nothing remembered from an earlier fitting,
                # the map drawn afresh.
                sheet_document._fit_cache.clear()
                map_picture.forget_pictures()
                return one_sheet()

            one_sheet()
            bare_qt()
            got, fresh, floor = [], [], []
            for n in range(rounds):
                steps = [(got, one_sheet), (floor, bare_qt), (fresh, first_fit)]
                shift = n % len(steps)
                for samples, fn in steps[shift:] + steps[:shift]:
                    samples.append(_timed(fn, samples))
            ratio = statistics.median(got) / statistics.median(floor)
            rows = [_row("prep sheet: one-page PDF of the demo call, with the map", got,
                         target=f"median < {TARGET_S * 1000:.0f} ms and at most 1.5x its floor",
                         limit_s=TARGET_S, floor=floor,
                         note=map_note + "; the same sheet again (preview, print, PDF): its "
                              "fitted budget and its map picture are remembered by content, "
                              f"one render and one layout; {_cpu_note(got)} (floor's "
                              f"{_cpu_note(floor)})")]
            rows[0]["met"] = bool(rows[0]["met"]) and ratio <= 1.5
            rows.append(_row("prep sheet: first fitting of that sheet (nothing remembered)",
                             fresh, target="(information)", floor=floor,
                             note="levels until one fits, then two probes placed by the "
                                  f"layouts' heights; the map drawn afresh; {_cpu_note(fresh)}"))

            batch_ids = [calls.create_call(
                db, account, scheduled_at=f"2027-01-{1 + i % 28:02d}T09:00:00+00:00",
                kind="follow_up", objective=f"Batch call {i}: confirm the pilot scope",
                attendee_ids=calls.call_fields(db, call_id)["attendee_ids"][: 1 + i % 6],
                questions=[f"Question {j} for call {i}?" for j in range(i % 9)],
                notes="Bring the numbers. " * (i % 40)) for i in range(BATCH)]
            batch = [_timed(lambda: [one_sheet(cid) for cid in batch_ids])
                     for _ in range(batch_rounds)]
            rows.append(_row(f"prep sheet: batch of {BATCH} one-page PDFs, with the map", batch,
                             target=f"median < {BATCH * TARGET_S:.1f} s ({BATCH} x 150 ms)",
                             limit_s=BATCH * TARGET_S, note=map_note))
        finally:
            db.dispose()
        del app
    return rows


def main() -> None:
    quick = "--quick" in sys.argv[1:]
    rows = run(quick)
    for row in rows:
        ratio = f"{row['ratio']:.2f}x" if row["ratio"] else "-"
        floor = f"{row['floor_s'] * 1000:.1f} ms" if row["floor_s"] else "-"
        met = {True: "yes", False: "NO", None: "-"}[row["met"]]
        print(f"{row['name']}: median {row['median_s'] * 1000:.1f} ms "
              f"(spread {row['spread_s'] * 1000:.1f} ms, {row['rounds']} rounds), floor {floor}, "
              f"ratio {ratio}, target {row['target']}, met {met}")
        if row.get("note"):
            print(f"  note: {row['note']}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
