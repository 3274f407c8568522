"""Email, phone and web details are links: a click opens them, right-click copies."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from ui import links
from ui.overview_pane import OverviewPane
from workbench.contact_links import email_link, link_for, phone_link, web_link
from workbench.demo import load_demo
from workbench.storage.database import Database


def test_what_is_a_link_and_where_it_goes() -> None:
    assert email_link("hello@harborlane.example") == "mailto:hello@harborlane.example"
    assert email_link("not an address") is None
    assert phone_link("+1 419 555 0100") == "tel:+14195550100"
    assert phone_link("(419) 555-0100") == "tel:4195550100"
    assert phone_link("call us") is None
    assert web_link("www.linkedin.com/company/x") == "https://www.linkedin.com/company/x"
    assert web_link("https://harborlane.example") == "https://harborlane.example"
    assert web_link("javascript:alert(1)") is None
    assert link_for("address", "400 Water Street") is None
    assert link_for("social", "https://www.linkedin.com/company/harborlane-example")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(links, "open_url", lambda url: seen.append(url) or True)
    return seen


def test_overview_facts_open_on_click_and_copy_on_right_click(qtbot, db: Database,
                                                              opened: list[str]) -> None:
    pane = OverviewPane(db)
    qtbot.addWidget(pane)
    pane.set_account(load_demo(db))
    pane.show()
    view = pane.facts
    model = view.model()
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    email = model.index(rows["Email"], 1)
    assert email.data(Qt.ItemDataRole.FontRole).underline()
    assert model.index(rows["Address"], 1).data(Qt.ItemDataRole.FontRole) is None
    view.clicked.emit(email)
    view.clicked.emit(model.index(rows["Phone"], 1))
    view.clicked.emit(model.index(rows["Address"], 1))  # not a link: nothing opens
    assert opened == ["mailto:hello@harborlane.example", "tel:+14195550100"]
    menu = links.context_menu(view, pane.facts_links, model.index(rows["Social"], 1))
    labels = [a.text() for a in menu.actions()]
    assert labels == ["Open in browser", "Copy"]
    menu.actions()[1].trigger()
    assert QGuiApplication.clipboard().text() == \
        "https://www.linkedin.com/company/harborlane-example"


def test_inspector_contact_details_open_where_they_lead(qtbot, opened: list[str]) -> None:
    from PySide6.QtWidgets import QLineEdit

    from ui.committee_map.inspector import Inspector

    inspector = Inspector()
    qtbot.addWidget(inspector)
    email = inspector.lines["email"]
    email.setText("dana.whitfield@harborlane.example")
    action = next(a for a in email.actions() if a.toolTip() == "Write an email")
    assert action.isEnabled()
    action.trigger()
    inspector.lines["phone"].setText("not a number")
    call = next(a for a in inspector.lines["phone"].actions() if a.toolTip() == "Call")
    assert not call.isEnabled()
    assert opened == ["mailto:dana.whitfield@harborlane.example"]
    assert isinstance(email, QLineEdit)  # its own right-click menu copies
