"""news_search_feeds.txt as editors write it: a byte-order mark, lines that cannot be used
(each reported with its line number, the rest still used)."""

from __future__ import annotations

from workbench import paths
from workbench.research import feeds


def test_a_byte_order_mark_does_not_drop_the_first_template() -> None:
    path = paths.config_dir() / feeds.SEARCH_TEMPLATES_FILENAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("\ufeffhttps://news.example/rss?q={name}\n"
                     "https://other.example/feed?d={domain}\n".encode())
    assert feeds.load_search_templates() == ["https://news.example/rss?q={name}",
                                             "https://other.example/feed?d={domain}"]


def test_unusable_lines_are_reported_with_their_line_number() -> None:
    path = paths.config_dir() / feeds.SEARCH_TEMPLATES_FILENAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# mine\nhttps://news.example/rss?q={name}\nftp://x/{name}\n"
                    "https://news.example/rss?q={company}\n", encoding="utf-8")
    templates, problems = feeds.read_search_templates()
    assert templates == ["https://news.example/rss?q={name}"]
    assert len(problems) == 2
    assert "line 3" in problems[0] and "line 4" in problems[1] and "{company}" in problems[1]


def test_ingestion_reports_the_unusable_lines(db) -> None:
    from workbench import accounts
    from workbench.research.http import HttpClient
    from workbench.research.news import ingest_feeds

    path = paths.config_dir() / feeds.SEARCH_TEMPLATES_FILENAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("not a web address {name}\n", encoding="utf-8")
    account_id = accounts.create_account(db, "Acme", "http://127.0.0.1:9/")
    with HttpClient(respect_robots=False, connect_timeout=1) as client:
        summary = ingest_feeds(db, account_id, [], client, probe_common=False)
    assert any("line 1" in e["error"] for e in summary.errors)
