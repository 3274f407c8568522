"""Fixtures for the editor tests: a demo account and a shown Committee tab."""

from __future__ import annotations

from datetime import date

import pytest

TODAY = date(2026, 11, 20)


@pytest.fixture
def demo_account(db, demo_copy) -> int:
    return demo_copy(db)  # load_demo(db), copied


@pytest.fixture
def tab(qtbot, db, demo_account):
    from ui.committee_map.tab import CommitteeTab

    widget = CommitteeTab(db, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_account(demo_account)
    yield widget
    widget.scene.dispose()
