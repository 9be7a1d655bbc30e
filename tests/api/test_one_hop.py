"""One hop per command (issue 16): an authenticated command's sync dependencies and its sync
endpoint run in one call on one worker thread (api/one_hop.py), not one hop each.

Counted, not timed: every handoff to a worker thread goes through `anyio.to_thread.run_sync`
(Starlette's `run_in_threadpool`, FastAPI's sync dependencies, endpoints and response
validation all use it), so the test wraps it for the length of one request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio.to_thread
import pytest

RESIDENT, GROUP_LEADER = "P0038", "P0037"
UNKNOWN = "00000000-0000-4000-8000-000000000001"
RAISE = {
    "title": "楼道灯坏了",
    "description": "5栋2单元楼道灯不亮",
    "category": "facilities",
}


@pytest.fixture
def hops(
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[[Callable[[], Any]], tuple[Any, int]]:
    """hops(call) → (call's result, how many times it handed work to a worker thread)."""
    counted: list[int] = []
    original = anyio.to_thread.run_sync

    async def counting(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        counted.append(1)
        return await original(func, *args, **kwargs)

    def measure(call: Callable[[], Any]) -> tuple[Any, int]:
        monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
        try:
            return call(), len(counted)
        finally:
            monkeypatch.setattr(anyio.to_thread, "run_sync", original)
            counted.clear()

    return measure


def test_raising_a_request_is_one_hop(client, auth, hops):
    raised, count = hops(
        lambda: client.post("/api/v1/requests", headers=auth(RESIDENT), json=RAISE)
    )
    assert raised.status_code == 201, raised.text
    assert count == 1


def test_escalating_a_request_is_one_hop(client, auth, hops):
    raised = client.post("/api/v1/requests", headers=auth(RESIDENT), json=RAISE)
    request_id = raised.json()["request_id"]
    body = {"reason": "小组无法协调物业", "expected_version": 1}
    escalated, count = hops(
        lambda: client.post(
            f"/api/v1/requests/{request_id}/escalate",
            headers=auth(GROUP_LEADER),
            json=body,
        )
    )
    assert escalated.status_code == 200, escalated.text
    assert count == 1


def test_every_api_route_takes_one_hop(client):
    """A router without `route_class=OneHopRoute` would hop once per sync dependency again."""
    from api.access import api_routes
    from api.one_hop import OneHopRoute

    routes = [getattr(r, "original_route", r) for _, _, r in api_routes(client.app)]
    assert len(routes) > 60
    assert [r.path for r in routes if not isinstance(r, OneHopRoute)] == []


@pytest.mark.parametrize(
    ("headers", "path", "body", "status"),
    [
        # no credentials: 401 before the loose body's 422 and the unknown item's 404
        ({}, "/api/v1/requests", {"title": 1}, 401),
        ({}, f"/api/v1/requests/{UNKNOWN}/escalate", {"reason": 1}, 401),
        # a bad path value is FastAPI's own 422, after the caller is known
        ({}, "/api/v1/requests/not-a-uuid/escalate", {"reason": "x"}, 401),
        (RESIDENT, "/api/v1/requests/not-a-uuid/escalate", {"reason": "x"}, 422),
        # the unknown item before the loose body and the rule
        (RESIDENT, f"/api/v1/requests/{UNKNOWN}/escalate", {"reason": 1}, 404),
        # outside the caller's reach before the loose body
        (RESIDENT, "/api/v1/units/CX0102/inbox", {}, 403),
        (RESIDENT, "/api/v1/requests", {"title": 1}, 422),
    ],
)
def test_refusals_keep_their_order(client, auth, headers, path, body, status):
    """The noted sync calls raise in FastAPI's solving order, and are made before a 422
    of FastAPI's own validation stops the request (api/one_hop.py)."""
    headers = auth(headers) if headers else {}
    method = client.get if path.endswith("/inbox") else client.post
    sent = {"json": body} if method is client.post else {}
    answer = method(path, headers=headers, **sent)
    assert answer.status_code == status, answer.text


def test_reading_an_inbox_is_one_hop(client, auth, hops):
    """A read takes the same path: the caller, the check and the query in one hop."""
    read, count = hops(
        lambda: client.get("/api/v1/units/CX010101/inbox", headers=auth(GROUP_LEADER))
    )
    assert read.status_code == 200, read.text
    assert count == 1
