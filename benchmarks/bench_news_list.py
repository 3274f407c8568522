"""The News list of a well-researched account: 2,000 stories with their article text.

The core level times `news_review.list_news` (what the News tab shows) against a bare
sqlite3 read of the same columns, its floor. The list must not pay for the article
text (kilobytes a story) that only the reading pane needs. Past
`NewsTableModel.BACKGROUND_FROM` stories the tab reads on the job runner, so this
time is not spent on the GUI thread; the row says how long the list takes to fill.
"""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks import harness
from workbench import accounts
from workbench.research import news_review
from workbench.storage.database import open_database
from workbench.storage.models import NewsItem, NewsTrigger

STORIES = 2_000
BODY = "The company announced results, a new plant and a new chief financial officer. " * 100


def _fill(path: Path, stories: int) -> int:
    db = open_database(path)
    try:
        account_id = accounts.create_account(db, "Much News Co", "much.example")
        with db.session() as session:
            items = [NewsItem(account_id=account_id, title=f"Story {i}", dedupe_key=f"s{i}",
                              url=f"https://much.example/news/{i}", text=BODY,
                              summary=BODY[:400],
                              published_at=datetime(2026, 11, 1) - timedelta(hours=i))
                     for i in range(stories)]
            session.add_all(items)
            session.flush()
            session.add_all(NewsTrigger(news_item_id=item.id, kind="expansion",
                                        evidence="a new plant") for item in items[::3])
        return account_id
    finally:
        db.dispose()


def _bare_read(path: Path, account_id: int) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("SELECT id, title, url, published_at, fetched_at, pinned, read "
                     "FROM news_item WHERE account_id = ? "
                     "ORDER BY coalesce(published_at, fetched_at) DESC, id DESC",
                     (account_id,)).fetchall()
        conn.execute("SELECT DISTINCT t.news_item_id, t.kind FROM news_trigger t "
                     "JOIN news_item n ON n.id = t.news_item_id WHERE n.account_id = ?",
                     (account_id,)).fetchall()
    finally:
        conn.close()


def run(quick: bool) -> list[harness.Row]:
    stories = STORIES // 4 if quick else STORIES
    rounds = 5 if quick else 9
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "news.sqlite3"
        account_id = _fill(path, stories)
        db = open_database(path)
        try:
            got, floor = harness.side_by_side(
                lambda: news_review.list_news(db, account_id),
                lambda: _bare_read(path, account_id), rounds)
        finally:
            db.dispose()
    return [harness.row(f"news list: {stories:,} stories with their text", got,
                        floor_samples=floor, target="(information; off the GUI thread "
                        "from 400 stories; floor: bare sqlite3 read)")]


if __name__ == "__main__":
    print(harness.format_table(run(quick=False)))
