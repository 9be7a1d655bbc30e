"""Fixtures of the page tests (tests/api/test_web_*.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from infra.app import create_app


@pytest.fixture
def pages(container):
    """A new client on the same app at each call (own cookies): another browser."""
    app = create_app(container=container)
    return lambda: TestClient(app)
