"""Hostile input: every text bounded, names normalised, control characters refused, nothing rendered as HTML,
safe headers on every answer, pagination capped."""

from __future__ import annotations

import json
from uuid import UUID

import pytest

from tests.api.problem_helpers import (
    API,
    RAISE,
    assert_invalid,
    assert_problem,
    log_unchanged,
    raise_request,
    read,
)

BOUNDED_STRING = ("maxLength", "pattern", "enum", "const", "format")


def resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].split("/")[-1]]
    return schema


def unbounded(document: dict, schema: dict, where: str) -> list[str]:
    """Strings without a length, pattern or enum and arrays without maxItems, anywhere in `schema`."""
    schema = resolve(document, schema)
    found = []
    for variant in schema.get("anyOf", []) + schema.get("allOf", []):
        found += unbounded(document, variant, where)
    if schema.get("type") == "string" and not any(
        key in schema for key in BOUNDED_STRING
    ):
        found.append(where)
    if schema.get("type") == "array":
        found += [where] if "maxItems" not in schema else []
        found += unbounded(document, schema.get("items", {}), f"{where}[]")
    for name, prop in schema.get("properties", {}).items():
        found += unbounded(document, prop, f"{where}.{name}")
    return found


def test_every_text_field_and_parameter_has_a_limit(client):
    document = client.get("/openapi.json").json()
    found = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                found += unbounded(
                    document,
                    parameter["schema"],
                    f"{method} {path} {parameter['name']}",
                )
            for media in operation.get("requestBody", {}).get("content", {}).values():
                found += unbounded(document, media["schema"], f"{method} {path} body")
    assert found == []


def test_the_limit_walker_finds_unbounded_fields():
    document = {
        "components": {
            "schemas": {
                "B": {
                    "type": "object",
                    "properties": {
                        "free": {"type": "string"},
                        "tags": {
                            "type": "array",
                            "items": {"type": "string", "maxLength": 3},
                        },
                        "maybe": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                        "ok": {"type": "string", "maxLength": 9},
                    },
                }
            }
        }
    }
    assert unbounded(document, {"$ref": "#/components/schemas/B"}, "b") == [
        "b.free",
        "b.tags",
        "b.maybe",
    ]


@pytest.mark.parametrize(
    "title",
    ["a\x00b", "a\x1b[31mb", "a\u202eb", "zero\u200bwidth", "two\nlines", "\ud800"],
    ids=[
        "nul",
        "escape",
        "bidi_override",
        "zero_width",
        "line_break",
        "lone_surrogate",
    ],
)
def test_control_and_invisible_characters_are_refused(client, container, auth, title):
    body = json.dumps(
        {**RAISE, "title": title}
    )  # ASCII, so a lone surrogate travels as \ud800
    with log_unchanged(container):
        response = client.post(
            f"{API}/requests",
            headers={**auth("P0038"), "content-type": "application/json"},
            content=body,
        )
    assert_invalid(response, "body", "title")


def test_free_text_keeps_line_breaks_and_names_are_nfc(client, container, auth):
    decomposed = "Cafe\u0301 楼道\r\n第二行"
    created = raise_request(client, auth, title="Cafe\u0301", description=decomposed)
    stored = read(client, auth, "P0038", created["request_id"], container).json()
    assert stored["title"] == "Café" and len(stored["title"]) == 4
    raised = next(
        iter(container.ledger.repository.event_store.get(UUID(created["request_id"])))
    )
    assert (raised.title, raised.description) == ("Café", "Café 楼道\n第二行")


def test_unit_names_are_nfc(client, container, auth):
    response = client.post(
        f"{API}/units/CX010101/rename",
        headers=auth("P0001"),
        json={"name": "Cafe\u0301组"},
    )
    assert response.status_code == 200, response.text
    units = client.get(
        f"{API}/units",
        headers=auth("P0001"),
        params={"min_position": response.json()["position"]},
    )
    assert {u["code"]: u["name"] for u in units.json()}["CX010101"] == "Café组"


SCRIPT = "<script>alert(1)</script>"


def test_html_is_never_sent_raw_but_round_trips(client, container, auth):
    created = raise_request(
        client, auth, title=SCRIPT, description="<img src=x onerror=alert(1)> & more"
    )
    response = read(client, auth, "P0038", created["request_id"], container)
    assert response.json()["title"] == SCRIPT
    assert (
        "<" not in response.text
        and ">" not in response.text
        and "&" not in response.text
    )
    assert "\\u003cscript\\u003e" in response.text


@pytest.mark.parametrize(
    "call",
    [
        lambda c, h: c.post(f"{API}/requests", headers=h, json={**RAISE, SCRIPT: 1}),
        lambda c, h: c.get(f"{API}/units/{SCRIPT}/inbox", headers=h),
        lambda c, h: c.get(f"{API}/{SCRIPT}", headers=h),
        lambda c, h: c.get(
            f"{API}/units/CX0101/inbox", headers=h, params={"status": SCRIPT}
        ),
    ],
    ids=["extra_field_name", "path_code", "unknown_path", "query_enum"],
)
def test_problem_details_never_echo_raw_html(client, container, auth, call):
    with log_unchanged(container):
        response = call(client, auth("P0010"))
    assert response.status_code in (404, 422)
    assert response.headers["content-type"] == "application/problem+json"
    assert "<" not in response.text and ">" not in response.text


API_POLICY = "default-src 'none'"


@pytest.mark.parametrize(
    "call,status",
    [
        (lambda c, h: c.get(f"{API}/me", headers=h), 200),
        (lambda c, h: c.post(f"{API}/requests", headers=h, json=RAISE), 201),
        (lambda c, h: c.get(f"{API}/me"), 401),
        (lambda c, h: c.get(f"{API}/nowhere", headers=h), 404),
        (lambda c, h: c.post(f"{API}/requests", headers=h, json={}), 422),
        (lambda c, h: c.post(f"{API}/requests", headers=h, content=b"x" * 70000), 413),
        (lambda c, h: c.get("/openapi.json"), 200),
        (lambda c, h: c.get(f"{API}/health"), 200),
    ],
    ids=["read", "write", "401", "404", "422", "413", "openapi", "health"],
)
def test_every_answer_has_nosniff_and_a_restrictive_policy(client, auth, call, status):
    response = call(client, auth("P0038"))
    assert response.status_code == status, response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].startswith(API_POLICY)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_docs_page_gets_a_policy_that_lets_it_load(client):
    response = client.get("/docs")
    policy = response.headers["content-security-policy"]
    assert (
        response.status_code == 200
        and response.headers["x-content-type-options"] == "nosniff"
    )
    assert (
        "script-src 'self' 'unsafe-inline';" in policy
        and "frame-ancestors 'none'" in policy
    )
    assert (
        "https:" not in policy
    )  # Swagger UI is served by the service itself (api/docs.py)


LISTS = ["/me/requests", "/me/notices", "/units/CX0101/inbox", "/tasks/{task}/rollup"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("limit,status", [(0, 422), (201, 422), (200, 200)])
def test_every_list_is_paged_and_capped_at_200(
    client, container, auth, path, limit, status
):
    task = client.post(
        f"{API}/tasks",
        headers=auth("P0010"),
        json={
            "issuer_unit": "CX0101",
            "title": "t",
            "instructions": "i",
            "working_days": 3,
        },
    ).json()
    ref = "P0038" if path.startswith("/me") else "P0010"
    response = client.get(
        API + path.format(task=task["task_id"]),
        headers=auth(ref),
        params={"limit": limit, "min_position": task["position"]},
    )
    assert response.status_code == status, response.text
    if status == 422:
        assert_invalid(response, "query", "limit")


def test_roll_up_items_page_with_next_cursor(client, auth):
    task = client.post(
        f"{API}/tasks",
        headers=auth("P0002"),
        json={
            "issuer_unit": "CX",
            "title": "t",
            "instructions": "i",
            "working_days": 3,
        },
    ).json()
    first = client.get(
        f"{API}/tasks/{task['task_id']}/rollup",
        headers=auth("P0002"),
        params={"limit": 2, "min_position": task["position"]},
    ).json()
    rest = client.get(
        f"{API}/tasks/{task['task_id']}/rollup",
        headers=auth("P0002"),
        params={"cursor": first["next_cursor"], "limit": 200},
    ).json()
    assert (
        first["assignments"] == 3
        and len(first["items"]) == 2
        and first["next_cursor"] == 2
    )
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None


def test_repeated_filters_are_capped(client, container, auth):
    with log_unchanged(container):
        response = client.get(
            f"{API}/units/CX0101/inbox",
            headers=auth("P0010"),
            params={"status": ["new"] * 21},
        )
    assert_invalid(response, "query", "status")
    assert_problem(response, 422)
