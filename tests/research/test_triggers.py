"""Trigger events in headlines and leads: kinds, evidence, the rep's own rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import corpora_dir
from workbench.research import triggers
from workbench.research.triggers import KINDS, TriggerRulesError, detect

EXAMPLES = {
    "funding": "Acme raises $40 million in Series C funding led by Example Ventures.",
    "acquisition": "Globex agreed to acquire Acme for 1.2 billion dollars.",
    "leadership_change": "Acme appoints Jane Roe as chief financial officer.",
    "bankruptcy": "Acme files for Chapter 11 bankruptcy protection.",
    "layoffs": "Acme will cut 300 jobs as demand slows.",
    "expansion": "Acme opens a new office in Singapore to serve Asian customers.",
    "product_launch": "Acme launches a new analytics platform for retailers.",
    "earnings": "Acme reported a fourth-quarter net profit of 12 million dollars.",
    "partnership": "Acme partners with Initech to bring payments to small shops.",
    "legal": "Regulators sued Acme over misleading advertising.",
}


def test_the_kinds_are_exactly_the_ten_agreed() -> None:
    assert set(KINDS) == {"funding", "acquisition", "leadership_change", "bankruptcy", "layoffs",
                          "expansion", "product_launch", "earnings", "partnership", "legal"}
    assert set(triggers.KIND_LABELS) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_each_kind_is_found_with_its_sentence(kind: str) -> None:
    sentence = EXAMPLES[kind]
    found = detect("Company news", f"Acme Corp is based in Ohio. {sentence} More later.")
    by_kind = {t.kind: t.evidence for t in found}
    assert by_kind.get(kind) == sentence


def test_a_plain_story_has_no_triggers() -> None:
    assert detect("Acme sponsors the town marathon",
                  "Runners met on Sunday. The weather was fine. Everyone had fun.") == []


def test_the_headline_is_evidence_and_a_deep_mention_does_not_count() -> None:
    found = detect("Acme to buy Initech's payments unit")
    assert [(t.kind, t.evidence) for t in found] == [
        ("acquisition", "Acme to buy Initech's payments unit")]
    filler = " ".join(f"Sentence number {i} says nothing." for i in range(10))
    assert detect("Acme picnic", filler + " Acme files for bankruptcy.") == []


def test_the_rep_extends_and_replaces_rules_in_the_config_folder(private_home: Path) -> None:
    assert detect("Acme wins a government grant") == []
    triggers.user_rules_path().write_text(
        "[funding]\npatterns = ['\\bgovernment grant\\b']\n"
        "[legal]\nmode = \"replace\"\npatterns = ['\\bwhistleblower\\b']\n", encoding="utf-8")
    found = {t.kind for t in detect("Acme wins a government grant")}
    assert found == {"funding"}
    # "replace" dropped the built-in legal rules.
    assert detect("Regulators sued Acme") == []
    assert [t.kind for t in detect("Whistleblower speaks on Acme")] == ["legal"]


@pytest.mark.parametrize(("content", "message"), [
    ("[funding\npatterns = [", "not valid TOML"),
    ("[hiring]\npatterns = ['x']\n", "unknown kind “hiring”"),
    ("[funding]\npatterns = ['(unclosed']\n", "not a valid regular expression"),
    ("[funding]\npatterns = 'x'\n", "lists of strings"),
])
def test_a_bad_rules_file_gets_a_clear_message(private_home: Path, content: str, message: str) -> None:
    triggers.user_rules_path().write_text(content, encoding="utf-8")
    with pytest.raises(TriggerRulesError, match=message) as info:
        triggers.current_rules()
    assert str(triggers.user_rules_path()) in info.value.message
    # Ingestion goes on with the built-in rules and reports the problem.
    rules, error = triggers.rules_or_builtin()
    assert error is not None
    assert [t.kind for t in detect("Acme files for bankruptcy", rules=rules)] == ["bankruptcy"]


def test_the_rules_format_is_documented() -> None:
    assert "mode" in triggers.RULES_FORMAT and "exclude" in triggers.RULES_FORMAT
    assert triggers.builtin_rules_path().exists()


@pytest.mark.corpus
def test_reuters_held_out_stories_stay_near_the_targets() -> None:
    corpora_dir("news", "reuters-21578-dev")
    from benchmarks import triggers_eval

    count, scores = triggers_eval.evaluate(triggers_eval.HELD_OUT_FILES)
    assert count > 1000
    # Regression guard a little under the measured numbers (see benchmarks/triggers_eval.py).
    # Measured: earnings 0.980 / 0.945, acquisition 0.921 / 0.895.
    assert scores["earnings"].precision >= 0.96 and scores["earnings"].recall >= 0.92
    assert scores["acquisition"].precision >= 0.90 and scores["acquisition"].recall >= 0.87


def test_evidence_from_a_run_on_teaser_is_the_words_around_the_match() -> None:
    teaser = ("PC Pro: Microsoft defends return to DRM — " + "and so on " * 30
              + "Microsoft yesterday unveiled its new music service for phones — "
              + "while others moved on " * 20)
    (trigger,) = detect("Weekly roundup", teaser)
    assert trigger.kind == "product_launch"
    assert "unveiled its new music service" in trigger.evidence
    assert len(trigger.evidence) <= triggers.MAX_EVIDENCE_CHARS
    assert trigger.evidence in " ".join(teaser.split())  # verbatim: the tab can highlight it


@pytest.mark.parametrize(("kind", "title", "text"), [
    # An amount right after a space: "\b" before "$" could never match there.
    ("legal", "Regulator acts on Acme", "Acme was fined $38.5M by the state regulator for overbilling."),
    ("leadership_change", "Acme news", "Acme said its chief executive Jane Roe is retiring at year end."),
    ("legal", "Watchdog fines Acme over data handling", ""),
    ("product_launch", "Acme to introduce DockFlow", "Acme will introduce DockFlow, its scheduling tool, in May."),
    ("funding", "Acme plans IPO on Nasdaq", ""),
    ("earnings", "Acme results", "Acme earned 41 cents per diluted share in the quarter."),
    ("funding", "Acme secures a $75 million revolving credit facility", ""),
    ("acquisition", "Acme completes purchase of Initech", ""),
    ("product_launch", "Acme introduces DockFlow", ""),
    ("partnership", "Acme and Initech sign licensing agreement",
     "The licensing agreement lets Initech sell Acme's sensors in Europe."),
    ("partnership", "Acme news", "Acme signed a supply agreement with Initech for battery cells."),
    ("earnings", "Acme shares jump", "Acme shares rose 12% after quarterly results beat forecasts."),
])
def test_varied_wording_of_each_kind_is_found(kind: str, title: str, text: str) -> None:
    assert kind in {t.kind for t in detect(title, text)}


def test_initials_do_not_end_a_sentence_and_the_event_may_come_third() -> None:
    text = ("Shares of A.C. Moore Inc. were quiet in morning trade. The U.S. chain has 140 stores. "
            "A.C. Moore agreed to be acquired by Sbar's Inc. for $40 million.")
    (trigger,) = detect("A.C. Moore news", text)
    assert trigger.kind == "acquisition"
    assert trigger.evidence == "A.C. Moore agreed to be acquired by Sbar's Inc. for $40 million."


@pytest.mark.parametrize(("title", "text"), [
    ("What is Series B funding?", "Series B funding is the second round of venture funding."),
    ("Acquisition Press Release Template", "Use this template to announce that you acquired a company."),
    ("Merger (definition)", "A merger is the combining of two companies into one."),
    ("5 tips for buying a family-owned business", "Buying a business takes patience."),
    ("How to Write a New CEO Announcement", "Your announcement should name the new chief executive."),
])
def test_explainers_templates_and_glossaries_get_no_tag(title: str, text: str) -> None:
    assert detect(title, text) == []


def test_an_organisational_change_is_not_a_product_launch() -> None:
    found = detect("Acme announces organizational changes",
                   "Acme announced organizational changes to sharpen focus on the core platform.")
    assert "product_launch" not in {t.kind for t in found}


def test_a_later_sentence_counts_only_when_it_speaks_of_the_subject() -> None:
    text = ("Acme agreed to buy Initech for $300 million. Initech employs 400 people. "
            "Initech posted a net profit of $8 million last year.")
    kinds = {t.kind for t in detect("Acme to buy Initech", text)}
    assert kinds == {"acquisition"}
    # The same result said of the subject counts.
    text = "Acme met analysts. Acme opened a store. Acme reported a net profit of $8 million."
    assert "earnings" in {t.kind for t in detect("Acme news", text)}
    assert "earnings" in {t.kind for t in detect("Weekly notes", text.replace("Acme", "Globex"),
                                                 subject="Globex Corp")}


def test_the_rep_can_extend_the_explainer_veto(private_home: Path) -> None:
    assert [t.kind for t in detect("Acme files for bankruptcy")] == ["bankruptcy"]
    triggers.user_rules_path().write_text("[not_news]\npatterns = ['^acme files\\b']\n", encoding="utf-8")
    assert detect("Acme files for bankruptcy") == []


@pytest.mark.corpus
def test_press_releases_dev_set_meets_the_targets() -> None:
    corpora_dir("news", "press-releases-dev")
    from benchmarks import triggers_eval

    result = triggers_eval.evaluate_press_releases()
    micro = result.micro
    assert result.stories > 300
    # Regression guard a little under the measured numbers (see benchmarks/triggers_eval.py).
    assert micro.precision >= 0.92 and micro.recall >= 0.92
    assert result.negatives_tagged <= result.negatives // 20


def test_a_story_not_about_the_account_gets_no_tag_in_its_feeds() -> None:
    podcast = ("Episode 12: the biology of HIV acquisition",
               "Our guest explains how the acquisition of HIV differs between populations.")
    assert [t.kind for t in detect(*podcast)] == ["acquisition"]  # the words alone
    assert detect(*podcast, subject="Acme Corp", require_subject=True) == []
    # Named, or told in the first person, the event counts.
    assert [t.kind for t in detect("Acme acquires Initech", "", subject="Acme Corp",
                                   require_subject=True)] == ["acquisition"]
    assert [t.kind for t in detect("News", "We acquired Initech, a payments firm.",
                                   subject="Acme Corp", require_subject=True)] == ["acquisition"]


@pytest.mark.parametrize(("title", "text"), [
    # A rating agency's action after a bid: the bid is background.
    ("Globex debt affirmed by S/P",
     "The review follows Globex's agreement to acquire a controlling interest in Initech Corp."),
    # A results report whose notes mention a merger.
    ("Globex 4th qtr net", "The quarter's net reflects the merger with Initech Corp."),
    # Trade figures.
    ("Korean trade surplus seen falling", "Officials repeated concern about an attempted takeover of Fairchild."),
    # A suit to block a deal is a legal story.
    ("FTC sues to stop the Kroger-Albertsons merger", "It would be the biggest grocery merger yet."),
])
def test_a_headline_about_something_else_keeps_a_deal_below_it_as_background(title: str, text: str) -> None:
    assert "acquisition" not in {t.kind for t in detect(title, text)}
    # The same sentence under a neutral headline is an acquisition story.
    assert "acquisition" in {t.kind for t in detect("Company news", text)}


@pytest.mark.parametrize("sentence", [
    "Japanese traders cut their commitments to buy Chinese corn over the next six months.",
    "Globex said it plans to buy back up to two mln of its common shares.",
    "The dollar was holding in a narrow range against the yen.",
    "Globex denied it was in merger talks with Initech Corp.",
    "Globex sold 40,000 units of its new car in March.",
    "The bidders for the Navy contract include Globex Corp.",
])
def test_trade_buybacks_ranges_denials_and_contract_bids_are_not_acquisitions(sentence: str) -> None:
    assert "acquisition" not in {t.kind for t in detect("Company news", sentence)}


def test_stakes_bought_and_units_sold_still_are() -> None:
    for sentence in ("Globex said it raised its stake in Initech Corp to 9.8 pct.",
                     "Globex said it has a 12 pct holding in Initech Corp.",
                     "Globex agreed to sell its chemicals unit to Initech Corp."):
        assert "acquisition" in {t.kind for t in detect("Company news", sentence)}, sentence


def test_the_rep_can_add_a_headline_exclusion(private_home: Path) -> None:
    story = ("Globex wins award", "Globex was honoured for its acquisition of Initech Corp last week.")
    assert "acquisition" in {t.kind for t in detect(*story)}
    triggers.user_rules_path().write_text(
        "[acquisition]\nheadline_exclude = ['\\bwins award\\b']\n", encoding="utf-8")
    assert "acquisition" not in {t.kind for t in detect(*story)}
    # The headline itself still counts.
    assert [t.kind for t in detect("Globex wins award, acquires Initech")] == ["acquisition"]
