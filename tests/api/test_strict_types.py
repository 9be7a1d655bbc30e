"""Strict input types: an integer is an integer (never `true`, `"4"` or `1.0`), in every body and every
query or path parameter; each refusal is 422 problem+json naming the field, and writes nothing."""

from __future__ import annotations

import pytest

from api.strict import refuse_loose_body
from tests.api.openapi_walk import (
    filled,
    integer_fields,
    is_integer,
    nested,
    operations,
    without_access_checks,
)
from tests.api.problem_helpers import (
    API,
    act,
    assert_invalid,
    log_unchanged,
    raise_request,
    resolved,
)

LOOSE_INTEGERS = [True, False, "1", "4", 1.0, 4.0]
LOOSE_QUERY_INTEGERS = ["true", "1.0", '"1"', "+1", "1_0", " 1", "01"]
TASK = {
    "issuer_unit": "CX0101",
    "targets": ["CX010101"],
    "title": "楼道清理",
    "instructions": "清理杂物",
}


def assert_names_the_field(response, *loc: str) -> None:
    body = assert_invalid(response, *loc)
    assert (
        body["detail"].startswith("请求不符合接口定义：")
        and ".".join(loc) in body["detail"]
    ), body["detail"]


def test_score_takes_only_an_integer_BZ_A1(client, container, auth):
    request_id = resolved(client, auth)
    with log_unchanged(container):
        for score in LOOSE_INTEGERS:
            assert_names_the_field(
                act(client, auth, "P0038", request_id, "rate", score=score),
                "body",
                "score",
            )
    assert container.ledger.request(request_id).rated_this_round is False


def test_expected_version_takes_only_an_integer_CONCURRENCY(client, container, auth):
    request_id = raise_request(client, auth)["request_id"]
    with log_unchanged(container):
        for version in LOOSE_INTEGERS:
            response = act(
                client, auth, "P0037", request_id, "accept", expected_version=version
            )
            assert_names_the_field(response, "body", "expected_version")
    assert container.ledger.request(request_id).version == 1


def test_working_days_takes_only_an_integer_BZ_D2(client, container, auth):
    with log_unchanged(container):
        for days in LOOSE_INTEGERS:
            response = client.post(
                f"{API}/tasks",
                headers=auth("P0010"),
                json={**TASK, "working_days": days},
            )
            assert_names_the_field(response, "body", "working_days")
    assert (
        client.post(
            f"{API}/tasks", headers=auth("P0010"), json={**TASK, "working_days": 5}
        ).status_code
        == 201
    )


def test_a_boolean_takes_no_integer(client, container, auth):
    with log_unchanged(container):
        for consent in (1, 0, "true"):
            response = client.put(
                f"{API}/me/publication-consent",
                headers=auth("P0038"),
                json={"consent": consent},
            )
            assert_names_the_field(response, "body", "consent")


@pytest.mark.parametrize("name", ["min_position", "limit", "cursor"])
def test_query_integers_are_plain_digits_READ_YOUR_WRITES(
    client, container, auth, name
):
    with log_unchanged(container):
        for value in LOOSE_QUERY_INTEGERS:
            response = client.get(
                f"{API}/units/CX0101/inbox", headers=auth("P0010"), params={name: value}
            )
            assert_names_the_field(response, "query", name)
        accepted = client.get(
            f"{API}/units/CX0101/inbox", headers=auth("P0010"), params={name: "1"}
        )
    assert accepted.status_code == 200, accepted.text


# ---- every declared integer, found in the OpenAPI document (tests/api/openapi_walk.py) ----
def body_slips(client, auth, document: dict) -> tuple[list, list]:
    """Each integer of each body sent as a bool, a string-number and floats: the ones not refused."""
    checked, slipped = [], []
    for path, method, operation in operations(document):
        url = API + filled(path, operation.get("parameters", []), document)[len(API) :]
        for media in operation.get("requestBody", {}).get("content", {}).values():
            for where in integer_fields(document, media["schema"]):
                checked.append(where[-1])
                for value in (True, "1", 1.5, 1.0):
                    response = client.request(
                        method, url, headers=auth("P0002"), json=nested(where, value)
                    )
                    if ["body", *where] not in error_locations(response):
                        slipped.append(
                            (method, path, where, value, response.status_code)
                        )
    return checked, slipped


def parameter_slips(client, auth, document: dict) -> tuple[list, list]:
    """Each integer query or path parameter sent as loose text: the ones not refused."""
    checked, slipped = [], []
    for path, method, operation in operations(document):
        parameters = operation.get("parameters", [])
        for parameter in (p for p in parameters if is_integer(document, p["schema"])):
            name, place = parameter["name"], parameter["in"]
            checked.append(name)
            for value in LOOSE_QUERY_INTEGERS:
                bad = (name, value) if place == "path" else None
                url = API + filled(path, parameters, document, bad)[len(API) :]
                params = {name: value} if place == "query" else {}
                body = {} if method in ("post", "put") else None
                response = client.request(
                    method, url, headers=auth("P0002"), params=params, json=body
                )
                if [place, name] not in [loc[:2] for loc in error_locations(response)]:
                    slipped.append((method, path, name, value, response.status_code))
    return checked, slipped


def error_locations(response) -> list[list]:
    if response.status_code != 422:
        return []
    return [error["loc"] for error in response.json()["errors"]]


def test_every_body_integer_refuses_a_boolean_and_a_string_number(
    client, container, auth
):
    document = client.get("/openapi.json").json()
    without_access_checks(client)
    with log_unchanged(container):
        checked, slipped = body_slips(client, auth, document)
    assert slipped == [], "\n".join(map(str, slipped))
    expected = {"score", "expected_version", "working_days", "size", "numerator"}
    assert expected | {"seconds", "yes"} <= set(checked), checked


def test_every_query_and_path_integer_refuses_loose_text(client, container, auth):
    document = client.get("/openapi.json").json()
    without_access_checks(client)
    # Parameters only: a body's own refusal would come first and hide theirs.
    client.app.dependency_overrides[refuse_loose_body] = lambda: None
    with log_unchanged(container):
        checked, slipped = parameter_slips(client, auth, document)
    assert slipped == [], "\n".join(map(str, slipped))
    expected = {"min_position", "limit", "cursor", "position", "year", "number"}
    assert expected <= set(checked), checked
