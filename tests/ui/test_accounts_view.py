"""The account list's own view: its delegate paints each cell's text from the model with one
Python call a cell (no `data()` per role), elides what does not fit, draws the selection in
the palette's highlight, and lays its texts out again when the font changes; a keystroke
repaints the list without repainting the column header's layout twice."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QWidget

from ui import account_columns
from ui.accounts_delegate import AccountsDelegate
from ui.accounts_model import AccountsModel
from ui.accounts_view import account_list
from workbench.account_rows import AccountRow

LONG = "Abbott Consolidated Intercontinental Freight Forwarding and Warehousing Holdings"


def rows(count: int = 200) -> list[AccountRow]:
    when = datetime(2026, 11, 1, tzinfo=UTC)
    out = [AccountRow(i, f"Account {i:03}", f"a{i}.example", "ABC"[i % 3],
                      ("prepare", "prospect", "progress", "close")[i % 4], when, None)
           for i in range(1, count)]
    return [AccountRow(count, LONG, "long.example", "A", "close", None, when), *out]


class Paints(QObject):
    """Counts the paints of a widget."""

    count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def shown_view(qtbot, model: AccountsModel):
    view = account_list(model)
    qtbot.addWidget(view)
    panel = QWidget()
    qtbot.addWidget(panel)
    account_columns.set_up(view, panel)  # the program's columns: the name stretches
    view.resize(420, 300)
    view.paints = Paints(view)
    view.viewport().installEventFilter(view.paints)
    view.show()
    qtbot.waitExposed(view)
    return view


def repainted(qtbot, view) -> None:
    """Ask for a repaint of the list and wait until it has happened."""
    before = view.paints.count
    view.viewport().update()
    qtbot.waitUntil(lambda: view.paints.count > before)


def test_the_delegate_paints_texts_without_asking_data_for_each_role(qtbot, monkeypatch) -> None:
    asked: list[int] = []
    original = AccountsModel.data
    monkeypatch.setattr(AccountsModel, "data",
                        lambda self, index, role=0: asked.append(role) or original(self, index, role))
    model = AccountsModel()
    model.set_rows(rows())
    view = shown_view(qtbot, model)
    delegate = view.itemDelegate()
    assert isinstance(delegate, AccountsDelegate)
    repainted(qtbot, view)
    asked.clear()
    repainted(qtbot, view)
    assert asked == []  # the standard delegate asks seven roles of every painted cell
    # Every visible cell's text was laid out once: the names, tiers and stages shown.
    laid_out = {text for text, _width in delegate._texts}
    assert {"Account 001", "A", "Close"} <= laid_out
    # The long name does not fit its column: it is shown elided, the rest as they are.
    long_name = next(prepared for (text, _w), prepared in delegate._texts.items() if text == LONG)
    assert long_name.text().endswith("…") and len(long_name.text()) < len(LONG)
    short = next(prepared for (text, _w), prepared in delegate._texts.items()
                 if text == "Account 001")
    assert short.text() == "Account 001"


def test_the_selected_row_is_painted_in_the_highlight(qtbot) -> None:
    model = AccountsModel()
    model.set_rows(rows())
    view = shown_view(qtbot, model)
    row_rect = view.visualRect(model.index(2, 0))
    probe = QPoint(row_rect.right() - 3, row_rect.center().y())  # right of the text
    before = view.viewport().grab().toImage().pixelColor(probe)
    view.selectionModel().setCurrentIndex(
        model.index(2, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    view.setFocus()
    qtbot.waitUntil(lambda: view.viewport().grab().toImage().pixelColor(probe) != before)
    group = (QPalette.ColorGroup.Active if view.isActiveWindow()
             else QPalette.ColorGroup.Inactive)
    highlight = view.palette().color(group, QPalette.ColorRole.Highlight)
    painted = view.viewport().grab().toImage().pixelColor(probe)
    assert _close(painted, highlight), (painted.name(), highlight.name())


def test_a_new_font_lays_the_texts_out_again(qtbot) -> None:
    model = AccountsModel()
    model.set_rows(rows())
    view = shown_view(qtbot, model)
    delegate = view.itemDelegate()
    repainted(qtbot, view)
    small = delegate._text_height
    bigger = QFont(view.font())
    bigger.setPointSizeF(view.font().pointSizeF() * 2)
    view.setFont(bigger)
    repainted(qtbot, view)
    assert delegate._text_height > small


def test_the_columns_keep_their_widths_and_a_keystroke_paints_once(qtbot) -> None:
    model = AccountsModel()
    model.set_rows(rows())
    view = shown_view(qtbot, model)
    repainted(qtbot, view)
    widths = [view.columnWidth(c) for c in range(model.columnCount())]
    paints = view.paints
    # Down to one row and back: the scroll bar stays, so no column jumps wider as the
    # list shrinks, and each change is laid out and painted once.
    for typed, expected in (("account 00", 9), ("account 001", 1), ("", 200)):
        paints.count = 0
        model.set_needle(typed)
        qtbot.waitUntil(lambda: paints.count > 0)
        qtbot.wait(50)
        assert model.rowCount() == expected
        assert paints.count == 1, typed
        assert [view.columnWidth(c) for c in range(model.columnCount())] == widths, typed


def _close(a: QColor, b: QColor) -> bool:
    return all(abs(x - y) <= 8 for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))
