"""The start-up window: painted before SQLAlchemy is imported, its list filled after the
paint, then replaced by the main window with the same list, filter and selection."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.accounts_model import ID_ROLE
from ui.app import Controller
from ui.startup import StartupWindow
from workbench import accounts
from workbench.storage.database import Database, open_database

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
seen = []
class First(QObject):
    def eventFilter(self, obj, event):
        if not seen and event.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
            seen.append((type(obj.window()).__name__, "sqlalchemy" in sys.modules))
            print("FIRST", *seen[0], flush=True)
        return False
_exec = QApplication.exec
def _exec_with_probe(*args):
    app = QApplication.instance()
    app._first = First()
    app.installEventFilter(app._first)
    return _exec()
QApplication.exec = _exec_with_probe
import ui.app
sys.exit(ui.app.run(sys.argv[1]))
"""


@pytest.mark.sqlite_only("the start-up window reads a current SQLite file with plain sqlite3")
def test_a_current_file_paints_before_sqlalchemy_is_imported(db: Database, db_path: Path,
                                                            tmp_path: Path) -> None:
    accounts.create_account(db, "Acme Robotics", "acme.example")
    db.dispose()
    env = {**os.environ, "WORKBENCH_SMOKE_TEST": "1", "QT_QPA_PLATFORM": "offscreen",
           "WORKBENCH_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE, str(db_path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "FIRST StartupWindow False" in done.stdout
    assert f"started: Sales Prep Workbench — {db_path.name}" in done.stdout


def test_an_older_file_starts_the_usual_way(qapp, db_path: Path) -> None:
    assert StartupWindow.for_target(str(db_path)) is None  # not there yet: open_database makes it
    open_database(db_path).dispose()
    assert StartupWindow.for_target(str(db_path)) is not None


@pytest.mark.sqlite_only("the start-up window reads a current SQLite file with plain sqlite3")
def test_the_main_window_takes_over_list_filter_and_selection(qtbot, db: Database,
                                                              db_path: Path) -> None:
    for number in range(30):
        accounts.create_account(db, f"Company {number:02}", f"company{number}.example")
    startup = StartupWindow.for_target(str(db_path))
    assert startup is not None
    qtbot.addWidget(startup)
    ready: list[bool] = []
    startup.ready.connect(lambda: ready.append(True))
    with qtbot.waitSignal(startup.list_filled, timeout=10_000) as filled:
        startup.show()
    assert filled.args == [30]
    startup.filter.setText("company 1")
    startup.list.selectRow(2)
    chosen = startup.current_account_id()
    assert startup.list.model().index(2, 0).data() == "Company 12"
    qtbot.waitUntil(lambda: bool(ready), timeout=20_000)  # the worker has imported the rest
    controller = Controller()
    controller.show(db, offer_demo=False, startup=startup)
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    assert window.isVisible() and not startup.isVisible()
    assert window.model.total() == 30
    assert window.filter.text() == "company 1"
    assert window.model.rowCount() == 10
    assert window.current_account_id() == chosen
    assert window.list.selectionModel().selectedRows()[0].data(ID_ROLE) == chosen
    # The chosen account's panes load once the main window has painted, not during the swap.
    qtbot.waitUntil(lambda: window.workspace.account_id == chosen, timeout=5_000)
    # The collector, off while the main window loaded, is on again once it is shown.
    qtbot.waitUntil(gc.isenabled, timeout=5_000)
    window.close()
