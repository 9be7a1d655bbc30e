"""Shared helpers of the adversarial API tests: problem+json assertions and request setups."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from domain.people import person_id_for
from tests.conftest import log_size

API = "/api/v1"
PROBLEM_JSON = "application/problem+json"
RAISE = {
    "title": "路灯不亮",
    "description": "3栋门口路灯坏了",
    "category": "facilities",
}
RESIDENT_ALLOWED_AT_GROUP = ["accept", "escalate", "reassign", "resolve", "withdraw"]


def person(ref: str) -> str:
    return str(person_id_for(ref))


def assert_problem(response, status: int, rule_id: str | None = None) -> dict:
    """Status, media type and the RFC 9457 fields; `rule_id` checked when given."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert isinstance(body["allowed_actions"], list)
    if rule_id is not None:
        assert body["rule_id"] == rule_id, body
    return body


def assert_invalid(response, *loc) -> dict:
    """A schema refusal: 422 with an `errors` entry located at `loc`."""
    body = assert_problem(response, 422)
    assert any(tuple(e["loc"][: len(loc)]) == loc for e in body["errors"]), body[
        "errors"
    ]
    return body


@contextmanager
def log_unchanged(container) -> Iterator[None]:
    before = log_size(container)
    yield
    assert log_size(container) == before, "a refused call wrote to the log"


def raise_request(client, auth, ref: str = "P0038", **fields) -> dict:
    response = client.post(
        f"{API}/requests", headers=auth(ref), json={**RAISE, **fields}
    )
    assert response.status_code == 201, response.text
    return response.json()


def act(client, auth, ref: str, request_id: str, action: str, **body):
    return client.post(
        f"{API}/requests/{request_id}/{action}", headers=auth(ref), json=body
    )


def done(response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def read(client, auth, ref: str, request_id: str, container):
    """GET a request once the views have seen everything written so far."""
    return client.get(
        f"{API}/requests/{request_id}",
        headers=auth(ref),
        params={"min_position": log_size(container)},
    )


def at_community(client, auth) -> str:
    """A request escalated from group CX010101 to community CX0101."""
    request_id = raise_request(client, auth)["request_id"]
    done(act(client, auth, "P0037", request_id, "escalate", reason="小组无法解决"))
    return request_id


def at_district(client, auth) -> tuple[str, dict]:
    """Escalate step by step group → community → street → district."""
    request_id = raise_request(client, auth)["request_id"]
    for ref, unit in (("P0037", "CX0101"), ("P0010", "CX01"), ("P0004", "CX")):
        answer = done(
            act(client, auth, ref, request_id, "escalate", reason=f"需{unit}协调")
        )
        assert answer["holding_unit"] == unit and answer["status"] == "new"
    return request_id, answer


def resolved(client, auth) -> str:
    request_id = raise_request(client, auth)["request_id"]
    done(act(client, auth, "P0037", request_id, "resolve", resolution="已修复"))
    return request_id
