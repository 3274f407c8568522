"""The News tab as a rep uses it: filters, reading, pinning, links, adding a feed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog
from sqlalchemy import select

from tests.research.news_samples import populate
from tests.research.server import FixtureServer
from ui.research.news_model import NewsFilter, NewsTableModel
from ui.research.news_tab import NO_ACCOUNT_TEXT, NewsTab
from workbench.research import feeds
from workbench.storage.database import Database
from workbench.storage.models import NewsItem, Source


@pytest.fixture
def sample(db: Database) -> tuple[int, dict[str, int]]:
    return populate(db)


@pytest.fixture
def tab(qtbot, db: Database, sample: tuple[int, dict[str, int]]) -> NewsTab:
    widget = NewsTab(db)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.set_account(sample[0])
    return widget


def titles(tab: NewsTab) -> list[str]:
    model = tab.model
    return [model.data(model.index(r, NewsTableModel.TITLE)) for r in range(model.rowCount())]


def flag(db: Database, item_id: int, name: str) -> bool:
    with db.session() as session:
        item = session.get(NewsItem, item_id)
        assert item is not None
        return bool(getattr(item, name))


def test_the_model_passes_the_model_tester(qtmodeltester, db: Database, sample) -> None:
    model = NewsTableModel(db)
    model.load(sample[0])
    assert model.rowCount() == 6
    qtmodeltester.check(model)
    model.set_filter(NewsFilter(kind="acquisition"))
    qtmodeltester.check(model)


def test_no_account_asks_for_one(qtbot, db: Database) -> None:
    widget = NewsTab(db)
    qtbot.addWidget(widget)
    assert widget.stack.currentWidget() is widget.placeholder
    assert widget.placeholder.text() == NO_ACCOUNT_TEXT
    assert widget.model.rowCount() == 0


def test_newest_first_and_the_first_story_is_shown(tab: NewsTab, db: Database, sample) -> None:
    assert titles(tab)[0].startswith("Northwind Traders to buy Contoso")
    assert tab.count_label.text() == "6 stories"
    assert tab.selected_id() == sample[1]["n-1"]
    assert "Rotterdam-based freight software company" in tab.browser.toPlainText()
    assert not flag(db, sample[1]["n-1"], "read")  # shown by the tab, not chosen by the rep


def test_filters_by_event_period_and_unread(tab: NewsTab, sample) -> None:
    tab.kind_box.setCurrentIndex(tab.kind_box.findData("acquisition"))
    assert titles(tab) == ["Northwind Traders to buy Contoso Logistics for 240 million euros"]
    assert tab.count_label.text() == "1 of 6 stories"
    tab.kind_box.setCurrentIndex(tab.kind_box.findText("Any trigger event"))
    assert "Northwind sponsors the city marathon again" not in titles(tab)
    assert len(titles(tab)) == 5
    tab.kind_box.setCurrentIndex(0)

    tab.period_box.setCurrentIndex(tab.period_box.findData(7))
    assert len(titles(tab)) == 3  # 2, 3 and 5 days old
    tab.period_box.setCurrentIndex(tab.period_box.findData("range"))
    assert tab.start_edit.isVisibleTo(tab)
    today = tab.end_edit.date()
    tab.start_edit.setDate(today.addDays(-60))
    tab.end_edit.setDate(today.addDays(-30))
    assert titles(tab) == ["Northwind reports record fourth-quarter revenue"]
    tab.period_box.setCurrentIndex(0)

    # Choosing a story marks it read; "unread only" hides it. Rows the tab selected by
    # itself after filtering were not marked read.
    tab.select_story(sample[1]["n-5"])
    tab.unread_box.setChecked(True)
    assert len(titles(tab)) == 5
    assert "Northwind sponsors the city marathon again" not in titles(tab)
    assert not tab.start_edit.isVisibleTo(tab)


def test_reading_marks_read_and_the_rep_can_undo_or_mark_unread(tab: NewsTab, db: Database, sample) -> None:
    ceo = sample[1]["n-2"]
    assert not flag(db, ceo, "read")
    assert tab.select_story(ceo)
    assert flag(db, ceo, "read")
    assert tab.read_button.text() == "Mark unread"
    tab.read_button.click()
    assert not flag(db, ceo, "read")
    assert tab.read_button.text() == "Mark read"
    assert tab.undo_stack is not None
    tab.undo_stack.undo()
    assert flag(db, ceo, "read")


def test_pinning_for_call_prep_is_saved_and_undoable(qtbot, tab: NewsTab, db: Database, sample) -> None:
    deal = sample[1]["n-1"]
    with qtbot.waitSignal(tab.status_message) as said:
        tab.pin_button.click()
    assert flag(db, deal, "pinned")
    assert said.args[0].startswith("Pinned")
    assert tab.pin_button.isChecked() and tab.pin_button.text() == "Pinned for call prep"
    row = tab.model.row_of(deal)
    assert tab.model.data(tab.model.index(row, NewsTableModel.PIN)) == "★"
    assert tab.undo_stack is not None and tab.undo_stack.undoText().startswith("Pin “")
    tab.undo_stack.undo()
    assert not flag(db, deal, "pinned")
    assert not tab.pin_button.isChecked()
    # Persisted: a fresh tab on the same database sees the pin.
    tab.undo_stack.redo()
    fresh = NewsTab(db)
    qtbot.addWidget(fresh)
    fresh.set_account(sample[0])
    assert fresh.model.data(fresh.model.index(fresh.model.row_of(deal), NewsTableModel.PIN)) == "★"


def test_the_evidence_sentence_is_highlighted(tab: NewsTab, sample) -> None:
    tab.select_story(sample[1]["n-3"])  # evidence is the headline
    html = tab.browser.toHtml()
    assert "background-color:#fde68a" in html.replace(" ", "")
    assert "Expansion" in tab.browser.toPlainText()
    tab.select_story(sample[1]["n-4"])  # evidence is in the feed summary shown
    plain = tab.browser.toPlainText()
    assert "Summary from the feed" in plain
    assert "Earnings" in plain


def test_links_open_in_the_system_browser_only_when_clicked(qtbot, tab: NewsTab, monkeypatch, sample) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    tab.select_story(sample[1]["n-1"])
    assert opened == []  # showing a story opens nothing
    tab.open_button.click()
    assert opened == ["https://news.example.com/business/northwind-contoso"]
    tab.browser.anchorClicked.emit(QUrl("https://news.example.com/other"))
    with qtbot.waitSignal(tab.status_message) as said:
        tab.browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert opened == ["https://news.example.com/business/northwind-contoso",
                      "https://news.example.com/other"]
    assert "Only web addresses" in said.args[0]
    assert not tab.browser.openLinks() and not tab.browser.openExternalLinks()


def test_the_reader_loads_nothing_remote_or_local(tab: NewsTab, fixture_server: FixtureServer) -> None:
    fixture_server.page("/pixel.png", b"x", content_type="image/png")
    tab.browser.setHtml(f'<p>x</p><img src="{fixture_server.url("/pixel.png")}">'
                        '<img src="file:///etc/hosts"><img src="data:image/png;base64,AAAA">')
    tab.browser.grab()  # paint: a browser that loads would fetch now
    assert fixture_server.count("/pixel.png") == 0
    assert any("file:" in b for b in tab.browser.blocked)


def test_adding_a_news_feed_for_the_account_or_every_account(qtbot, tab: NewsTab, db: Database,
                                                             monkeypatch, sample, private_home: Path) -> None:
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: ("https://news.example/rss?q=northwind", True))
    with qtbot.waitSignal(tab.status_message) as said:
        tab.add_feed_button.click()
    assert "Feed added" in said.args[0]
    with db.session() as session:
        source = session.scalar(select(Source).where(Source.url == "https://news.example/rss?q=northwind"))
        assert source is not None and source.kind == "feed" and source.added_by_user
    with qtbot.waitSignal(tab.status_message) as said:
        assert not tab.add_feed("javascript:alert(1)")
    assert "not a web address" in said.args[0]
    assert tab.add_feed("https://search.example/feed?q={name}")
    assert feeds.load_search_templates() == ["https://search.example/feed?q={name}"]


def test_the_tab_renders(tab: NewsTab, tmp_path: Path, sample) -> None:
    tab.select_story(sample[1]["n-1"])
    tab.pin_button.click()
    image = tmp_path / "news_tab.png"
    assert tab.grab().save(str(image))
    assert image.stat().st_size > 10_000


def test_reload_after_research_shows_new_stories_and_keeps_the_selection(tab: NewsTab, db: Database,
                                                                          sample) -> None:
    from workbench.research import news
    from workbench.research.feeds import FeedEntry

    tab.select_story(sample[1]["n-3"])
    news.store_entries(db, sample[0], None, [FeedEntry(
        "Northwind lays off 120 workers at its Ohio warehouse", "https://news.example.com/ohio",
        "n-7", None, "")])
    tab.reload()
    assert tab.count_label.text() == "7 stories"
    assert tab.selected_id() == sample[1]["n-3"]
    assert "Layoffs" in [tab.model.data(tab.model.index(r, NewsTableModel.EVENTS))
                         for r in range(tab.model.rowCount())]


def _many_stories(db: Database, count: int) -> tuple[int, list[int]]:
    from datetime import datetime, timedelta

    from workbench import accounts

    account_id = accounts.create_account(db, "Much News Co", "much.example")
    with db.session() as session:
        items = [NewsItem(account_id=account_id, title=f"Story {i}", dedupe_key=f"story-{i}",
                          url=f"https://much.example/news/{i}", text="Body. " * 200,
                          published_at=datetime(2026, 11, 1) - timedelta(hours=i))
                 for i in range(count)]
        session.add_all(items)
        session.flush()
        return account_id, [item.id for item in items]


def test_a_large_account_is_read_off_the_gui_thread_and_the_asked_story_selected(
        qtbot, db: Database, sample, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.threads import record_main_thread
    from workbench.research import news_review

    count = NewsTableModel.BACKGROUND_FROM + 20
    account_id, ids = _many_stories(db, count)
    on_main_thread = record_main_thread(monkeypatch, news_review, "list_news")
    widget = NewsTab(db)
    qtbot.addWidget(widget)
    widget.set_account(account_id)
    assert widget.model.loading and widget.model.rowCount() == 0
    assert widget.count_label.text() == f"Reading {count:,} stories…"
    wanted = ids[count // 2]
    assert widget.select_story(wanted)  # asked for while reading: selected when read
    qtbot.waitUntil(lambda: not widget.model.loading, timeout=10_000)
    assert on_main_thread == [False]
    assert widget.model.rowCount() == count and widget.selected_id() == wanted
    assert widget.count_label.text() == f"{count} stories"


def test_a_late_answer_for_an_account_left_meanwhile_is_dropped(qtbot, db: Database,
                                                                 sample) -> None:
    from PySide6.QtCore import QThreadPool

    account_id, _ = _many_stories(db, NewsTableModel.BACKGROUND_FROM + 20)
    widget = NewsTab(db)
    qtbot.addWidget(widget)
    widget.set_account(account_id)
    widget.set_account(sample[0])  # small: read at once
    assert not widget.model.loading and widget.model.rowCount() == 6
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(50)  # the late answer's queued signal is delivered, and ignored
    assert widget.model.rowCount() == 6 and "Much News" not in " ".join(titles(widget))
