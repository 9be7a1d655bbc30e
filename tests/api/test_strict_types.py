"""Strict input types: an integer is an integer (never `true`, `"4"` or `1.0`), in every body and every
query or path parameter; each refusal is 422 problem+json naming the field, and writes nothing."""

from __future__ import annotations

import inspect
import uuid
from typing import Any, get_type_hints

import pytest

from api.access import RESOLVERS, api_routes
from api.strict import refuse_loose_body
from tests.api.problem_helpers import API, act, assert_invalid, log_unchanged, raise_request, resolved

LOOSE_INTEGERS = [True, False, "1", "4", 1.0, 4.0]
LOOSE_QUERY_INTEGERS = ["true", "1.0", '"1"', "+1", "1_0", " 1", "01"]
TASK = {"issuer_unit": "CX0101", "targets": ["CX010101"], "title": "楼道清理", "instructions": "清理杂物"}


def assert_names_the_field(response, *loc: str) -> None:
    body = assert_invalid(response, *loc)
    assert body["detail"].startswith("请求不符合接口定义：") and ".".join(loc) in body["detail"], body["detail"]


def test_score_takes_only_an_integer_BZ_A1(client, container, auth):
    request_id = resolved(client, auth)
    with log_unchanged(container):
        for score in LOOSE_INTEGERS:
            assert_names_the_field(act(client, auth, "P0038", request_id, "rate", score=score), "body", "score")
    assert container.ledger.request(request_id).rated_this_round is False


def test_expected_version_takes_only_an_integer_CONCURRENCY(client, container, auth):
    request_id = raise_request(client, auth)["request_id"]
    with log_unchanged(container):
        for version in LOOSE_INTEGERS:
            response = act(client, auth, "P0037", request_id, "accept", expected_version=version)
            assert_names_the_field(response, "body", "expected_version")
    assert container.ledger.request(request_id).version == 1


def test_working_days_takes_only_an_integer_BZ_D2(client, container, auth):
    with log_unchanged(container):
        for days in LOOSE_INTEGERS:
            response = client.post(f"{API}/tasks", headers=auth("P0010"), json={**TASK, "working_days": days})
            assert_names_the_field(response, "body", "working_days")
    assert client.post(f"{API}/tasks", headers=auth("P0010"), json={**TASK, "working_days": 5}).status_code == 201


def test_a_boolean_takes_no_integer(client, container, auth):
    with log_unchanged(container):
        for consent in (1, 0, "true"):
            response = client.put(f"{API}/me/publication-consent", headers=auth("P0038"), json={"consent": consent})
            assert_names_the_field(response, "body", "consent")


@pytest.mark.parametrize("name", ["min_position", "limit", "cursor"])
def test_query_integers_are_plain_digits_READ_YOUR_WRITES(client, container, auth, name):
    with log_unchanged(container):
        for value in LOOSE_QUERY_INTEGERS:
            response = client.get(f"{API}/units/CX0101/inbox", headers=auth("P0010"), params={name: value})
            assert_names_the_field(response, "query", name)
        accepted = client.get(f"{API}/units/CX0101/inbox", headers=auth("P0010"), params={name: "1"})
    assert accepted.status_code == 200, accepted.text


# ---- every declared integer, found in the OpenAPI document ---------------------------------
def resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].split("/")[-1]]
    return schema


def is_integer(document: dict, schema: dict) -> bool:
    """An integer, or an integer or null; a union with other types may take other values on purpose."""
    schema = resolve(document, schema)
    variants = [resolve(document, v) for v in schema.get("anyOf", [schema])]
    kinds = {v.get("type") for v in variants}
    return "integer" in kinds and kinds <= {"integer", "null"}


def integer_fields(document: dict, schema: dict, where: tuple = ()) -> list[tuple]:
    """Where each integer sits in a body: ('score',), ('passing', 'numerator'), ('items', 0, 'count')..."""
    schema = resolve(document, schema)
    if is_integer(document, schema):
        return [where]
    found = []
    for variant in schema.get("anyOf", []):
        found += integer_fields(document, variant, where) if "null" not in str(variant) else []
    for name, prop in schema.get("properties", {}).items():
        found += integer_fields(document, prop, (*where, name))
    if schema.get("type") == "array":
        found += integer_fields(document, schema.get("items", {}), (*where, 0))
    return found


def nested(where: tuple, value: Any) -> Any:
    for part in reversed(where):
        value = [value] if isinstance(part, int) else {part: value}
    return value


def filled(path: str, parameters: list[dict], document: dict, bad: tuple[str, str] | None = None) -> str:
    """The path with each parameter given a valid value (or `bad` = (name, value))."""
    for parameter in (p for p in parameters if p["in"] == "path"):
        schema = resolve(document, parameter["schema"])
        value = str(schema.get("minimum", 1)) if is_integer(document, schema) else \
            str(uuid.uuid4()) if schema.get("format") == "uuid" else "x1"
        value = bad[1] if bad and bad[0] == parameter["name"] else value
        path = path.replace("{" + parameter["name"] + "}", value)
    return path


def parameters_only(resolver: Any) -> Any:
    """A stand-in for an access check that still declares (so validates) its target's parameters, and
    looks nothing up."""
    hints, signature = get_type_hints(resolver, include_extras=True), inspect.signature(resolver)

    def declared_parameters_only(**_: Any) -> None:
        return None
    declared_parameters_only.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[p.replace(annotation=hints[p.name]) for p in signature.parameters.values()])
    return declared_parameters_only


def without_access_checks(client) -> None:
    """Let every call reach validation: the access check (and its target's lookup) comes first otherwise."""
    resolvers = set(RESOLVERS.values())
    for _, _, route in api_routes(client.app):
        stack = list(route.dependant.dependencies)
        while stack:
            dependency = stack.pop()
            if hasattr(dependency.call, "operation"):
                checker = dependency.dependencies[0]
                resolver = next((d.call for d in checker.dependencies if d.call in resolvers), None)
                client.app.dependency_overrides[checker.call] = parameters_only(resolver) if resolver \
                    else (lambda: None)
                break
            stack.extend(dependency.dependencies)


def operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_body_integer_refuses_a_boolean_and_a_string_number(client, container, auth):
    document = client.get("/openapi.json").json()
    without_access_checks(client)
    checked, slipped = [], []
    with log_unchanged(container):
        for path, method, operation in operations(document):
            for media in operation.get("requestBody", {}).get("content", {}).values():
                for where in integer_fields(document, media["schema"]):
                    for value in (True, "1", 1.5, 1.0):
                        response = client.request(method, API + filled(path, operation.get("parameters", []),
                                                                       document).removeprefix("/api/v1"),
                                                  headers=auth("P0002"), json=nested(where, value))
                        loc = ["body", *where]
                        if response.status_code != 422 or loc not in [e["loc"] for e in response.json()["errors"]]:
                            slipped.append((method, path, where, value, response.status_code))
                    checked.append((path, where))
    assert slipped == []
    fields = {where[-1] for _, where in checked}
    assert {"score", "expected_version", "working_days", "size", "numerator", "seconds"} <= fields, fields


def test_every_query_and_path_integer_refuses_loose_text(client, container, auth):
    document = client.get("/openapi.json").json()
    without_access_checks(client)
    client.app.dependency_overrides[refuse_loose_body] = lambda: None  # parameters only: bodies are above
    checked, slipped = [], []
    with log_unchanged(container):
        for path, method, operation in operations(document):
            parameters = operation.get("parameters", [])
            for parameter in (p for p in parameters if is_integer(document, p["schema"])):
                for value in LOOSE_QUERY_INTEGERS:
                    place = parameter["in"]
                    bad = (parameter["name"], value) if place == "path" else None
                    url = API + filled(path, parameters, document, bad).removeprefix("/api/v1")
                    params = {parameter["name"]: value} if place == "query" else {}
                    response = client.request(method, url, headers=auth("P0002"), params=params,
                                              json={} if method in ("post", "put") else None)
                    errors = response.json().get("errors", []) if response.status_code == 422 else []
                    if [place, parameter["name"]] not in [e["loc"][:2] for e in errors]:
                        slipped.append((method, path, parameter["name"], value, response.status_code))
                checked.append(parameter["name"])
    assert slipped == [], "\n".join(map(str, slipped))
    assert {"min_position", "limit", "cursor", "position", "year"} <= set(checked), checked
