"""How much of the expected article text the reader view keeps, on the shared corpus.

The corpus (mozilla/readability's test pages) gives each real page's readable article as
``expected.html``. We compare words: recall = expected words the reader kept, precision =
kept words that are expected (bags of words, so order does not matter), F1 of both;
per page, then the mean. Beside the project's reader view it scores plain trafilatura
(``trafilatura.extract(html)`` with its default options) on the same pages, and counts the
pages where the project's text is worse than trafilatura's alone; the crude baseline is a
plain ``get_text()`` of the whole page.

    python -m benchmarks.reader_eval [--limit N] [--worse]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

import lxml.html

from workbench.research.readable import readable_text

CORPUS = Path(os.environ.get("WORKBENCH_CORPORA")
              or Path(__file__).resolve().parent.parent.parent / "shared" / "corpora") / "pages" / "articles"
# A page counts as worse when the project's F1 is this much under plain trafilatura's.
WORSE_BY = 0.01
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text))


def score(expected: Counter[str], got: Counter[str]) -> tuple[float, float, float]:
    common = sum((expected & got).values())
    recall = common / max(1, sum(expected.values()))
    precision = common / max(1, sum(got.values()))
    f1 = 0.0 if not common else 2 * precision * recall / (precision + recall)
    return precision, recall, f1


def html_text(html: str) -> str:
    try:
        return lxml.html.fromstring(html).text_content()
    except Exception:  # noqa: BLE001
        return ""


def plain_trafilatura(html: str) -> str:
    import trafilatura

    try:
        return trafilatura.extract(html) or ""
    except Exception:  # noqa: BLE001 - a crash scores as nothing kept
        return ""


def evaluate(corpus: Path = CORPUS, limit: int | None = None,
             worse: list[str] | None = None) -> dict[str, float]:
    """Mean scores; the names of pages worse than plain trafilatura go into `worse`."""
    rows: list[tuple[float, float, float, float]] = []
    for folder in sorted(p for p in corpus.iterdir() if (p / "expected.html").exists())[:limit]:
        source = (folder / "source.html").read_text("utf-8", errors="replace")
        expected = words(html_text((folder / "expected.html").read_text("utf-8", "replace")))
        if not expected:
            continue
        _, recall, f1 = score(expected, words(readable_text(source)))
        _, _, plain_f1 = score(expected, words(plain_trafilatura(source)))
        _, _, base_f1 = score(expected, words(html_text(source)))
        rows.append((recall, f1, base_f1, plain_f1))
        if worse is not None and f1 < plain_f1 - WORSE_BY:
            worse.append(f"{folder.name}: {f1:.3f} vs {plain_f1:.3f}")
    return {
        "pages": len(rows),
        "recall_mean": statistics.mean(r[0] for r in rows),
        "recall_median": statistics.median(r[0] for r in rows),
        "f1_mean": statistics.mean(r[1] for r in rows),
        "plain_trafilatura_f1_mean": statistics.mean(r[3] for r in rows),
        "pages_worse_than_plain": sum(1 for r in rows if r[1] < r[3] - WORSE_BY),
        "baseline_get_text_f1_mean": statistics.mean(r[2] for r in rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--worse", action="store_true", help="list the pages worse than plain")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 1
    worse: list[str] = []
    result = evaluate(limit=args.limit, worse=worse)
    if args.worse:
        for line in worse:
            print(f"  worse: {line}")
    for key, value in result.items():
        print(f"{key:28} {value:.3f}" if isinstance(value, float) else f"{key:28} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
