"""The search dialog through the window: Ctrl+K, typing, grouped hits, Enter opens the item."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.territory.search_model import HitRole, SearchResultsModel
from workbench import accounts
from workbench.storage.models import Call, NewsItem, PageSnapshot, Source, Stakeholder
from workbench.territory.search_service import search_grouped


@pytest.fixture
def seeded(db):
    acme = accounts.create_account(db, "Acme Robotics", "acme.example", notes="Met at Lyon fair.")
    other = accounts.create_account(db, "Globex", "globex.example")
    with db.session() as s:
        src = Source(account_id=other, url="https://globex.example/about", kind="page",
                     page_kind="about")
        s.add(src)
        s.flush()
        page = PageSnapshot(source_id=src.id, title="About Globex",
                            text="Globex runs depots along the Yardline corridor.")
        news = NewsItem(account_id=acme, dedupe_key="n1", title="Acme signs Yardline deal",
                        published_at=datetime(2026, 3, 1, tzinfo=UTC))
        person = Stakeholder(account_id=other, name="Priya Raman", title="COO",
                             needs="Fewer picking errors")
        call = Call(account_id=other, objective="Discovery on the Yardline tender")
        s.add_all([page, news, person, call])
        s.flush()
        return {"acme": acme, "globex": other, "news": news.id, "person": person.id,
                "call": call.id, "page": page.id, "source": src.id}


@pytest.fixture
def window(db, qtbot: QtBot, seeded) -> MainWindow:
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.model.rowCount() == 2)
    return win


def test_model_groups_with_headers(qtmodeltester, db, seeded) -> None:
    model = SearchResultsModel()
    model.set_groups(search_grouped(db, "yardline"))
    qtmodeltester.check(model)
    headers = [r.header for r in model.rows if r.hit is None]
    assert headers == ["News (1)", "Pages (1)", "Calls (1)"]
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert "«Yardline»" in model.index(model.first_hit_row(), 0).data() or any(
        "«Yardline" in (model.index(r, 0).data() or "") for r in model.hit_rows())


def test_ctrl_k_type_and_enter_opens_the_person_on_the_map(window: MainWindow,
                                                          qtbot: QtBot, seeded) -> None:
    window.list.selectRow(window.model.row_of(seeded["acme"]))
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.territory.search_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.query, "Priya")
    qtbot.waitUntil(lambda: dialog.model.first_hit_row() >= 0)
    hit = dialog.model.index(dialog.model.first_hit_row(), 0).data(HitRole)
    assert hit.kind == "stakeholder" and hit.id == seeded["person"]
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.current_account_id() == seeded["globex"]
    committee = window.workspace.pane("CommitteeTab")
    assert window.workspace.currentWidget() is committee.parentWidget()
    assert committee.scene.selected_ids() == [seeded["person"]]


@pytest.mark.parametrize("kind,tab_cls", [("news", "NewsTab"), ("call", "CallsTab"),
                                          ("page", "PagesTab")])
def test_enter_opens_news_call_and_page_on_their_tabs(window: MainWindow, qtbot: QtBot,
                                                      seeded, kind: str, tab_cls: str) -> None:
    window.territory.search_action.trigger()
    dialog = window.territory.search_dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    qtbot.keyClicks(dialog.query, "yardl")
    qtbot.waitUntil(lambda: dialog.model.first_hit_row() >= 0)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    pane = window.workspace.pane(tab_cls)
    assert window.workspace.currentWidget() is pane.parentWidget()
    if kind == "news":
        assert window.current_account_id() == seeded["acme"]
        assert pane.selected_id() == seeded["news"]
    elif kind == "call":
        assert window.current_account_id() == seeded["globex"]
        assert pane.current_call_id() == seeded["call"]
    else:
        rows = pane.pages_view.selectionModel().selectedRows()
        assert rows and pane.pages_model.row_at(rows[0]).source_id == seeded["source"]


def test_nothing_found_says_so(window: MainWindow, qtbot: QtBot) -> None:
    window.territory.search_action.trigger()
    dialog = window.territory.search_dialog
    qtbot.keyClicks(dialog.query, "zzzqq")
    qtbot.waitUntil(lambda: "Nothing matches" in dialog.hint.text())
    assert dialog.model.rowCount() == 0
