"""Schema.org data read by extruct (JSON-LD, microdata, RDFa), on the real structured-data
pages of the shared corpora, and the bounds that keep hostile pages cheap."""

from __future__ import annotations

import json
import re
import socket
import time
from typing import Any

import lxml.html
import pytest

from tests.conftest import corpora_dir
from workbench.research import structured_data
from workbench.research.charset import decode
from workbench.research.facts import extract_facts
from workbench.research.people import extract_people

URL = "https://acme.example/"


def _doc(path) -> tuple[Any, str]:
    text, _ = decode(path.read_bytes(), None)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # XHTML pages declare their encoding
    return lxml.html.fromstring(text), text


def _canonical(value: Any) -> str:
    """RDF is a set of statements: the order of a property's values is not part of it, and
    blank nodes get fresh names on every run ("_:N943d…" against "_:000001")."""
    def sort(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: sort(x) for k, x in v.items()}
        if isinstance(v, list):
            return sorted((sort(x) for x in v), key=lambda x: json.dumps(x, sort_keys=True))
        return v
    return re.sub(r'"_:[^"]*"', '"_:"', json.dumps(sort(value), sort_keys=True))


@pytest.mark.corpus
def test_microdata_matches_the_corpus_expectations() -> None:
    folder = corpora_dir("pages", "structured-data")
    checked = 0
    for sub in ("schema.org", "websites"):
        for expected in sorted((folder / sub).glob("*.json")):
            page = expected.with_suffix(".html")
            if not page.exists():
                continue
            doc, _ = _doc(page)
            got = structured_data.microdata_items(doc)
            assert json.dumps(got, sort_keys=True) == json.dumps(
                json.loads(expected.read_text("utf-8")), sort_keys=True), expected.name
            checked += 1
    assert checked >= 10


@pytest.mark.corpus
def test_rdfa_matches_the_corpus_expectations() -> None:
    folder = corpora_dir("pages", "structured-data")
    checked = 0
    for expected in sorted(folder.rglob("*.expanded.json")):
        page = expected.parent / expected.name.replace(".expanded.json", ".html")
        doc, html = _doc(page)
        got = structured_data.rdfa_items(doc, html, "http://www.example.com/index.html")
        want = json.loads(expected.read_text("utf-8"))
        assert sorted(map(_canonical, got)) == sorted(map(_canonical, want)), expected.name
        checked += 1
    assert checked >= 12


@pytest.mark.corpus
def test_a_microdata_business_gives_its_facts() -> None:
    page = corpora_dir("pages", "structured-data") / "schema.org" / "LocalBusiness.002.html"
    text, _ = decode(page.read_bytes(), None)
    facts = [f for f in extract_facts(text, URL) if f.origin == "structured"]
    got = {(f.kind, f.value) for f in facts}
    assert ("name", "GreatFood") in got
    assert ("phone", "(408) 714-1489") in got
    assert ("address", "1901 Lemur Ave, 94086 Sunnyvale, CA") in got


def test_rdfa_organization_and_person_are_read_like_json_ld() -> None:
    html = """<html><body vocab="http://schema.org/">
      <div typeof="Organization">
        <span property="name">Lakeshore Robotics</span>
        <span property="telephone">+1 617 555 0100</span>
        <span property="foundingDate">2009</span>
        <div property="address" typeof="PostalAddress">
          <span property="streetAddress">12 Harbor Way</span>
          <span property="addressLocality">Boston</span>
        </div>
        <div property="employee" typeof="Person">
          <span property="name">Dana Whitfield</span>
          <span property="jobTitle">Chief Executive Officer</span>
        </div>
      </div></body></html>"""
    facts = {(f.kind, f.value) for f in extract_facts(html, URL) if f.origin == "structured"}
    assert {("name", "Lakeshore Robotics"), ("phone", "+1 617 555 0100"), ("founded", "2009"),
            ("address", "12 Harbor Way, Boston")} <= facts
    people = {(p.name, p.title) for p in extract_people(html, URL)}
    assert ("Dana Whitfield", "Chief Executive Officer") in people


def test_microdata_person_is_found() -> None:
    html = """<html><body><div itemscope itemtype="https://schema.org/Person">
      <span itemprop="name">Priya Raman</span>, <span itemprop="jobTitle">VP Sales</span>
      </div></body></html>"""
    assert ("Priya Raman", "VP Sales") in {(p.name, p.title) for p in extract_people(html, URL)}


def test_json_ld_type_with_parameters_comments_and_trailing_commas() -> None:
    html = """<html><head><script type="application/LD+JSON; charset=utf-8">
    <!-- site data -->
    {"@type": "Organization", // the company
     "name": "Acme Robotics", "telephone": "+1 617 555 0100",}
    </script></head></html>"""
    got = structured_data.json_ld_items(lxml.html.fromstring(html))
    assert got == [{"@type": "Organization", "name": "Acme Robotics", "telephone": "+1 617 555 0100"}]


def test_hostile_structured_data_is_refused_quickly() -> None:
    nested_json = '{"a":' * 100_000 + "1" + "}" * 100_000
    # A comment that opens a "string" for a naive bracket counter, hiding deep nesting.
    hidden = '{"x": 1, // "\n"y": ' + "[" * 5_000 + "]" * 5_000 + '} // "\n'
    nested_items = ('<div itemscope itemtype="http://schema.org/Organization" itemprop="member">' * 300
                    + "x" + "</div>" * 300)
    many_typed = ('<div vocab="http://schema.org/">'
                  + '<div typeof="Organization"><span property="name">A</span></div>' * 3_000 + "</div>")
    html = ("<html><head>"
            f'<script type="application/ld+json">{nested_json}</script>'
            f'<script type="application/ld+json">{hidden}</script>'
            '<script type="application/ld+json">{"@type": "Organization", "name": "Still Here"}</script>'
            f"</head><body>{nested_items}{many_typed}</body></html>")
    start = time.process_time()
    items = structured_data.schema_items(lxml.html.fromstring(html), URL, html)
    assert time.process_time() - start < 2.0
    assert items == [{"@type": "Organization", "name": "Still Here"}]


def test_rdfa_fetches_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page naming remote vocabularies and profiles is read without a connection."""
    tried: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        tried.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    html = """<html><head profile="http://www.w3.org/1999/xhtml/vocab"></head>
      <body vocab="http://schema.org/" prefix="foaf: http://xmlns.com/foaf/0.1/">
      <div typeof="Organization foaf:Organization"><span property="name">Acme</span></div>
      </body></html>"""
    doc = lxml.html.fromstring(html)
    assert structured_data.schema_items(doc, URL, html)[0]["name"] == "Acme"
    assert tried == []
