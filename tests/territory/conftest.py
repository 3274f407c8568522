"""Fixtures for the territory tests: the fixture server of the research tests."""

from tests.research.conftest import fixture_server

__all__ = ["fixture_server"]
