from __future__ import annotations

import pytest

from workbench.errors import InvalidInput
from workbench.urls import domain_of, looks_like_url, normalise_website


@pytest.mark.parametrize(("raw", "expected"), [
    ("example.com", "https://example.com"),
    ("www.Example.com/", "https://example.com"),
    ("HTTP://WWW.example.com/about/", "http://example.com/about"),
    ("https://example.com/#top", "https://example.com"),
    ("http://127.0.0.1:8123/", "http://127.0.0.1:8123"),
])
def test_websites_are_normalised(raw: str, expected: str) -> None:
    assert normalise_website(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "ftp://example.com", "file:///etc/passwd",
                                 "javascript:alert(1)", "exa mple.com"])
def test_bad_websites_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput):
        normalise_website(raw)


def test_domain_keeps_a_port_so_two_local_sites_differ() -> None:
    assert domain_of("www.acme.com/x") == "acme.com"
    assert domain_of("http://127.0.0.1:8001") != domain_of("http://127.0.0.1:8002")


def test_url_recognition_for_paste_and_drop() -> None:
    assert looks_like_url("https://acme.com/about")
    assert looks_like_url("acme.co.uk")
    assert not looks_like_url("Acme Corp")
    assert not looks_like_url("")
