"""People with titles in the layouts real team pages use."""

from __future__ import annotations

import pytest

from workbench.research.people import extract_people, looks_like_name, looks_like_title

URL = "https://acme.example/team"


def pairs(html: str) -> list[tuple[str, str]]:
    return [(p.name, p.title) for p in extract_people(html, URL)]


def test_cards_with_title_under_the_name() -> None:
    html = """<div class="grid">
      <div class="card"><img src="a.jpg" alt=""><h3>Priya Raman</h3><p>Chief Executive Officer</p>
        <a href="https://linkedin.com/in/p">LinkedIn</a></div>
      <div class="card"><h3>Tom Becker</h3><p>Chief Technology Officer</p></div></div>"""
    assert pairs(html) == [("Priya Raman", "Chief Executive Officer"),
                           ("Tom Becker", "Chief Technology Officer")]


def test_title_above_the_name_in_cards() -> None:
    html = """<div class="p"><span>Geschäftsführer</span><h4>Dr. Klaus Müller</h4></div>
    <div class="p"><span>Kaufmännische Leiterin</span><h4>Sabine Weiß</h4></div>"""
    assert pairs(html) == [("Klaus Müller", "Geschäftsführer"),
                           ("Sabine Weiß", "Kaufmännische Leiterin")]


def test_lists_with_separators_and_parentheses() -> None:
    html = """<ul><li>Marie-Claire Dubois, Directrice financière</li>
    <li><strong>John O'Neil</strong> – VP Sales</li><li>Ana de la Cruz | Head of Engineering</li>
    <li>Camille Martin (Directrice des opérations)</li></ul>"""
    assert pairs(html) == [("Marie-Claire Dubois", "Directrice financière"),
                           ("John O'Neil", "VP Sales"), ("Ana de la Cruz", "Head of Engineering"),
                           ("Camille Martin", "Directrice des opérations")]


def test_table_and_definition_list() -> None:
    html = """<table><tr><th>Name</th><th>Role</th></tr>
    <tr><td>Helen Zhang</td><td>Chair of the Board</td></tr>
    <tr><td>Robert Lindqvist</td><td>Independent Director</td></tr></table>
    <dl><dt>Élodie Dupont</dt><dd>Présidente-directrice générale</dd></dl>"""
    assert pairs(html) == [("Helen Zhang", "Chair of the Board"),
                           ("Robert Lindqvist", "Independent Director"),
                           ("Élodie Dupont", "Présidente-directrice générale")]


def test_json_ld_person_and_employee() -> None:
    html = """<script type="application/ld+json">{"@type":"Organization","name":"Acme",
    "employee":[{"@type":"Person","name":"Grace Okafor","jobTitle":"General Counsel"},
    {"@type":"Person","givenName":"Li","familyName":"Wei","jobTitle":["CTO","Founder"]}]}
    </script><p>Nothing else here.</p>"""
    assert pairs(html) == [("Grace Okafor", "General Counsel"), ("Li Wei", "CTO, Founder")]


def test_testimonials_and_headings_are_not_staff() -> None:
    html = """<nav><a>About Us</a><a>Our Team</a></nav><h2>Meet the Team</h2>
    <blockquote>Great! <cite>Dana Whitfield, COO at Globex Logistics</cite></blockquote>
    <h3>Board of Directors</h3><p>Read more about our leadership.</p>
    <h3>Contact Us</h3><p>Head Office</p>"""
    assert pairs(html) == []


@pytest.mark.parametrize("text,ok", [
    ("Jane Doe", True), ("Dr. Hans-Peter von Müller", True), ("J. R. Smith", True),
    ("Our Team", False), ("Chief Executive Officer", False), ("Jane", False),
    ("JANE DOE", False), ("Read More About Us", False), ("jane doe", False)])
def test_name_heuristic(text: str, ok: bool) -> None:
    assert looks_like_name(text) is ok


@pytest.mark.parametrize("text,ok", [
    ("CEO", True), ("Head of Engineering", True), ("Geschäftsführerin", True),
    ("Directeur des opérations", True), ("We are headed to Boston.", False),
    ("Products", False), ("Leading the way in robotics for warehouses since 2009.", False)])
def test_title_heuristic(text: str, ok: bool) -> None:
    assert looks_like_title(text) is ok


def test_organisations_customers_and_former_employers_are_not_people() -> None:
    html = """<html><body><main>
      <section class="team">
        <div class="card"><h3>Priya Raman</h3><p>Chief Executive Officer</p></div>
        <div class="card"><h3>Tom Becker</h3><p>Chief Financial Officer</p></div>
        <div class="card"><h3>Lakeshore Distribution</h3><p>Former CEO</p></div>
        <div class="card"><h3>Harbor Logistics Group</h3><p>Partner</p></div>
      </section>
      <section class="testimonials">
        <div><p>"Dock times fell by half."</p><p>Dana Whitfield</p><p>Chief Operating Officer</p></div>
      </section>
      <blockquote><p>Great team.</p><footer>Mark Olsen, Head of Logistics</footer></blockquote>
      <div class="customer-logos"><span>Ana Lopez</span><span>VP Supply Chain</span></div>
      <div class="bio"><p>Sam Ortiz</p><p>Former CFO</p></div>
    </main></body></html>"""
    names = {p.name for p in extract_people(html, "https://acme.example/team")}
    assert names == {"Priya Raman", "Tom Becker"}
