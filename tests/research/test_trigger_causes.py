"""Trigger rules by cause: one kind of sentence or headline the rules used to misread, each
with sentences written for the test (none taken from a corpus), the misreading that must
not happen and, beside it, the event that must still be found.

The causes were found by reading the false alarms and misses of the development files
only (see benchmarks/triggers_eval.py); the sentences here are new ones of the same shape.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.research import triggers
from workbench.research.triggers import TriggerRulesError, detect

NEUTRAL = "Company news"


def kinds(title: str, text: str = "") -> set[str]:
    return {t.kind for t in detect(title, text)}


def evidence(kind: str, title: str, text: str = "") -> str:
    (found,) = [t for t in detect(title, text) if t.kind == kind]
    return found.evidence


# --- acquisitions: what is not a deal ---------------------------------------------------

@pytest.mark.parametrize(("cause", "sentence"), [
    ("a deal dated in the past", "Orders at its Initech unit, bought in March 1986, continue to grow."),
    ("a deal dated in the past", "Globex will benefit from its acquisition in late December of Initech Inc."),
    ("a deal done, told as background", "Analysts said the recent purchase of Initech would not dilute Globex's margins."),
    ("financial assets bought", "The housing agency has so far acquired 2.3 billion dlrs of home mortgages."),
    ("financial assets bought", "The banks will move the assets acquired by lending to poor countries into the fund."),
    ("market buying and selling", "Heavy producer selling and a price war among roasting companies are expected."),
    ("acquired in another sense", "The region has acquired a reputation for cheap power and skilled workers."),
    ("the shares of a joint venture", "Globex will hold 60 pct of the shares in the new company, Initech the rest."),
    ("a stake a deal leaves out", "The new unit takes over the group's mines, excluding its stake in Initech Mining."),
    ("a deal as the cause of a result", "Analysts expect earnings to be boosted by the planned acquisition of Initech Corp."),
    ("an offering's use of proceeds", "The notes will fund working capital and acquisition of complementary businesses."),
    ("the mergers trade", "Jane Roe, head of mergers and acquisitions at Initech Securities, spoke first."),
    ("an analyst's advice", "Initech Securities recommends buying the stock of Globex Corp."),
    ("taking over a task", "The parent bank would take over the exposure if problems occurred."),
    ("an equipment order", "Globex Airlines agreed to buy 12 jets from Initech Aerospace Corp."),
    ("a deal that is a loan syndicate", "A dealer said he would recommend his bank against joining the deal."),
    ("a company's own notes", "Globex bought 5 mln dlrs of Initech's senior notes in the market."),
    ("the Common Market is no company's common stock",
     "Spain's farm exports rose to 12 pct of the Common Market's total."),
    ("acquisitions in general", "The company grew through four acquisitions last year."),
    ("acquisitions in general", "Cash flow should be adequate to fund internal growth and moderate acquisitions."),
])
def test_sentences_that_show_no_deal(cause: str, sentence: str) -> None:
    assert "acquisition" not in kinds(NEUTRAL, sentence), cause


@pytest.mark.parametrize(("cause", "title", "text"), [
    ("a results headline (by the earnings rules)", "GLOBEX CORP <GLX> SIX MTHS DEC 31 NET",
     "Globex said it completed its acquisition of Initech Inc in the period."),
    ("a gain on a sale is a results story", "Globex to have gain on sale of plastics unit",
     "Globex agreed to sell its plastics unit to Initech Corp for 40 mln dlrs."),
    ("a rating agency, newswire spelling", "Globex debt may be lowered by S and P",
     "The review follows Globex's offer to buy Initech Corp."),
    ("the economy", "Japan's GNP seen growing 2.5 pct this year",
     "Officials cited the planned takeover of Initech Corp by Globex as a sign of confidence."),
    ("a debt issue: the deal is what the money is for", "GLOBEX <GLX> FILES FOR DEBT OFFERING",
     "Globex will use the money to pay for its purchase of Initech Corp."),
])
def test_a_headline_about_something_else_makes_the_deal_below_it_background(
        cause: str, title: str, text: str) -> None:
    assert "acquisition" not in kinds(title, text), cause
    assert "acquisition" in kinds(NEUTRAL, text), cause  # the sentence alone is a deal


# --- acquisitions: what is a deal ----------------------------------------------------------

@pytest.mark.parametrize(("cause", "title", "text"), [
    ("a stake reported to the regulator", NEUTRAL,
     "Globex told the Securities and Exchange Commission it raised its stake in Initech Corp to 7.2 pct."),
    ("a stake cut, reported to the regulator", NEUTRAL,
     "Globex told the Securities and Exchange Commission it cut its stake in Initech Corp to 3.1 pct."),
    ("a securities firm bought", NEUTRAL, "Globex agreed to buy Initech Securities Inc, a broker."),
    ("a completed deal", NEUTRAL, "Globex said it closed the previously announced acquisition of Initech Corp."),
    ("units sold (headline)", "GLOBEX NEGOTIATING SALE OF UNITS", ""),
    ("assets sold (headline)", "GLOBEX TO SELL SOME PLANT ASSETS", ""),
    ("a share of a company sold", NEUTRAL,
     "Globex agreed to sell 80 pct of its interests in Initech Holding Corp to Acme."),
    ("a bid extended", "GLOBEX EXTENDS BID FOR INITECH", ""),
    ("a bid raised", NEUTRAL, "Globex raised its cash offer for Initech to 42 dlrs a share."),
    ("talks over a bid", NEUTRAL, "Globex and Initech failed to agree terms on a bid."),
    ("acquisitions as a stated plan", "GLOBEX LOOKS TO ACQUISITIONS FOR GROWTH", ""),
    ("a jet maker bought", NEUTRAL, "Globex agreed to buy Initech Aerospace, the jet maker."),
])
def test_sentences_that_show_a_deal(cause: str, title: str, text: str) -> None:
    assert "acquisition" in kinds(title, text), cause


def test_an_oil_fields_working_interest_sold_is_not_a_company_sold() -> None:
    assert "acquisition" not in kinds(NEUTRAL, "Globex sold its working interest in two North Sea fields.")


# --- earnings -----------------------------------------------------------------------------

@pytest.mark.parametrize(("cause", "title", "text"), [
    ("a newswire results table", "<INITECH INC> SIX MTHS DEC 31 LOSS", "Shr loss 11 cts Loss 739,146 Revs 11,754,251"),
    ("a results table with decimals", "<GLOBEX FSB> YEAR NET", "Net 52.9 mln vs 21.9 mln"),
    ("a payout table", "INITECH <INT> PAYS REGULAR QTRLY DIV", "Qtrly div 28.5 cts vs 28.5 cts Pay April 15"),
    ("a monthly payout", "<GLOBEX INCOME FUND> PAYOUT", "Mthly div 6.2 cts vs 6.1 cts prior"),
    ("a gain to be reported", "GLOBEX SEES GAIN ON SALE OF PLANT", ""),
    ("a charge taken", "GLOBEX HAS 4TH QTR CHARGE", ""),
])
def test_results_in_newswire_shapes_are_earnings(cause: str, title: str, text: str) -> None:
    assert "earnings" in kinds(title, text), cause


@pytest.mark.parametrize(("cause", "sentence"), [
    ("a market's sales", "Sales of previously owned homes fell 4.1 pct in May."),
    ("a holder's right to a dividend", "Holders who convert by May 1 are entitled to receive the regular quarterly dividend."),
])
def test_sentences_that_show_no_results(cause: str, sentence: str) -> None:
    assert "earnings" not in kinds(NEUTRAL, sentence), cause


def test_a_bought_firms_profits_under_a_deal_headline_are_not_an_earnings_event() -> None:
    text = "Initech earned a net profit of 3 mln dlrs on sales of 40 mln dlrs in 1986."
    assert kinds("GLOBEX AGREES TO BUY INITECH", text) == {"acquisition"}
    assert "earnings" in kinds(NEUTRAL, text)
    # A headline that shows both keeps both.
    assert {"acquisition", "earnings"} <= kinds("Globex 4th qtr net up; agrees to buy Initech", text)


def test_each_trigger_still_shows_the_sentence_that_proves_it() -> None:
    text = ("Globex Corp said on Tuesday it is in talks with several parties. "
            "Globex told the Securities and Exchange Commission it raised its stake in Initech Corp to 7.2 pct.")
    assert evidence("acquisition", NEUTRAL, text) == (
        "Globex told the Securities and Exchange Commission it raised its stake in Initech Corp to 7.2 pct.")


# --- the rep's rules file -----------------------------------------------------------------

def test_the_rep_can_name_kinds_whose_headline_makes_a_kind_background(private_home: Path) -> None:
    story = ("Globex sued by former staff", "The suit follows Globex's agreement to buy Initech Corp.")
    assert "acquisition" in kinds(*story)
    triggers.user_rules_path().write_text(
        "[acquisition]\nheadline_exclude_kinds = ['legal']\n", encoding="utf-8")
    assert "acquisition" not in kinds(*story)
    assert "legal" in kinds(*story)


@pytest.mark.parametrize("value", ["'legal'", "['lawsuits']", "['acquisition']", "[1]"])
def test_a_bad_headline_exclude_kinds_is_reported(private_home: Path, value: str) -> None:
    triggers.user_rules_path().write_text(
        f"[acquisition]\nheadline_exclude_kinds = {value}\n", encoding="utf-8")
    with pytest.raises(TriggerRulesError) as info:
        triggers.current_rules()
    assert "headline_exclude_kinds" in info.value.message
