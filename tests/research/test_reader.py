"""Reader view and article text: tables kept, a good short extract never replaced by the
whole page, and on the shared article corpus at least as good as trafilatura alone."""

from __future__ import annotations

import pytest

from tests.conftest import corpora_dir
from workbench.research.articles import extract_text
from workbench.research.readable import readable_text, table_row

PARAS = [
    "Acme Corp said on Monday that it agreed to acquire Initech, a maker of payment terminals, "
    "for 300 million dollars in cash and stock.",
    "The deal is expected to close in the third quarter, and Initech will keep its brand, its "
    "staff and its offices in Austin, Texas.",
    "Analysts said the purchase gives Acme a foothold in retail payments, a market it has tried "
    "to enter for three years without success.",
]


def test_an_article_laid_out_in_a_table_keeps_its_text() -> None:
    html = ("<html><head><title>Acme buys Initech</title></head><body><table>"
            + "".join(f"<tr><td><p>{p}</p></td></tr>" for p in PARAS) + "</table></body></html>")
    text = extract_text(html)
    for paragraph in PARAS:
        assert paragraph in text
    assert "|" not in text


def test_a_table_of_figures_keeps_its_cells_apart() -> None:
    assert table_row("| Revenue | $12m | $9m |") == "Revenue | $12m | $9m"
    assert table_row("| --- | --- |") == ""
    assert table_row("Plain line") == "Plain line"


def test_a_good_short_extract_is_not_replaced_by_the_whole_page() -> None:
    menu = " ".join(f"<li><a href='/p{i}'>Menu entry number {i}</a></li>" for i in range(150))
    article = "".join(f"<p>{p}</p>" for p in PARAS * 2)
    html = (f"<html><head><title>Acme</title></head><body><nav><ul>{menu}</ul></nav>"
            f"<div class='sidebar'>{menu}</div><article><h1>Acme buys Initech</h1>{article}"
            "</article><footer>Copyright Acme</footer></body></html>")
    text = readable_text(html)
    assert PARAS[0] in text
    assert "Menu entry number 99" not in text


@pytest.mark.corpus
def test_reader_view_is_at_least_plain_trafilatura_on_the_article_corpus() -> None:
    corpora_dir("pages", "articles")
    from benchmarks import reader_eval

    result = reader_eval.evaluate()
    assert result["pages"] >= 100
    assert result["f1_mean"] >= result["plain_trafilatura_f1_mean"]
    # Measured 2 pages a little worse (precision trade-offs of favour-recall), none by the fallback.
    assert result["pages_worse_than_plain"] <= 3
