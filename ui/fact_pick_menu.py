"""The Overview's facts menu: use another value research found for a fact, or let the
trust order decide again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu, QTableView, QWidget

from workbench.overview import FactView


def fact_menu(parent: QWidget, fact: FactView, on_pick: Callable[[str, str | None], None]) -> QMenu:
    """A menu of the fact's alternatives (each with its page); `on_pick(kind, value)` is
    called with the value chosen, or None to forget the rep's pick."""
    menu = QMenu(parent)
    menu.setToolTipsVisible(True)
    for value, url in fact.alternatives:
        label = value if len(value) <= 60 else value[:57] + "…"
        action = menu.addAction(f"Use “{label}”")
        action.setToolTip(f"Found on {url}")
        action.triggered.connect(lambda _checked=False, v=value: on_pick(fact.kind, v))
    if fact.picked:
        if fact.alternatives:
            menu.addSeparator()
        action = menu.addAction("Let research decide (trust order)")
        action.triggered.connect(lambda _checked=False: on_pick(fact.kind, None))
    if menu.isEmpty():
        menu.addAction("No other value was found").setEnabled(False)
    return menu


def show_fact_menu(view: QTableView, pos: QPoint, facts: list[FactView],
                   on_pick: Callable[[str, str | None], None]) -> QMenu | None:
    """Open the menu for the fact under `pos` (view coordinates); returns it (tests)."""
    index = view.indexAt(pos)
    if not index.isValid() or index.row() >= len(facts):
        return None
    menu = fact_menu(view, facts[index.row()], on_pick)
    menu.popup(view.viewport().mapToGlobal(pos))
    return menu
