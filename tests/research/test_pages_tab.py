"""The Pages tab: models (checked by qtmodeltester), reader view, changes, people found
added to the committee with one click (and undo), facts with their source."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from sqlalchemy import select
from sqlalchemy.engine import make_url

from tests import postgres
from tests.research.server import FixtureServer, Route
from ui.research.pages_models import CapturesModel, FactsModel, PagesTableModel, PeopleModel
from ui.research.pages_reader import SafeBrowser, reader_html
from ui.research.pages_tab import NO_ACCOUNT_TEXT, NO_PAGES_TEXT, PagesTab
from workbench import accounts
from workbench.research.pipeline import refresh, run_research
from workbench.research.review import Capture
from workbench.storage.database import Database, open_database
from workbench.storage.models import FoundPerson, Stakeholder, utcnow

SITES = Path(__file__).resolve().parent.parent / "sites"


def _research_acme(target: str | Path) -> int:
    """Acme researched twice, the about page changed in between; investors fails."""
    db = open_database(target)
    try:
        with FixtureServer() as fixture_server:
            fixture_server.serve_folder(SITES / "acme")
            fixture_server.route("/investors", Route(body="down", status=503))
            account_id = accounts.create_account(db, "Acme Robotics", fixture_server.url("/"))
            run_research(db, account_id)
            about = (SITES / "acme" / "about" / "index.html").read_text("utf-8").replace(
                "</main>", "<p>In 2024 we opened a second factory in Rotterdam.</p></main>")
            fixture_server.route("/about", Route(body=about, content_type="text/html"))
            refresh(db, account_id)
    finally:
        db.dispose()
    return account_id


# The research is run once per backend for the module (about 2 s each time on a quiet
# machine, far more on a busy one) and each test gets a copy of its database.


@pytest.fixture(scope="module")
def researched_sqlite(tmp_path_factory: pytest.TempPathFactory,
                      migrated_template: Path) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("researched") / "researched.sqlite3"
    shutil.copyfile(migrated_template, path)
    account_id = _research_acme(path)
    assert not path.with_name(path.name + "-wal").exists(), "the copy must be one file"
    return path, account_id


@pytest.fixture(scope="module")
def researched_postgres(postgres_server: postgres.Server) -> Iterator[tuple[str, int]]:
    url = postgres_server.create()
    try:
        yield make_url(url).database or "", _research_acme(url)
    finally:
        postgres_server.drop(url)


@pytest.fixture
def researched(request: pytest.FixtureRequest, db_target: str | Path) -> int:
    """The researched Acme copied to this test's database (before `db` opens it)."""
    if isinstance(db_target, Path):
        path, account_id = request.getfixturevalue("researched_sqlite")
        shutil.copyfile(path, db_target)
        return account_id
    name, account_id = request.getfixturevalue("researched_postgres")
    server: postgres.Server = request.getfixturevalue("postgres_server")
    server.create(name=make_url(db_target).database, template=name)
    return account_id


@pytest.fixture
def db(request: pytest.FixtureRequest, db_target: str | Path,
       migrated_template: Path) -> Iterator[Database]:
    """The conftest's `db`, except that a test taking `researched` opens its copy of the
    researched database."""
    if "researched" in request.fixturenames:
        request.getfixturevalue("researched")
    elif isinstance(db_target, Path):
        shutil.copyfile(migrated_template, db_target)
    database = open_database(db_target)
    yield database
    database.dispose()


def test_models_pass_the_model_tester(qtmodeltester, db, researched: int) -> None:
    for model in (PagesTableModel(db), PeopleModel(db), FactsModel(db)):
        model.load(researched)
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    pages = PagesTableModel(db)
    pages.load(researched)
    about = next(p for p in pages.rows if p.kind == "about")
    captures = CapturesModel(db)
    captures.load(about.source_id)
    assert captures.rowCount() == 2
    qtmodeltester.check(captures)


def test_no_account_and_no_pages(qtbot, db) -> None:
    tab = PagesTab(db)
    qtbot.addWidget(tab)
    assert tab.stack.currentWidget() is tab.placeholder
    assert tab.placeholder.text() == NO_ACCOUNT_TEXT
    tab.set_account(accounts.create_account(db, "Empty Co", "empty.example"))
    assert tab.placeholder.text() == NO_PAGES_TEXT


def test_pages_by_kind_reader_and_changes(qtbot, db, researched: int) -> None:
    tab = PagesTab(db)
    qtbot.addWidget(tab)
    tab.set_account(researched)
    kinds = [tab.pages_model.index(r, 0).data() for r in range(tab.pages_model.rowCount())]
    assert kinds[0] == "Home" and "Leadership & team" in kinds and "Investors" in kinds
    investors = kinds.index("Investors")
    assert tab.pages_model.index(investors, 4).data() == "Failed"
    assert "error 503" in tab.pages_model.index(investors, 0).data(Qt.ItemDataRole.ToolTipRole)
    about = kinds.index("About")
    tab.select_page(about)
    assert tab.history_box.count() == 2 and tab.history_box.isEnabled()
    assert "founded in 2009" in tab.reader.toPlainText()
    assert "Privacy Policy" not in tab.reader.toPlainText()
    changes = tab.changes.toPlainText()
    assert "+ In 2024 we opened a second factory in Rotterdam." in changes
    assert "1 paragraph(s) added, 0 removed" in changes
    # The older capture does not have the new paragraph.
    tab.history_box.setCurrentIndex(1)
    assert "second factory" not in tab.reader.toPlainText()
    assert "first capture" in tab.changes.toPlainText()


def test_failed_page_says_why_in_the_reader(qtbot, db, researched: int) -> None:
    tab = PagesTab(db)
    qtbot.addWidget(tab)
    tab.set_account(researched)
    row = next(i for i, r in enumerate(tab.pages_model.rows) if r.kind == "investors")
    tab.select_page(row)
    assert "The last attempt failed: the page answered with error 503" in (
        tab.reader.toPlainText())


def test_add_found_person_to_committee_and_undo(qtbot, db, researched: int) -> None:
    tab = PagesTab(db)
    qtbot.addWidget(tab)
    tab.set_account(researched)
    row = next(i for i, p in enumerate(tab.people_model.rows) if p.name == "Helen Zhang")
    assert not tab.add_button.isEnabled()
    tab.people_view.selectRow(row)
    assert tab.add_button.isEnabled()
    with qtbot.waitSignal(tab.status_message) as message, qtbot.waitSignal(
            tab.committee_changed):
        tab.add_button.click()
    assert message.args == ["Added Helen Zhang to the buying committee"]
    with db.session() as session:
        stakeholder = session.scalars(select(Stakeholder)).one()
        person = session.scalars(select(FoundPerson).where(
            FoundPerson.name == "Helen Zhang")).one()
        assert (stakeholder.name, stakeholder.title) == ("Helen Zhang", "Chair of the Board")
        assert stakeholder.origin.endswith("/leadership")
        assert person.stakeholder_id == stakeholder.id
    assert tab.people_model.index(row, 3).data() == "Added"
    assert not tab.add_button.isEnabled()  # already on the committee: no second copy
    tab.undo_stack.undo()
    with db.session() as session:
        assert session.scalars(select(Stakeholder)).all() == []
        assert session.scalars(select(FoundPerson).where(
            FoundPerson.name == "Helen Zhang")).one().stakeholder_id is None
    assert tab.people_model.index(row, 3).data() == ""
    tab.undo_stack.redo()
    with db.session() as session:
        assert len(session.scalars(select(Stakeholder)).all()) == 1


def test_add_several_people_is_one_undo_step(qtbot, db, researched: int) -> None:
    tab = PagesTab(db)
    qtbot.addWidget(tab)
    tab.set_account(researched)
    tab.people_view.selectAll()
    assert tab.add_selected_people() == len(tab.people_model.rows)
    assert tab.undo_stack.count() == 1
    tab.undo_stack.undo()
    with db.session() as session:
        assert session.scalars(select(Stakeholder)).all() == []


def test_facts_show_their_source(qtbot, db, researched: int) -> None:
    tab = PagesTab(db)
    qtbot.addWidget(tab)
    tab.set_account(researched)
    shown = {(tab.facts_model.index(r, 0).data(), tab.facts_model.index(r, 1).data(),
              tab.facts_model.index(r, 2).data()) for r in range(tab.facts_model.rowCount())}
    assert ("Founded", "2009", "Home page") in shown
    assert ("Email", "sales@acme-robotics.example", "/contact") in shown
    assert tab.lower_tabs.tabText(1) == f"Facts ({len(shown)})"


def test_a_facts_source_is_a_link_to_the_page_it_came_from(qtbot, db, researched: int,
                                                          monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("ui.links.open_url", lambda url: opened.append(url) or True)
    tab = PagesTab(db)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    tab.set_account(researched)
    tab.lower_tabs.setCurrentWidget(tab.facts_view)
    view = tab.facts_view
    model = view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == "sales@acme-robotics.example")
    source = model.index(row, 2)
    assert source.data() == "/contact"
    assert source.data(Qt.ItemDataRole.FontRole).underline()  # drawn as a link
    assert "/contact" in source.data(Qt.ItemDataRole.ToolTipRole)
    assert not model.index(row, 1).data(Qt.ItemDataRole.FontRole)  # only the source is
    tab.select_page(0)
    assert not tab._selected_page_url().endswith("/contact")
    # A click on the source shows that page's capture in the reader, offline.
    view.scrollTo(source)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(source).center())
    assert tab._selected_page_url().endswith("/contact")
    assert "sales@acme-robotics.example" in tab.reader.toPlainText()
    assert opened == []  # nothing left the program
    # Right-click: show it, open the original, or copy.
    menu = tab.facts_menu(model.index(row, 0))
    assert [a.text() for a in menu.actions()] == [
        "Show the page it came from", "Open the original in the browser", "Copy"]
    menu.actions()[1].trigger()
    assert opened and opened[0].endswith("/contact")


def test_reader_escapes_page_text_and_loads_nothing(qtbot, monkeypatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr("ui.research.pages_reader.QDesktopServices.openUrl", opened.append)
    browser = SafeBrowser()
    qtbot.addWidget(browser)
    capture = Capture(1, utcnow(), "<b>Title</b>",
                      '<img src="http://evil.example/x.png"><script>alert(1)</script>\nok')
    browser.setHtml(reader_html(capture, "https://acme.example/about"))
    text = browser.toPlainText()
    assert '<img src="http://evil.example/x.png">' in text and "<b>Title</b>" in text
    assert not browser.openLinks() and not browser.openExternalLinks()
    assert browser.loadResource(2, QUrl("http://evil.example/x.png")) is None
    browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    browser.anchorClicked.emit(QUrl("https://acme.example/about"))
    assert opened == [QUrl("https://acme.example/about")]


def test_set_account_none_clears_undo(qtbot, db, researched: int) -> None:
    tab = PagesTab(db)
    qtbot.addWidget(tab)
    tab.set_account(researched)
    tab.people_view.selectRow(0)
    tab.add_selected_people()
    assert tab.undo_stack.count() == 1
    tab.set_account(None)
    assert tab.undo_stack.count() == 0 and tab.placeholder.text() == NO_ACCOUNT_TEXT
