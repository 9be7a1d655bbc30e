"""`?as_of=` reads: a view as it was at a log position or a time, replayed from the log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from application.requests.commands import EscalateRequest
from tests.integration.audit_helpers import principal, raise_one


@pytest.fixture
def history(container):
    before = datetime.now(UTC).isoformat()
    raised = raise_one(container)
    escalated = container.requests.handle(
        principal(container, "P0037"),
        EscalateRequest(request_id=raised["request_id"], reason="需社区协调"),
    )
    container.runner.wait_for(
        escalated["position"], 10
    )  # access to a read is checked on the live views
    return {
        "id": raised["request_id"],
        "raised": raised["position"],
        "escalated": escalated["position"],
        "before": before,
    }


def test_a_request_as_of_its_raising_shows_the_state_then(client, auth, history):
    then = client.get(
        f"/api/v1/requests/{history['id']}",
        params={"as_of": history["raised"]},
        headers=auth("P0038"),
    ).json()
    assert (then["status"], then["holding_unit"], then["version"]) == (
        "new",
        "CX010101",
        1,
    )
    assert [e["event_type"] for e in then["timeline"]] == ["RequestRaised"]
    assert "withdraw" in then["allowed_actions"]
    now = client.get(
        f"/api/v1/requests/{history['id']}",
        params={"as_of": history["escalated"]},
        headers=auth("P0038"),
    ).json()
    live = client.get(
        f"/api/v1/requests/{history['id']}",
        params={"min_position": history["escalated"]},
        headers=auth("P0038"),
    ).json()
    assert now["holding_unit"] == live["holding_unit"] == "CX0101"
    assert {k: v for k, v in now.items() if k not in ("levels", "as_of")} == {
        k: v for k, v in live.items() if k != "levels"
    }


def test_inbox_and_my_requests_as_of_a_position_and_a_time(client, auth, history):
    group_then = client.get(
        "/api/v1/units/CX010101/inbox",
        params={"as_of": history["raised"]},
        headers=auth("P0037"),
    ).json()
    assert history["id"] in [item["request_id"] for item in group_then["items"]]
    group_now = client.get(
        "/api/v1/units/CX010101/inbox",
        params={"min_position": history["escalated"]},
        headers=auth("P0037"),
    ).json()
    assert history["id"] not in [item["request_id"] for item in group_now["items"]]
    mine_before = client.get(
        "/api/v1/me/requests",
        params={"as_of": history["before"]},
        headers=auth("P0038"),
    )
    assert history["id"] not in [
        item["request_id"] for item in mine_before.json()["items"]
    ]
    assert (
        client.get(
            f"/api/v1/requests/{history['id']}",
            params={"as_of": history["before"]},
            headers=auth("P0038"),
        ).status_code
        == 404
    )
    stats = client.get(
        "/api/v1/units/CX0101/stats",
        params={"as_of": history["escalated"]},
        headers=auth("P0010"),
    )
    assert stats.status_code == 200 and stats.json()["received"] >= 1


@pytest.mark.parametrize(
    "as_of, status", [("yesterday", 422), ("99999999", 422), ("", 422)]
)
def test_bad_as_of_is_422(client, auth, history, as_of, status):
    answer = client.get(
        f"/api/v1/requests/{history['id']}",
        params={"as_of": as_of},
        headers=auth("P0038"),
    )
    assert answer.status_code == status and answer.headers["content-type"].startswith(
        "application/problem+json"
    )


def test_as_of_keeps_jurisdiction(client, auth, history):
    assert (
        client.get(
            f"/api/v1/requests/{history['id']}",
            params={"as_of": history["raised"]},
            headers=auth("P0012"),
        ).status_code
        == 403
    )
