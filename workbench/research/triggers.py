"""Trigger events: the reasons to call (funding, a new executive, an acquisition, ...) in news.

A story is about an event when its headline or its lead says so: the rules look at the
title and the first few sentences of the text, not at a passing mention deep in the
story. Each rule is a case-insensitive regular expression that must match one sentence,
and a kind may list `exclude` expressions that veto a sentence (e.g. "acquisition
costs" in an earnings story). The sentence that matched is kept as the evidence.
A kind may also list `headline_exclude` expressions: a headline matching one says the
story is about something else (a rating action, a results report, a suit to block a
deal), so only the headline itself can show that kind, not a passing mention below it.
`headline_exclude_kinds` says the same with other kinds' rules: a headline that shows one
of the kinds named (a results report: "4th qtr net") and not this kind makes this kind's
mentions below it background (the bought firm's past deals in a results table).

Two tables are not kinds: `[not_news]` patterns mark a story that reports no event at all
(explainers, glossaries, templates, how-to guides) when its headline or first sentence
matches, and `[generic_sentence]` patterns mark one sentence that speaks in general
("you", "typically", "is defined as") and so shows no event of any kind.

Rules live in `resources/triggers/rules.toml`. A rep can extend or override them in
`triggers.toml` in the program's config folder; the format is described there and in
`RULES_FORMAT` below.
"""

from __future__ import annotations

import logging
import re
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import regex

from workbench import paths
from workbench.errors import KnownError

log = logging.getLogger("workbench.research.triggers")

KINDS: tuple[str, ...] = (
    "funding",
    "acquisition",
    "leadership_change",
    "bankruptcy",
    "layoffs",
    "expansion",
    "product_launch",
    "earnings",
    "partnership",
    "legal",
)

# Human labels for the UI and the prep sheet.
KIND_LABELS: dict[str, str] = {
    "funding": "Funding",
    "acquisition": "Acquisition",
    "leadership_change": "Leadership change",
    "bankruptcy": "Bankruptcy",
    "layoffs": "Layoffs",
    "expansion": "Expansion",
    "product_launch": "Product launch",
    "earnings": "Earnings",
    "partnership": "Partnership",
    "legal": "Legal",
}

# Tables of the rules files that are not kinds (see the module docstring).
NOT_NEWS = "not_news"
GENERIC_SENTENCE = "generic_sentence"
VETO_TABLES: tuple[str, ...] = (NOT_NEWS, GENERIC_SENTENCE)

USER_RULES_FILENAME = "triggers.toml"
RULES_FORMAT = """\
# triggers.toml -- your own trigger-event rules (TOML). One table per kind; the kinds are
# funding, acquisition, leadership_change, bankruptcy, layoffs, expansion,
# product_launch, earnings, partnership, legal.
#
# [funding]
# mode = "extend"          # "extend" (default): add to the built-in rules;
#                          # "replace": use only the rules in this table for this kind
# patterns = ['\\bcrowdfunding\\b', '\\bgrant of \\$\\d']   # a sentence matching any tags the item
# exclude = ['\\bno plans to raise\\b']                     # a sentence matching any does not count
# headline_exclude = ['\\bdebt (?:affirmed|downgraded)\\b']  # such a headline: the story's body
#                          # does not show this kind (only the headline itself can)
# headline_exclude_kinds = ['earnings']  # a headline showing one of these kinds (and not
#                          # this one) is about that: the body does not show this kind
#
# [not_news]               # a headline or first sentence matching: the story reports no event
# patterns = ['^how to\b']
# [generic_sentence]       # a sentence matching shows no event of any kind
# patterns = ['\byour company\b']
#
# Patterns are Python regular expressions, matched case-insensitively against one
# sentence at a time (the headline counts as a sentence). Use single quotes so that
# backslashes need no escaping.
"""

# How much of a story counts as its lead: the headline plus this many sentences (news
# often states the event in the third or fourth sentence, after the scene-setting).
LEAD_SENTENCES = 4
# The first sentences count whatever they name; later ones only when they speak of the
# story's subject (the company the headline names, "the company", "it", "we"), so that a
# bought firm's own past results or an old deal told as background is not the event.
OPEN_SENTENCES = 2
_SUBJECT_REFERENCE_RE = re.compile(
    r"^(?:the (?:company|firm|group|bank|startup|start-up|business|retailer|maker|carmaker|"
    r"automaker|insurer|lender|chain|brand|utility|operator|manufacturer)|it|we|our|they)\b",
    re.IGNORECASE)
_TITLE_SKIP = frozenset("a an the new how why what when who exclusive update breaking report "
                        "reports u.s. us uk".split())
# Only the opening of a long article is split into sentences: the lead is all that counts.
LEAD_CHARS = 2_000

# A sentence longer than this is no sentence (a run of numbers, a page of text without a
# full stop): the rules see only its start, so a built-in rule's work per sentence is
# bounded whatever a feed sends.
MAX_SENTENCE_CHARS = 2000
# The rep's own patterns run under a time limit per sentence (the `regex` module's
# timeout): a pattern such as ``(a+)+$`` takes exponential time on a short headline.
USER_PATTERN_TIMEOUT_S = 0.05
# Text a user pattern is tried on when the file is read; one that needs more than this
# on any of them is refused with a clear message, before it sees a single story.
_PROBE_TIMEOUT_S = 0.2
_PROBES = tuple(unit * (60 // len(unit)) + "!" for unit in
                ("a", "A", "1", " ", "a ", "1,", "a.", "ab", "-"))

_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"“(]?[A-Z0-9])|\n\s*\n")


class TriggerRulesError(KnownError):
    """A trigger rules file cannot be read: bad TOML, an unknown kind or a bad pattern."""


@dataclass(frozen=True)
class Trigger:
    """A trigger event found in a story: its kind and the sentence that shows it."""

    kind: str
    evidence: str


@dataclass
class KindRules:
    """The compiled rules for one kind."""

    patterns: list[re.Pattern[str]] = field(default_factory=list)
    exclude: list[re.Pattern[str]] = field(default_factory=list)
    # One alternation per list: a single scan of a sentence instead of one per pattern
    # (ingestion tags thousands of stories; this is most of its time).
    _any: re.Pattern[str] | None = field(default=None, repr=False)
    _veto: re.Pattern[str] | None = field(default=None, repr=False)
    # The rep's patterns (triggers.toml), run one by one under a time limit.
    user_patterns: list[regex.Pattern[str]] = field(default_factory=list)
    user_exclude: list[regex.Pattern[str]] = field(default_factory=list)
    # Headlines that say the story is about something else (see the module docstring).
    headline_exclude: list[re.Pattern[str]] = field(default_factory=list)
    user_headline_exclude: list[regex.Pattern[str]] = field(default_factory=list)
    # Kinds whose showing in the headline (when this kind's does not) has the same effect.
    headline_exclude_kinds: list[str] = field(default_factory=list)

    def _combined(self) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
        if self._any is None:
            self._any = re.compile("|".join(f"(?:{p.pattern})" for p in self.patterns),
                                   re.IGNORECASE)
            self._veto = (re.compile("|".join(f"(?:{x.pattern})" for x in self.exclude),
                                     re.IGNORECASE) if self.exclude else None)
        return self._any, self._veto

    def has_patterns(self) -> bool:
        return bool(self.patterns or self.user_patterns)

    def find(self, sentence: str) -> re.Match[str] | regex.Match[str] | None:
        """Where the sentence shows this kind, or None (no pattern, or an exclusion)."""
        sentence = sentence[:MAX_SENTENCE_CHARS]
        found: re.Match[str] | regex.Match[str] | None = None
        if self.patterns:
            anything, veto = self._combined()
            found = anything.search(sentence)
            if found is not None and veto is not None and veto.search(sentence):
                return None
        if found is None:
            found = next((m for p in self.user_patterns
                          if (m := _timed_search(p, sentence)) is not None), None)
        if found is not None and any(_timed_search(x, sentence) is not None
                                     for x in self.user_exclude):
            return None
        return found

    def body_excluded(self, headline: str) -> bool:
        """Whether the headline says the story is about something else, so that the
        sentences below it do not show this kind."""
        headline = headline[:MAX_SENTENCE_CHARS]
        return (any(x.search(headline) for x in self.headline_exclude)
                or any(_timed_search(x, headline) is not None for x in self.user_headline_exclude))


def _timed_search(pattern: regex.Pattern[str], sentence: str) -> regex.Match[str] | None:
    """A user pattern's match, or None when it found none within its time limit."""
    try:
        return pattern.search(sentence, timeout=USER_PATTERN_TIMEOUT_S)
    except TimeoutError:
        log.warning("trigger pattern %r gave up after %s s on a %d-character sentence",
                    pattern.pattern, USER_PATTERN_TIMEOUT_S, len(sentence))
        return None


RuleSet = dict[str, KindRules]


def builtin_rules_path() -> Path:
    return paths.resources_dir() / "triggers" / "rules.toml"


def user_rules_path() -> Path:
    return paths.config_dir() / USER_RULES_FILENAME


def load_rules(builtin: Path | None = None, user: Path | None = None, *,
               include_user: bool = True) -> RuleSet:
    """The built-in rules, extended or overridden by the user's file when there is one.

    Raises `TriggerRulesError` with the file and the problem when a file is bad.
    """
    rules: RuleSet = {kind: KindRules() for kind in KINDS + VETO_TABLES}
    _apply(rules, builtin or builtin_rules_path(), allow_replace=False)
    user_file = user if user is not None else user_rules_path()
    if include_user and user_file.exists():
        _apply(rules, user_file, allow_replace=True)
    return rules


def _apply(rules: RuleSet, file: Path, *, allow_replace: bool) -> None:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TriggerRulesError(f"The trigger rules file {file} cannot be read ({exc.strerror}).") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TriggerRulesError(f"The trigger rules file {file} is not valid TOML: {exc}.") from exc
    for kind, table in data.items():
        if kind not in rules:
            raise TriggerRulesError(
                f"The trigger rules file {file} names an unknown kind “{kind}”.",
                hint="The kinds are: " + ", ".join(KINDS) + ".")
        if not isinstance(table, dict):
            raise TriggerRulesError(f"In {file}, “{kind}” must be a table ([{kind}]).")
        mode = table.get("mode", "extend")
        if mode not in ("extend", "replace") or (mode == "replace" and not allow_replace):
            raise TriggerRulesError(f"In {file}, [{kind}] mode must be \"extend\" or \"replace\".")
        target = rules[kind]
        if mode == "replace":
            for patterns in (target.patterns, target.exclude, target.user_patterns,
                             target.user_exclude, target.headline_exclude,
                             target.user_headline_exclude, target.headline_exclude_kinds):
                patterns.clear()
        kinds = table.get("headline_exclude_kinds", [])
        if (not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds)
                or any(k not in KINDS or k == kind for k in kinds)):
            raise TriggerRulesError(
                f"In {file}, [{kind}] headline_exclude_kinds must be a list of other kinds.",
                hint="The kinds are: " + ", ".join(KINDS) + ".")
        target.headline_exclude_kinds.extend(k for k in kinds if k not in target.headline_exclude_kinds)
        if allow_replace:  # the rep's file: patterns under a time limit
            target.user_patterns.extend(_compile_user(file, kind, table.get("patterns", [])))
            target.user_exclude.extend(_compile_user(file, kind, table.get("exclude", [])))
            target.user_headline_exclude.extend(
                _compile_user(file, kind, table.get("headline_exclude", [])))
        else:
            target.patterns.extend(_compile(file, kind, table.get("patterns", [])))
            target.exclude.extend(_compile(file, kind, table.get("exclude", [])))
            target.headline_exclude.extend(_compile(file, kind, table.get("headline_exclude", [])))
        target._any = target._veto = None


def _compile(file: Path, kind: str, raw: object) -> list[re.Pattern[str]]:
    if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
        raise TriggerRulesError(
            f"In {file}, [{kind}] patterns, exclude and headline_exclude must be lists of strings.")
    compiled = []
    for pattern in raw:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise TriggerRulesError(
                f"In {file}, [{kind}] has a pattern that is not a valid regular expression: "
                f"{pattern!r} ({exc}).") from exc
    return compiled


def _compile_user(file: Path, kind: str, raw: object) -> list[regex.Pattern[str]]:
    """The rep's patterns, checked as `_compile` does and also tried on a few short texts:
    one that backtracks catastrophically is refused here, with the reason."""
    _compile(file, kind, raw)  # the same syntax (Python's re) and the same messages
    assert isinstance(raw, list)
    compiled = []
    for pattern in raw:
        try:
            user = regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)
        except regex.error as exc:
            raise TriggerRulesError(
                f"In {file}, [{kind}] has a pattern that is not a valid regular expression: "
                f"{pattern!r} ({exc}).") from exc
        for probe in _PROBES:
            try:
                user.search(probe, timeout=_PROBE_TIMEOUT_S)
            except TimeoutError:
                raise TriggerRulesError(
                    f"In {file}, [{kind}] has a pattern that takes too long on a "
                    f"{len(probe)}-character text: {pattern!r}.",
                    hint="A repetition inside a repetition, such as (a+)+ or (\\w*)*, "
                         "tries every way to split the text; write it with a single "
                         "repetition.") from None
        compiled.append(user)
    return compiled


_cache_lock = threading.Lock()
_cached: tuple[tuple[Path, float | None], RuleSet] | None = None


def current_rules() -> RuleSet:
    """The rules in force, reloaded when the user's file changes. Raises `TriggerRulesError`."""
    global _cached
    user = user_rules_path()
    try:
        stamp: float | None = user.stat().st_mtime
    except OSError:
        stamp = None
    key = (user, stamp)
    with _cache_lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
        rules = load_rules(user=user)
        _cached = (key, rules)
        return rules


_ABBREVIATION_END_RE = re.compile(
    r"(?:\b[A-Z]\.|\b(?:Inc|Corp|Co|Ltd|Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|No|Nos|vs|Gov|Sen|Rep|Gen|"
    r"Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|approx|est|dept|Mt|Ft|Ave|Blvd|Bros|Int|Hon)\.)"
    r"[\"'”’)]?\s*$")
_segmenter_lock = threading.Lock()
_segmenter: object | None = None


def _library_segments(paragraph: str) -> list[str] | None:
    """Sentences by pysbd (knows initials such as "A.C. Moore" and "U.S."), or None
    when the library is not installed."""
    global _segmenter
    with _segmenter_lock:
        if _segmenter is None:
            try:
                import pysbd
            except ImportError:
                _segmenter = False
            else:
                _segmenter = pysbd.Segmenter(language="en", clean=False)
        segmenter = _segmenter
        if segmenter is False:
            return None
        try:
            return list(segmenter.segment(paragraph))  # type: ignore[attr-defined,union-attr]
        except Exception:  # noqa: BLE001 - a splitter failure falls back to the plain rule
            log.debug("sentence splitter failed", exc_info=True)
            return None


def split_sentences(text: str) -> list[str]:
    """Sentences of a text, whitespace collapsed; paragraph breaks always end a sentence."""
    sentences = []
    for paragraph in re.split(r"\n\s*\n", text or ""):
        # Line wrapping inside a paragraph is not a sentence end (newswire bodies wrap at 70).
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        chunks = _SENTENCE_END_RE.split(paragraph)
        # The library is slow (most of tagging's time); ask it only where the plain rule
        # may have cut after an initial or an abbreviation ("A.C. Moore", "Inc. said").
        if any(_ABBREVIATION_END_RE.search(c) for c in chunks[:-1]):
            chunks = _library_segments(paragraph) or chunks
        for chunk in chunks:
            sentence = " ".join(chunk.split()) if chunk else ""
            if sentence:
                sentences.append(sentence)
    return sentences


# Feed teasers often run several sentences together without a full stop; evidence that
# long is no help to a rep, so it is cut to the words around the match (still a verbatim
# piece of the text, so the News tab can find and highlight it).
MAX_EVIDENCE_CHARS = 280


def _evidence(sentence: str, match: re.Match[str] | regex.Match[str]) -> str:
    if len(sentence) <= MAX_EVIDENCE_CHARS:
        return sentence
    room = max(0, MAX_EVIDENCE_CHARS - (match.end() - match.start())) // 2
    start = max(0, match.start() - room)
    end = min(len(sentence), match.end() + room)
    if start > 0:
        space = sentence.find(" ", start, match.start())
        start = space + 1 if space >= 0 else start
    if end < len(sentence):
        space = sentence.rfind(" ", match.end(), end)
        end = space if space >= 0 else end
    return sentence[start:end].strip()


def _subject_words(title: str, subject: str | None) -> set[str]:
    """Words that name the story's subject: the headline's first name-like word, and
    the account's name when given."""
    words: set[str] = set()
    for word in re.findall(r"[A-Za-z][\w&.-]*", title or ""):
        if word.lower().strip(".") not in _TITLE_SKIP and len(word) > 1:
            words.add(word.lower())
            break
    for word in re.findall(r"[A-Za-z][\w&.-]*", subject or ""):
        if len(word) > 2 and word.lower() not in _TITLE_SKIP:
            words.add(word.lower())
    return words


def _speaks_of(sentence: str, subject_words: set[str]) -> bool:
    if _SUBJECT_REFERENCE_RE.match(sentence):
        return True
    lowered = sentence.lower()
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", lowered) for w in subject_words)


_FIRST_PERSON_RE = re.compile(r"\bwe(?:'re|'ve|’re|’ve)?\b", re.IGNORECASE)
_NAME_NOISE = frozenset("inc inc. corp corp. co co. ltd ltd. llc plc gmbh ag sa the group company "
                        "companies holdings international www com".split())


def subject_words(name: str) -> set[str]:
    """The words of an account's name that identify it in a story ("Acme" of "Acme Corp")."""
    words = {w.lower() for w in re.findall(r"[A-Za-z][\w&-]*", name or "")}
    return {w for w in words if len(w) > 2 and w not in _NAME_NOISE}


def about_subject(title: str, text: str, subject: str) -> bool:
    """Whether the headline or lead names the account or speaks as it ("we"):
    a story in the account's feeds that does neither (a podcast episode, a science note
    about "HIV acquisition") reports no event of the account's."""
    words = subject_words(subject)
    if not words:
        return True
    lead = " ".join([title or ""] + split_sentences(_opening(text))[:LEAD_SENTENCES])
    lowered = lead.lower()
    if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", lowered) for w in words):
        return True
    return bool(_FIRST_PERSON_RE.search(lead))


def detect(title: str, text: str = "", rules: RuleSet | None = None, *,
           subject: str | None = None, require_subject: bool = False) -> list[Trigger]:
    """`detect(title: str, text: str = "") -> list[Trigger]`

    The trigger events the headline and lead of a story show, at most one per kind, in
    the order of `KINDS`, each with the first sentence that shows it. `rules` defaults
    to the built-in rules plus the user's file (`current_rules()`). `subject` (the
    account's name) also counts as naming the story's subject in later sentences; with
    `require_subject`, a story that is not about the subject (`about_subject`) gets none.
    """
    ruleset = rules if rules is not None else current_rules()
    if require_subject and subject and not about_subject(title, text, subject):
        return []
    lead = [" ".join(title.split())] if title and title.strip() else []
    sentences = split_sentences(_opening(text))[:LEAD_SENTENCES]
    subject_words = _subject_words(title, subject)
    lead += [s for i, s in enumerate(sentences)
             if i < OPEN_SENTENCES or _speaks_of(s, subject_words)]
    not_news = ruleset.get(NOT_NEWS)
    if not_news is not None and not_news.patterns and any(not_news.find(s) for s in lead[:2]):
        return []
    generic = ruleset.get(GENERIC_SENTENCE)
    if generic is not None and generic.patterns:
        lead = [s for s in lead if generic.find(s) is None]
    found: list[Trigger] = []
    headline = " ".join((title or "").split())
    headline_shows: dict[str, bool] = {}
    for kind in KINDS:
        kind_rules = ruleset.get(kind)
        if kind_rules is None or not kind_rules.has_patterns():
            continue
        sentences_read = lead
        if headline and (kind_rules.body_excluded(headline)
                         or _headline_shows_other(ruleset, kind, headline, headline_shows)):
            sentences_read = lead[:1] if lead and lead[0] == headline else []
        for sentence in sentences_read:
            match = kind_rules.find(sentence)
            if match is not None:
                found.append(Trigger(kind=kind, evidence=_evidence(sentence, match)))
                break
    return found


def _headline_shows_other(ruleset: RuleSet, kind: str, headline: str,
                          shows: dict[str, bool]) -> bool:
    """Whether the headline shows one of the kind's `headline_exclude_kinds` and not the
    kind itself (`shows` caches what each kind's rules make of the headline)."""
    others = ruleset[kind].headline_exclude_kinds
    if not others:
        return False

    def shown(name: str) -> bool:
        if name not in shows:
            rules = ruleset.get(name)
            shows[name] = rules is not None and rules.find(headline) is not None
        return shows[name]

    return any(shown(other) for other in others) and not shown(kind)


def _opening(text: str) -> str:
    """The first `LEAD_CHARS` of a text, cut at a space (the lead is all that is read)."""
    if len(text or "") <= LEAD_CHARS:
        return text or ""
    cut = text.rfind(" ", 0, LEAD_CHARS)
    return text[:cut if cut > 0 else LEAD_CHARS]


def rules_or_builtin() -> tuple[RuleSet, TriggerRulesError | None]:
    """The rules in force, or the built-in ones and the reason when the user's file is bad.

    Ingestion uses this so that a typo in the rep's rules file is reported, not fatal.
    """
    try:
        return current_rules(), None
    except TriggerRulesError as exc:
        log.warning("%s", exc)
        return load_rules(include_user=False), exc
