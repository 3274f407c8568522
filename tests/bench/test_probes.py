"""The probes behind the GUI measurements: time to the first paint, event-loop stalls."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from benchmarks import bench_coldstart, bench_stall

STAND_IN_APP = '''
"""A stand-in for the program's ui.app: a window with a label, and a needless import."""
import jinja2
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

def run(db_target):
    app = QApplication([])
    window = QMainWindow()
    window.setCentralWidget(QLabel(str(db_target)))
    window.show()
    return app.exec()
'''


def test_the_cold_start_probe_times_the_first_paint_and_names_needless_imports(
        tmp_path: Path) -> None:
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "__init__.py").write_text('"""stand-in"""\n', encoding="utf-8")
    (tmp_path / "ui" / "app.py").write_text(STAND_IN_APP, encoding="utf-8")
    home = tmp_path / "home"
    code = bench_coldstart.app_code("demo.db")
    report = bench_coldstart.start_child(code, str(home), root=tmp_path)
    assert 0 < float(report["seconds"]) < bench_coldstart.TIMEOUT_S  # type: ignore[arg-type]
    assert report["loaded"] == ["jinja2"]
    assert float(report["rss_mb"]) > 10  # type: ignore[arg-type]
    bare = bench_coldstart.start_child(bench_coldstart.bare_code(), str(home), root=tmp_path)
    assert bare["loaded"] == []


def test_a_program_that_never_paints_is_reported_not_hung(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench_coldstart, "TIMEOUT_S", 20)
    with pytest.raises(RuntimeError, match="no window was painted"):
        bench_coldstart.start_child("import sys; sys.exit(3)", str(tmp_path), root=tmp_path)


def test_the_stall_meter_tells_a_polite_worker_from_one_that_holds_the_gil(qapp) -> None:
    polite = bench_stall.measure_stall(lambda _progress, _cancel: time.sleep(0.2))
    # sum() over a range runs in C without letting go of the GIL: the window freezes.
    greedy = bench_stall.measure_stall(lambda _progress, _cancel: sum(range(40_000_000)))
    assert polite < 0.1  # a loaded shared machine still answers within a few ticks
    assert greedy > 0.1
    assert greedy > polite * 3


def test_the_stall_meter_passes_on_a_workers_error(qapp) -> None:
    def broken(_progress: object, _cancel: object) -> None:
        raise ValueError("worker failed")

    with pytest.raises(ValueError, match="worker failed"):
        bench_stall.measure_stall(broken)
