"""Facts from JSON-LD (with @graph), OpenGraph, meta, tel:/mailto: links and text."""

from __future__ import annotations

import json

import lxml.html
import pytest

from tests.conftest import corpora_dir
from workbench.research.charset import decode
from workbench.research.facts import extract_facts, json_ld_blocks

URL = "https://acme.example/"


def kinds(facts) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for fact in facts:
        out.setdefault(fact.kind, []).append(fact.value)
    return out


def test_json_ld_graph_organization() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"Home"},
     {"@type":["Organization","Corporation"],"legalName":"Acme Robotics, Inc.",
      "foundingDate":"2009-04-01","numberOfEmployees":{"@type":"QuantitativeValue",
      "minValue":201,"maxValue":500},
      "address":{"@type":"PostalAddress","streetAddress":"12 Harbor Way",
                 "postalCode":"02110","addressLocality":"Boston","addressCountry":{"name":"US"}},
      "contactPoint":[{"@type":"ContactPoint","telephone":"+1 617 555 0100",
                       "email":"mailto:sales@acme.example"}],
      "sameAs":["https://www.linkedin.com/company/acme","https://example.org/not-social"]}]}
    </script></head><body></body></html>"""
    facts = extract_facts(html, URL)
    found = kinds(facts)
    assert found["name"] == ["Acme Robotics, Inc."]
    assert found["founded"] == ["2009"]
    assert found["employees"] == ["201–500"]
    assert found["address"] == ["12 Harbor Way, 02110 Boston, US"]
    assert found["phone"] == ["+1 617 555 0100"]
    assert found["email"] == ["sales@acme.example"]
    assert found["social"] == ["https://www.linkedin.com/company/acme"]
    assert all(f.source_url == URL for f in facts)


def test_open_graph_meta_links_and_text() -> None:
    html = """<html><head><meta property="og:site_name" content="Dupont &amp; Fils">
    <meta name="description" content="Transport frigorifique."></head><body>
    <p>Entreprise fondée en 1978, plus de 250 salariés.</p>
    <p>Téléphone : 01 45 12 34 56</p>
    <a href="tel:+33145123456">Appeler</a> <a href="mailto:contact@dupont.example?subject=Hi">Mail</a>
    <a href="https://www.facebook.com/sharer/sharer.php?u=x">Share</a>
    <a href="https://twitter.com/intent/tweet?text=x">Tweet</a>
    <a href="https://www.linkedin.com/company/dupont-fils/">LinkedIn</a></body></html>"""
    found = kinds(extract_facts(html, URL))
    assert found["name"] == ["Dupont & Fils"]
    assert found["description"] == ["Transport frigorifique."]
    assert found["founded"] == ["1978"]
    assert found["employees"] == ["plus de 250"]
    assert found["phone"] == ["+33145123456"]  # the same number written twice is one fact
    assert found["email"] == ["contact@dupont.example"]
    assert found["social"] == ["https://www.linkedin.com/company/dupont-fils"]


@pytest.mark.parametrize("sentence,year", [
    ("The company was founded in 1998 in Ohio.", "1998"),
    ("Die Firma wurde 1962 gegründet.", "1962"),
    ("Seit 1921 fertigen wir Uhren.", "1921"),
    ("Established 2004.", "2004"),
])
def test_founding_year_from_text(sentence: str, year: str) -> None:
    assert kinds(extract_facts(f"<p>{sentence}</p>", URL))["founded"] == [year]


def test_broken_json_ld_is_skipped_not_fatal() -> None:
    html = """<script type="application/ld+json">{"@type": "Organization", name: broken</script>
    <script type="application/ld+json">{"@type":"Organization","name":"Still Found",}</script>"""
    assert kinds(extract_facts(html, URL))["name"] == ["Still Found"]


@pytest.mark.corpus
def test_json_ld_matches_the_corpus_expectations() -> None:
    """Every structured-data corpus page with an expected .jsonld parses to exactly those
    objects (comments, control characters and HTML comments included)."""
    folder = corpora_dir("pages", "structured-data")

    def norm(value):
        if isinstance(value, dict) and set(value) == {"items"}:
            value = value["items"]
        out = []
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, list):
                out += norm(item)
            elif item:
                out.append(json.dumps(item, sort_keys=True))
        return sorted(out)

    checked = 0
    for expected in sorted(folder.rglob("*.jsonld")):
        page = expected.with_suffix(".html")
        if not page.exists():
            continue
        text, _ = decode(page.read_bytes(), None)
        got = norm(json_ld_blocks(lxml.html.fromstring(text)))
        assert got == norm(json.loads(expected.read_text("utf-8"))), expected.name
        checked += 1
    assert checked >= 12


@pytest.mark.corpus
def test_organization_facts_on_real_about_pages() -> None:
    folder = corpora_dir("pages", "about")
    html, _ = decode((folder / "creativecommons.org.html").read_bytes(), None)
    found = kinds(extract_facts(html, "https://creativecommons.org/about/"))
    assert "info@creativecommons.org" in found["email"]
    assert "https://twitter.com/creativecommons" in found["social"]
    html, _ = decode((folder / "shabka.org.about.html").read_bytes(), None)
    assert kinds(extract_facts(html, "https://shabka.org/about"))["founded"] == ["2013"]


@pytest.mark.parametrize("text,address", [
    ("Müller GmbH Schillerstraße 14 73033 Göppingen Geschäftsführer: Dr. K. Müller",
     "Schillerstraße 14, 73033 Göppingen"),
    ("Besuchen Sie uns: Berliner Straße 5, A-1010 Wien", "Berliner Straße 5, A-1010 Wien"),
    ("Dupont & Fils SAS, 3 rue des Halles, 94150 Rungis.", "3 rue des Halles, 94150 Rungis"),
    ("Visit us at 350 Fifth Avenue, Suite 5400, New York, NY 10118.",
     "350 Fifth Avenue, Suite 5400, New York, NY 10118"),
])
def test_address_from_imprint_and_contact_text(text: str, address: str) -> None:
    assert kinds(extract_facts(f"<p>{text}</p>", URL))["address"] == [address]


def test_numbers_and_years_are_not_addresses() -> None:
    html = "<p>We grew 20 percent in 2023 and hired 14 people in 2024 Berlin.</p>"
    assert "address" not in kinds(extract_facts(html, URL))


def test_one_address_written_two_ways_is_one_fact() -> None:
    html = """<script type="application/ld+json">{"@type":"Organization","address":
    {"streetAddress":"12 Harbor Way","postalCode":"02110","addressLocality":"Boston",
     "addressRegion":"MA","addressCountry":"US"}}</script>
    <address>Acme Robotics, Inc.<br>12 Harbor Way<br>Boston, MA 02110</address>"""
    assert kinds(extract_facts(html, URL))["address"] == ["12 Harbor Way, 02110 Boston, MA, US"]


def test_only_the_first_address_of_an_imprint_counts() -> None:
    html = """<p>Agentur MARKE ICH, Heidjerweg 1, 29614 Soltau</p>
    <p>Berufshaftpflichtversicherung: Gothaer Allgemeine Versicherung AG, Gothaer Allee 1,
    50969 Köln</p>"""
    assert kinds(extract_facts(html, URL))["address"] == ["Heidjerweg 1, 29614 Soltau"]
