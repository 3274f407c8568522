"""How well trigger detection finds acquisitions and earnings in real labelled news.

Reads the Reuters-21578 development files (1987 newswire, SGML) from the shared corpora:
a story with TOPICS `acq` should get the `acquisition` tag, `earn` the `earnings` tag,
and a story with neither topic neither tag. Only stories the Reuters editors labelled
(TOPICS="YES") count; stories without a body are skipped.

The rules were tuned by reading stories of `reut2-000.sgm` and `reut2-001.sgm` only
(the TUNE split); the numbers that matter are those on `reut2-002.sgm` and
`reut2-004.sgm` (the HELD-OUT split), which nobody looked at while writing rules.

It also reads the labelled press-release openings (`press-releases-dev`, ten kinds and
hard negatives) and reports precision and recall per kind, micro-averaged, and how many
hard negatives (stories labelled with no kind) got a tag.

    python -m benchmarks.triggers_eval            # both Reuters splits and the press releases
    python -m benchmarks.triggers_eval --split tune --errors 5   # misses and false alarms
                                                  # of the TUNE split, to write rules from

Read errors only with `--split tune` (or `--only press`): a rule written from a held-out
story measures nothing. Each cause found there gets a general rule and a test of its own
with sentences written for it (tests/research/test_trigger_causes.py).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench.research import triggers

# The shared corpora sit beside the checkout; WORKBENCH_CORPORA points elsewhere.
CORPORA = Path(os.environ.get("WORKBENCH_CORPORA")
               or Path(__file__).resolve().parent.parent.parent / "shared" / "corpora")
CORPUS = CORPORA / "news" / "reuters-21578-dev"
PRESS_RELEASES = CORPUS.parent / "press-releases-dev" / "press-releases-dev.jsonl"
PRESS_TARGETS = {"precision": 0.90, "recall": 0.85, "negatives_tagged": 0.05}
TUNE_FILES = ("reut2-000.sgm", "reut2-001.sgm")
HELD_OUT_FILES = ("reut2-002.sgm", "reut2-004.sgm")
# Reuters topic -> our trigger kind.
TOPIC_KIND = {"acq": "acquisition", "earn": "earnings"}
TARGETS = {"precision": 0.9, "recall": 0.8}

_STORY_RE = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_TOPICS_RE = re.compile(r"<TOPICS>(.*?)</TOPICS>", re.S)
_D_RE = re.compile(r"<D>(.*?)</D>", re.S)
_TITLE_RE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_BODY_RE = re.compile(r"<BODY>(.*?)</BODY>", re.S)


@dataclass
class Story:
    """One labelled Reuters story."""

    file: str
    newid: str
    topics: frozenset[str]
    title: str
    body: str


def read_stories(files: tuple[str, ...], corpus: Path = CORPUS) -> Iterator[Story]:
    """The labelled stories with a body in the given Reuters files."""
    for name in files:
        raw = (corpus / name).read_bytes().decode("latin-1")
        for match in _STORY_RE.finditer(raw):
            attrs, inner = match.group(1), match.group(2)
            if 'TOPICS="YES"' not in attrs:
                continue
            body_m = _BODY_RE.search(inner)
            if not body_m:
                continue
            topics_m = _TOPICS_RE.search(inner)
            topics = frozenset(_D_RE.findall(topics_m.group(1))) if topics_m else frozenset()
            title_m = _TITLE_RE.search(inner)
            newid_m = re.search(r'NEWID="(\d+)"', attrs)
            yield Story(
                file=name,
                newid=newid_m.group(1) if newid_m else "?",
                topics=topics,
                title=html.unescape(title_m.group(1)) if title_m else "",
                # Reuters bodies end with a "Reuter" signature and control characters.
                body=html.unescape(body_m.group(1)).replace("\x03", "").strip(),
            )


@dataclass
class Score:
    kind: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def evaluate(files: tuple[str, ...], show_errors: int = 0) -> tuple[int, dict[str, Score]]:
    rules = triggers.current_rules()
    scores = {kind: Score(kind) for kind in TOPIC_KIND.values()}
    shown = {kind: [0, 0] for kind in scores}
    count = 0
    for story in read_stories(files):
        count += 1
        found = {t.kind: t.evidence for t in triggers.detect(story.title, story.body, rules=rules)}
        for topic, kind in TOPIC_KIND.items():
            truth = topic in story.topics
            said = kind in found
            score = scores[kind]
            if truth and said:
                score.tp += 1
            elif said:
                score.fp += 1
                if shown[kind][0] < show_errors:
                    shown[kind][0] += 1
                    print(f"  FALSE {kind} {story.file}#{story.newid} {sorted(story.topics)}: "
                          f"{story.title!r} <- {found[kind][:160]!r}")
            elif truth:
                score.fn += 1
                if shown[kind][1] < show_errors:
                    shown[kind][1] += 1
                    lead = " ".join(story.body.split())[:200]
                    print(f"  MISSED {kind} {story.file}#{story.newid}: {story.title!r} | {lead!r}")
    return count, scores


@dataclass
class PressScore:
    """Per-kind scores on the press releases, and the hard negatives that got a tag."""

    stories: int
    kinds: dict[str, Score]
    negatives: int
    negatives_tagged: int

    @property
    def micro(self) -> Score:
        total = Score("micro")
        for score in self.kinds.values():
            total.tp += score.tp
            total.fp += score.fp
            total.fn += score.fn
        return total


def evaluate_press_releases(path: Path = PRESS_RELEASES, show_errors: int = 0) -> PressScore:
    """Score `detect` on the labelled press-release openings."""
    rules = triggers.current_rules()
    kinds = {kind: Score(kind) for kind in triggers.KINDS}
    shown = {kind: [0, 0] for kind in kinds}
    stories = negatives = tagged = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        story = json.loads(line)
        stories += 1
        truth = set(story["labels"])
        found = {t.kind: t.evidence for t in triggers.detect(story["title"], story["text"], rules=rules)}
        if not truth:
            negatives += 1
            tagged += bool(found)
        for kind, score in kinds.items():
            if kind in truth and kind in found:
                score.tp += 1
            elif kind in found:
                score.fp += 1
                if shown[kind][0] < show_errors:
                    shown[kind][0] += 1
                    print(f"  FALSE {kind} {story['id']} {sorted(truth)}: {story['title']!r} "
                          f"<- {found[kind][:160]!r}")
            elif kind in truth:
                score.fn += 1
                if shown[kind][1] < show_errors:
                    shown[kind][1] += 1
                    print(f"  MISSED {kind} {story['id']}: {story['title']!r} | {story['text'][:200]!r}")
    return PressScore(stories, kinds, negatives, tagged)


def report_press_releases(show_errors: int) -> bool:
    result = evaluate_press_releases(show_errors=show_errors)
    print(f"PRESS RELEASES (dev): {result.stories} stories, {result.negatives} hard negatives")
    for score in result.kinds.values():
        print(f"  {score.kind:18s} precision {score.precision:.3f}  recall {score.recall:.3f}  "
              f"(tp {score.tp}, fp {score.fp}, fn {score.fn})")
    micro = result.micro
    share = result.negatives_tagged / result.negatives if result.negatives else 0.0
    print(f"  {'micro':18s} precision {micro.precision:.3f}  recall {micro.recall:.3f}  "
          f"(tp {micro.tp}, fp {micro.fp}, fn {micro.fn})")
    print(f"  hard negatives tagged: {result.negatives_tagged} of {result.negatives} ({share:.3f})")
    met = (micro.precision >= PRESS_TARGETS["precision"] and micro.recall >= PRESS_TARGETS["recall"]
           and share <= PRESS_TARGETS["negatives_tagged"])
    print(f"targets: micro precision >= {PRESS_TARGETS['precision']}, recall >= {PRESS_TARGETS['recall']}, "
          f"negatives tagged <= {PRESS_TARGETS['negatives_tagged']}: {'met' if met else 'NOT met'}")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="show up to N errors per kind")
    parser.add_argument("--split", choices=("tune", "held-out", "both"), default="both")
    parser.add_argument("--only", choices=("reuters", "press", "all"), default="all")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"The Reuters development files are not at {CORPUS}.", file=sys.stderr)
        return 2
    splits = []
    if args.split in ("tune", "both"):
        splits.append(("TUNE (rules written from these)", TUNE_FILES))
    if args.split in ("held-out", "both"):
        splits.append(("HELD-OUT (never read while tuning)", HELD_OUT_FILES))
    ok = args.split != "tune"
    if args.only == "press":
        splits = []
    for label, files in splits:
        count, scores = evaluate(files, args.errors)
        print(f"{label}: {', '.join(files)}; {count} labelled stories")
        for score in scores.values():
            print(f"  {score.kind:12s} precision {score.precision:.3f}  recall {score.recall:.3f}  "
                  f"(tp {score.tp}, fp {score.fp}, fn {score.fn})")
            if files == HELD_OUT_FILES:
                ok = ok and score.precision >= TARGETS["precision"] and score.recall >= TARGETS["recall"]
    print(f"targets: precision >= {TARGETS['precision']}, recall >= {TARGETS['recall']} "
          f"on the held-out split: {'met' if ok else 'NOT met'}")
    if args.only != "reuters" and PRESS_RELEASES.exists():
        report_press_releases(args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
