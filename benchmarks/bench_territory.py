"""Measurement: the territory at a glance — signals ranked, Today opened, search through the window.

On a copy of the generated territory (the cached file stays as other measurements
expect it), signals are made the way research makes them (`produce_signals` for every
account, "now" being the generator's reference time), then:

- building the ranked signal list (target: median < 100 ms);
- reading Today (`build_today`) and opening the Today view, its models filled and painted
  (target: median < 150 ms);
- the search dialog per keystroke, through its model (target: median < 30 ms).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from datetime import UTC, timedelta
from pathlib import Path

from benchmarks import generate, harness
from workbench.signals.produce import produce_signals
from workbench.signals.store import ranked_signals
from workbench.storage.database import Database, open_database
from workbench.today import build_today

NOW = generate.BASE_TIME.replace(tzinfo=UTC) + timedelta(hours=1)
RANK_TARGET_S = 0.100
TODAY_TARGET_S = 0.150
KEY_TARGET_S = 0.030
VIEW_SHOWN = 500  # ui.territory.signals_view.SHOWN, without importing Qt here
TYPED = ("northwind", "funding round", "héloïse mar", "grenoble")


def _cpu_note(fn: object, rounds: int) -> str:
    """The median processor time of `fn`: on a shared, loaded machine the wall clock says
    more about the neighbours than about the code."""
    samples = []
    for _ in range(rounds):
        started = time.process_time()
        fn()  # type: ignore[operator]
        samples.append(time.process_time() - started)
    return f"CPU median {harness.median(samples) * 1000:.0f} ms"


def _territory_with_signals(quick: bool, folder: Path) -> tuple[Path, float, int]:
    source = generate.territory(quick)
    copy = folder / "territory.sqlite3"
    shutil.copyfile(source, copy)
    db = open_database(copy)
    try:
        with db.session() as session:
            from sqlalchemy import func, select

            from workbench.storage.models import Account, Signal
            ids = list(session.scalars(select(Account.id)))
            already = int(session.scalar(select(func.count(Signal.id))) or 0)
        if already:  # `$WORKBENCH_BENCH_DB` named a territory whose signals were made
            return copy, 0.0, already
        started = time.perf_counter()
        made = 0
        for account_id in ids:
            made += len(produce_signals(db, account_id, now=NOW).new_signal_ids)
        elapsed = time.perf_counter() - started
    finally:
        db.dispose()
    return copy, elapsed, made


def run(quick: bool) -> list[harness.Row]:
    rounds = 5 if quick else 7
    with tempfile.TemporaryDirectory(prefix="bench-territory-") as tmp:
        path, produce_s, made = _territory_with_signals(quick, Path(tmp))
        db = open_database(path)
        try:
            rows = [harness.row(
                "signals: made for the whole territory (once)", [produce_s],
                target="(information)", note=f"{made} signals from tagged news and page changes"
                + ("" if produce_s else " (made before, in $WORKBENCH_BENCH_DB)"))]
            ranked_signals(db, now=NOW)  # warm the page cache
            shown = VIEW_SHOWN
            best = harness.repeat(lambda: ranked_signals(db, now=NOW, limit=shown), rounds)
            rows.append(harness.row(
                f"signals: the ranked list (the best {shown}, as the Signals view shows)", best,
                target="median < 100 ms", limit_s=RANK_TARGET_S, note=f"of {made} signals; "
                + _cpu_note(lambda: ranked_signals(db, now=NOW, limit=shown), rounds)))
            rank = harness.repeat(lambda: ranked_signals(db, now=NOW), rounds)
            rows.append(harness.row(
                "signals: every signal ranked (CLI without --limit)", rank,
                target="(information)", note=f"{made} signals; "
                + _cpu_note(lambda: ranked_signals(db, now=NOW), rounds)))
            today = harness.repeat(lambda: build_today(db, NOW), rounds)
            rows.append(harness.row("today: reading the day (core)", today,
                                    target="median < 150 ms", limit_s=TODAY_TARGET_S,
                                    note=_cpu_note(lambda: build_today(db, NOW), rounds)))
            rows += _qt_rows(db, rounds)
        finally:
            db.dispose()
    return rows


def _qt_rows(db: Database, rounds: int) -> list[harness.Row]:
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from ui.territory.search_dialog import SearchDialog
        from ui.territory.today_view import TodayView
    except ImportError as exc:
        return [harness.unavailable("today: the Today view", "median < 150 ms",
                                    f"cannot import it ({exc})")]
    app = QApplication.instance() or QApplication([])
    view = TodayView(db)
    view.resize(1320, 780)
    view.show()

    def open_today() -> None:
        view.reload(NOW)
        view.repaint()
        app.processEvents()

    open_today()
    samples = harness.repeat(open_today, rounds)
    rows = [harness.row("today: opening the Today view, painted", samples,
                        target="median < 150 ms", limit_s=TODAY_TARGET_S,
                        note=f"{view.signals_model.rowCount()} signals, "
                             f"{view.quiet_model.rowCount()} quiet shown; "
                             + _cpu_note(open_today, rounds))]
    view.close()
    view.deleteLater()

    from ui.territory.signals_view import SignalsView

    signals = SignalsView(db)
    signals.resize(1320, 780)
    signals.show()

    def open_signals() -> None:
        signals.reload()
        signals.repaint()
        app.processEvents()

    open_signals()
    samples = harness.repeat(open_signals, rounds)
    rows.append(harness.row("signals: opening the Signals view, painted", samples,
                            target="median < 100 ms", limit_s=RANK_TARGET_S,
                            note=f"{signals.model.rowCount()} signals shown; "
                                 + _cpu_note(open_signals, rounds)))
    signals.close()
    signals.deleteLater()

    dialog = SearchDialog(db)
    dialog.show()
    per_key: list[float] = []

    def key(text: str) -> None:
        dialog.query.setText(text)
        dialog.run_search()  # what the zero-delay timer runs after the key
        dialog.results.viewport().repaint()

    for text in TYPED:
        key(text)  # warm
    for _ in range(max(1, rounds // 2)):
        for text in TYPED:
            dialog.query.clear()
            for end in range(1, len(text) + 1):
                per_key.append(harness.timed(lambda t=text[:end]: key(t)))
    cpu: list[float] = []
    for text in TYPED:
        dialog.query.clear()
        for end in range(1, len(text) + 1):
            started = time.process_time()
            key(text[:end])
            cpu.append(time.process_time() - started)
    rows.append(harness.row("search: per keystroke through the dialog's model", per_key,
                            target="median < 30 ms", limit_s=KEY_TARGET_S,
                            note="text set, query run, results model reset and painted; "
                                 f"CPU median {harness.median(cpu) * 1000:.0f} ms"))
    dialog.close()
    dialog.deleteLater()
    app.processEvents()
    return rows


if __name__ == "__main__":
    import sys

    print(harness.format_table(run("--quick" in sys.argv)))
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} "
          f"{os.getloadavg()[2]:.1f}")
