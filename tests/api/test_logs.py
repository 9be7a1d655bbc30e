"""The request log: JSON lines with the request id of each answer, and no personal data.

A distinctive name and phone number travel in a body, a query and a sign-in request;
the captured log must not contain either, while naming each request by its id,
route template, status, duration and the caller's reference and role.
"""

from __future__ import annotations

import io
import json
import logging

import pytest
from fastapi.testclient import TestClient

from infra.app import create_app
from infra.logging_setup import configure_logging
from tests.api.problem_helpers import API, RAISE

NAME, PHONE = "欧阳震华", "13987654321"


@pytest.fixture
def logged(container):
    """The app with the service's log captured as configured in production (JSON lines)."""
    buffer = io.StringIO()
    handler = configure_logging(
        container.settings.model_copy(update={"log_format": "json"}), buffer
    )
    try:
        with TestClient(create_app(container=container)) as client:
            yield client, buffer
    finally:
        logging.getLogger().removeHandler(handler)


def personal_calls(client: TestClient, auth) -> list:
    body = {**RAISE, "description": f"联系人{NAME}，电话{PHONE}", "location": NAME}
    return [
        client.post(
            f"{API}/requests",
            headers={**auth("P0038"), "X-Request-ID": "trace-0001"},
            json=body,
        ),
        client.post(f"{API}/requests", headers=auth("P0038"), json={"title": NAME}),
        client.get(f"{API}/me/requests", headers=auth("P0038"), params={"q": PHONE}),
        client.post(f"{API}/sessions/code", json={"phone": PHONE}),
        client.get(f"{API}/requests/{PHONE}", headers=auth("P0038")),
    ]


def request_lines(buffer: io.StringIO) -> list[dict]:
    lines = [json.loads(line) for line in buffer.getvalue().splitlines() if line]
    return [line for line in lines if line["logger"] == "gov.http"]


def test_each_answer_is_logged_as_a_json_line_with_its_request_id(logged, auth):
    client, buffer = logged
    answers = personal_calls(client, auth)
    assert answers[0].headers["x-request-id"] == "trace-0001"
    ids = [answer.headers["x-request-id"] for answer in answers]
    assert len(set(ids)) == len(ids)
    by_id = {line["request_id"]: line for line in request_lines(buffer)}
    for answer, request_id in zip(answers, ids, strict=True):
        line = by_id[request_id]
        assert line["status"] == answer.status_code
        assert line["duration_ms"] >= 0 and line["method"] in ("GET", "POST")
    raised = by_id["trace-0001"]
    assert raised["route"] == f"{API}/requests" and raised["status"] == 201
    assert raised["actor"] == "P0038" and raised["roles"] == ["resident"]
    assert by_id[ids[4]]["route"] == f"{API}/requests/{{request_id}}"


def test_the_log_holds_no_name_or_phone_number(logged, auth):
    client, buffer = logged
    answers = personal_calls(client, auth)
    assert answers[0].status_code == 201 and answers[1].status_code == 422
    text = buffer.getvalue()
    assert text and NAME not in text and PHONE not in text
    assert PHONE[-4:] not in json.dumps(request_lines(buffer))


def test_a_problem_body_carries_the_request_id_of_its_answer(logged, auth):
    client, _ = logged
    refused = client.post(
        f"{API}/requests",
        headers={**auth("P0038"), "X-Request-ID": "trace-0002"},
        json={"title": ""},
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["request_id"] == "trace-0002"
    unknown = client.get(f"{API}/no-such-thing")
    assert unknown.json()["request_id"] == unknown.headers["x-request-id"]


def test_an_unusable_request_id_is_replaced_by_a_new_one(logged):
    client, buffer = logged
    answer = client.get(f"{API}/health", headers={"X-Request-ID": "a b\t<script>"})
    generated = answer.headers["x-request-id"]
    assert generated != "a b\t<script>" and generated.isalnum()
    assert generated in {line["request_id"] for line in request_lines(buffer)}


def test_development_mode_logs_readable_lines(container):
    buffer = io.StringIO()
    handler = configure_logging(container.settings, buffer)  # development, auto
    try:
        with TestClient(create_app(container=container)) as client:
            answer = client.get(f"{API}/health", headers={"X-Request-ID": "dev-1"})
    finally:
        logging.getLogger().removeHandler(handler)
    line = next(line for line in buffer.getvalue().splitlines() if "dev-1" in line)
    assert f"GET {API}/health 200" in line and not line.startswith("{")
    assert answer.headers["x-request-id"] == "dev-1"
