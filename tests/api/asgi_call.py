"""Calls of an app under test, each handed to its TestClient's event loop in one hop."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi.testclient import TestClient

ASGI: dict[Any, httpx.AsyncClient] = {}  # per app


def call(client: TestClient, method: str, url: str, body: Any, headers: dict) -> Any:
    """`client.request(…)` handed to the client's event loop in one hop, not TestClient's
    eight or so (the walk makes 1,550 calls): the same app, request and response."""
    if client.app not in ASGI:
        transport = httpx.ASGITransport(client.app, client=("testclient", 50000))
        ASGI[client.app] = httpx.AsyncClient(
            transport=transport,
            base_url="http://testserver",
            headers={"user-agent": "testclient"},
            follow_redirects=True,
        )
    asgi = ASGI[client.app]
    assert client.portal is not None, "the client's app runs (inside `with`)"
    return client.portal.call(
        lambda: asgi.request(method, url, json=body, headers=headers)
    )
