"""Measurement 4: opening an account's workspace (500 news items, 40 stakeholders).

Until the workspace tabs are merged this runs the queries they need, the way a
tab that shows lists (not whole objects) should: the account, its news newest
first with trigger kinds, its committee and lines, its pages' latest captures
(titles, not their text), its calls. The dossier export of the same account is
measured beside it for information: everything, text included.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import func, select

from benchmarks import generate, harness
from workbench.dossier import build_dossier
from workbench.storage.database import Database, open_database
from workbench.storage.models import (
    Account,
    Call,
    NewsItem,
    NewsTrigger,
    PageSnapshot,
    Relationship,
    Source,
    Stakeholder,
)

TARGET_S = 0.150


def open_workspace(db: Database, account_id: int) -> dict[str, Any]:
    """What the Overview, News, Committee, Pages and Calls tabs read when an account opens."""
    with db.session() as session:
        account = session.get(Account, account_id)
        news = session.execute(
            select(NewsItem.id, NewsItem.title, NewsItem.url, NewsItem.published_at,
                   NewsItem.pinned, NewsItem.read)
            .where(NewsItem.account_id == account_id)
            .order_by(NewsItem.published_at.desc())).all()
        triggers = session.execute(
            select(NewsTrigger.news_item_id, NewsTrigger.kind)
            .join(NewsItem, NewsItem.id == NewsTrigger.news_item_id)
            .where(NewsItem.account_id == account_id)).all()
        people = session.scalars(
            select(Stakeholder).where(Stakeholder.account_id == account_id)).all()
        lines = session.scalars(
            select(Relationship).where(Relationship.account_id == account_id)).all()
        latest = (select(PageSnapshot.source_id, func.max(PageSnapshot.captured_at).label("at"))
                  .join(Source, Source.id == PageSnapshot.source_id)
                  .where(Source.account_id == account_id)
                  .group_by(PageSnapshot.source_id).subquery())
        pages = session.execute(
            select(Source.url, Source.page_kind, PageSnapshot.id, PageSnapshot.title,
                   PageSnapshot.captured_at)
            .join(latest, latest.c.source_id == Source.id)
            .join(PageSnapshot, (PageSnapshot.source_id == Source.id)
                  & (PageSnapshot.captured_at == latest.c.at))).all()
        calls = session.scalars(
            select(Call).where(Call.account_id == account_id).order_by(Call.scheduled_at)).all()
    return {"account": account, "news": news, "triggers": triggers, "people": people,
            "lines": lines, "pages": pages, "calls": calls}


def run(quick: bool) -> list[harness.Row]:
    db = open_database(generate.territory(quick))
    rounds = 10 if quick else 20
    try:
        account_id = generate.BIG_ACCOUNT_ID
        opened = open_workspace(db, account_id)
        shape = (f"{len(opened['news'])} news, {len(opened['people'])} people, "
                 f"{len(opened['lines'])} lines, {len(opened['pages'])} pages")
        samples = harness.repeat(lambda: open_workspace(db, account_id), rounds)
        rows = [harness.row("workspace: open an account", samples, target="median < 150 ms",
                            limit_s=TARGET_S, note=shape)]
        rows += _qt_rows(db, account_id, rounds)
        dossier = harness.repeat(lambda: build_dossier(db, account_id), max(3, rounds // 4))
        rows.append(harness.row("workspace: full dossier of that account (export)", dossier,
                                target="(information)"))
    finally:
        db.dispose()
    return rows


def _qt_rows(db: Database, account_id: int, rounds: int) -> list[harness.Row]:
    """The program's own `ui.workspace.Workspace` switching to the big account, painted."""
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QUndoGroup
        from PySide6.QtWidgets import QApplication

        from ui.workspace import Workspace
    except ImportError as exc:
        return [harness.unavailable("workspace: the program's Workspace widget",
                                    "median < 150 ms", f"cannot import it ({exc})")]
    app = QApplication.instance() or QApplication([])
    group = QUndoGroup()
    workspace = Workspace(db, group)
    workspace.resize(900, 700)
    workspace.show()
    other = account_id + 1

    def switch(target: int) -> None:
        workspace.set_account(target)
        app.processEvents()

    samples = []
    for _ in range(rounds):
        switch(other)
        samples.append(harness.timed(lambda: switch(account_id)))
    tabs = ", ".join(workspace.tabText(i) for i in range(workspace.count()))
    workspace.close()
    workspace.deleteLater()
    app.processEvents()
    return [harness.row("workspace: the program's Workspace widget, painted", samples,
                        target="median < 150 ms", limit_s=TARGET_S,
                        note=f"tabs in this checkout: {tabs}")]
