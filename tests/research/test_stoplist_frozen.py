"""Every reader path meets trafilatura's jusText stop-list as a frozenset, never the
150,000-word tuple whose hash is computed on every call (7-10 ms a short page).

Each case runs in a fresh interpreter: in this one another test may have frozen it."""

from __future__ import annotations

import subprocess
import sys

import pytest

SHORT_PAGE = ("<html><head><title>About</title></head><body><h1>About us</h1>"
              "<p>Acme of Springfield, founded in 2001.</p><h3>Jane Doe</h3>"
              "<p>Chief Executive Officer</p></body></html>")

READERS = {
    "a page's readable text": "from workbench.research.readable import readable_text as read",
    "an article's text": "from workbench.research.articles import extract_text as read",
    "a page read whole": ("from workbench.research.page_reading import read_page\n"
                          "def read(html, url): return read_page(html, url, url, True)"),
}


def _printed_by_a_fresh_interpreter(script: str) -> str:
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.mark.parametrize("reader", sorted(READERS))
def test_the_stoplist_is_frozen_on_every_reader_path(reader: str) -> None:
    script = (f"{READERS[reader]}\n"
              f"read({SHORT_PAGE!r}, 'http://127.0.0.1/about')\n"
              "from trafilatura import external\n"
              "print(type(external.JT_STOPLIST).__name__)\n")
    assert _printed_by_a_fresh_interpreter(script) == "frozenset"


def test_the_reader_fork_server_preloads_the_extractors_with_the_frozen_stoplist() -> None:
    """Every worker forked from the reader processes' fork server starts with trafilatura,
    feedparser and the frozen stop-list: the module it preloads imports them."""
    from workbench.research import reader_pool

    assert reader_pool._PRELOAD == ["workbench.research.reader_preload"]
    script = ("import sys\n"
              "import workbench.research.reader_preload\n"
              "from trafilatura import external\n"
              "assert 'feedparser' in sys.modules\n"
              "print(type(external.JT_STOPLIST).__name__)\n")
    assert _printed_by_a_fresh_interpreter(script) == "frozenset"
