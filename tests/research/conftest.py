"""Fixtures for research tests: a real HTTP server on 127.0.0.1 and the fixture sites."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.research.server import FixtureServer

SITES = Path(__file__).resolve().parent.parent / "sites"


@pytest.fixture
def fixture_server() -> Iterator[FixtureServer]:
    """A started, empty server; add routes with ``.page()``, ``.route()``, ``.serve_folder()``."""
    with FixtureServer() as srv:
        yield srv


@pytest.fixture
def site_dir() -> Path:
    """The folder of fixture sites (``tests/sites/<name>/``)."""
    return SITES
