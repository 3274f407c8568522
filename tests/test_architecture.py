"""The house rules that keep the code simple: the core never imports Qt or the UI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_never_imports_qt_or_ui() -> None:
    offenders = []
    for path in (ROOT / "workbench").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("PySide6", "ui", "shiboken6"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert offenders == []


def test_importing_the_core_loads_no_qt() -> None:
    code = ("import sys, workbench.cli, workbench.accounts, workbench.dossier; "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_ui_reaches_data_through_the_core_never_through_sql() -> None:
    """No module in ui/ imports SQLAlchemy or the stored models: queries live in the core."""
    offenders = []
    for path in (ROOT / "ui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                if name.split(".")[0] == "sqlalchemy" or name.startswith("workbench.storage.models"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert offenders == []


def test_the_workspace_knows_no_pane_by_name() -> None:
    source = (ROOT / "ui" / "workspace.py").read_text(encoding="utf-8")
    for pane in ("PagesTab", "NewsTab", "CommitteeTab", "CallsTab"):
        # Named once, in the table of panes to build, and nowhere else.
        assert source.count(f'"{pane}"') == 1, pane
