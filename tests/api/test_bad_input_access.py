"""Adversarial API tests, part 2: jurisdiction, malformed input, size limits, tokens, read-your-writes."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Iterator

import pytest

from domain.registry import REGISTRY_ID
from tests.api.problem_helpers import (
    API,
    RAISE,
    act,
    assert_invalid,
    assert_problem,
    at_community,
    log_unchanged,
    person,
    raise_request,
    read,
    resolved,
)
from tests.conftest import log_size

# ---- jurisdiction (BZ-D3) ----------------------------------------------------
UNIT_COMMANDS = {
    "accept": {},
    "resolve": {"resolution": "办完了"},
    "escalate": {"reason": "上报"},
    "delegate": {"to_unit": "CX010102", "instructions": "请办"},
}


@pytest.mark.parametrize("action", ["accept", "resolve", "escalate"])
def test_staff_of_another_community_cannot_act_BZ_D3(client, container, auth, action):
    request_id = raise_request(client, auth)["request_id"]
    with log_unchanged(container):
        response = act(
            client, auth, "P0012", request_id, action, **UNIT_COMMANDS[action]
        )
    assert_problem(response, 403, "BZ-D3")


@pytest.mark.parametrize("action", sorted(UNIT_COMMANDS))
def test_supervision_committee_reads_but_never_changes_BZ_D3(
    client, container, auth, action
):
    request_id = at_community(client, auth)
    assert read(client, auth, "P0028", request_id, container).status_code == 200
    with log_unchanged(container):
        response = act(
            client, auth, "P0028", request_id, action, **UNIT_COMMANDS[action]
        )
    assert_problem(response, 403, "BZ-D3")


@pytest.mark.parametrize(
    "action,body,setup",
    [("confirm", {}, resolved), ("withdraw", {"reason": "不需要了"}, at_community)],
)
def test_other_resident_cannot_confirm_or_withdraw_BZ_D3(
    client, container, auth, action, body, setup
):
    request_id = setup(client, auth)  # a state where the owner *could* do it
    with log_unchanged(container):
        response = act(client, auth, "P0039", request_id, action, **body)
    assert_problem(response, 403, "BZ-D3")


def test_resident_cannot_act_as_a_unit_BZ_D3(client, container, auth):
    request_id = raise_request(client, auth)["request_id"]
    with log_unchanged(container):
        response = act(client, auth, "P0038", request_id, "accept")
    assert_problem(response, 403, "BZ-D3")


@pytest.mark.parametrize("view", ["inbox", "stats"])
def test_group_leader_cannot_read_community_views_BZ_D3(client, container, auth, view):
    with log_unchanged(container):
        response = client.get(f"{API}/units/CX0101/{view}", headers=auth("P0037"))
    assert_problem(response, 403, "BZ-D3")


@pytest.mark.parametrize("reader", ["P0039", "P0042", "P0012"])
def test_reader_off_the_requests_path_is_refused_BZ_D3(client, container, auth, reader):
    """Another resident, a sibling group's leader, another community's staff."""
    request_id = raise_request(client, auth)["request_id"]
    assert read(client, auth, "P0038", request_id, container).status_code == 200
    with log_unchanged(container):
        assert_problem(read(client, auth, reader, request_id, container), 403, "BZ-D3")


def test_staff_cannot_raise_for_resident_outside_jurisdiction_BZ_D3(
    client, container, auth
):
    with log_unchanged(container):
        response = client.post(
            f"{API}/requests",
            headers=auth("P0012"),
            json={**RAISE, "on_behalf_of": person("P0038"), "channel": "hotline"},
        )
    assert_problem(response, 403, "BZ-D3")


@pytest.mark.parametrize(
    "ref,unit,status",
    [
        ("P0002", {"code": "CX010109", "level": "group", "parent": "CX0101"}, 403),
        ("P0001", {"code": "CX0109", "level": "group", "parent": "CX01"}, 409),
        ("P0001", {"code": "CX0109", "level": "community"}, 409),
        ("P0001", {"code": "CX01", "level": "street", "parent": "CX"}, 409),
    ],
)
def test_registry_change_refused_BZ_L1(client, container, auth, ref, unit, status):
    """Only an administrator; no level skip, no orphan, no duplicate code."""
    with log_unchanged(container):
        response = client.post(
            f"{API}/units", headers=auth(ref), json={**unit, "name": "新单位"}
        )
    assert_problem(response, status, "BZ-L1")


# ---- malformed input → 422 with `errors` -------------------------------------
@pytest.mark.parametrize(
    "change,loc",
    [
        ({"title": None}, ("body", "title")),
        ({"category": "weather"}, ("body", "category")),
        ({"priority": "high"}, ("body", "priority")),
        ({"title": "标" * 121}, ("body", "title")),
        ({"title": "a" * 121}, ("body", "title")),
        ({"title": "   "}, ("body", "title")),
        ({"description": "x" * 4001}, ("body", "description")),
        ({"channel": "fax"}, ("body", "channel")),
        ({"on_behalf_of": "P0038"}, ("body", "on_behalf_of")),
    ],
    ids=[
        "missing_title",
        "unknown_category",
        "extra_field",
        "title_121_cjk",
        "title_121_ascii",
        "blank_title",
        "description_4001",
        "unknown_channel",
        "on_behalf_of_not_uuid",
    ],
)
def test_malformed_raise_body_is_422(client, container, auth, change, loc):
    body = {k: v for k, v in {**RAISE, **change}.items() if v is not None}
    with log_unchanged(container):
        assert_invalid(
            client.post(f"{API}/requests", headers=auth("P0038"), json=body), *loc
        )


def test_title_of_120_chars_is_accepted(client, auth):
    assert raise_request(client, auth, title="标" * 120)["version"] == 1


NOT_UTF8 = pytest.param("标题".encode("gbk"), id="not_utf8")


@pytest.mark.parametrize(
    "content", [b"{not json", b"", b"[1, 2]", b'{"title": "x"', NOT_UTF8]
)
def test_non_json_body_is_422(client, container, auth, content):
    headers = {**auth("P0038"), "content-type": "application/json"}
    with log_unchanged(container):
        assert_invalid(
            client.post(f"{API}/requests", headers=headers, content=content), "body"
        )


@pytest.mark.parametrize("score", [0, 6, -1, 2.5, "five", None])
def test_rating_out_of_range_is_422_BZ_A1(client, container, auth, score):
    request_id = resolved(
        client, auth
    )  # rating is allowed here: only the score is wrong
    with log_unchanged(container):
        assert_invalid(
            act(client, auth, "P0038", request_id, "rate", score=score), "body", "score"
        )


@pytest.mark.parametrize(
    "action,body",
    [
        ("withdraw", {"reason": ""}),
        ("withdraw", {"reason": "  "}),
        ("withdraw", {}),
        ("escalate", {"reason": ""}),
    ],
)
def test_empty_reason_is_422(client, container, auth, action, body):
    request_id = raise_request(client, auth)["request_id"]
    ref = "P0038" if action == "withdraw" else "P0037"
    with log_unchanged(container):
        assert_invalid(
            act(client, auth, ref, request_id, action, **body), "body", "reason"
        )


@pytest.mark.parametrize("version", [0, -1, "v2"])
def test_malformed_expected_version_is_422(client, container, auth, version):
    request_id = raise_request(client, auth)["request_id"]
    with log_unchanged(container):
        assert_invalid(
            act(client, auth, "P0037", request_id, "accept", expected_version=version),
            "body",
            "expected_version",
        )


@pytest.mark.parametrize(
    "params,name",
    [
        ({"limit": 0}, "limit"),
        ({"limit": 1000}, "limit"),
        ({"limit": 201}, "limit"),
        ({"cursor": -1}, "cursor"),
        ({"status": "lost"}, "status"),
        ({"category": "weather"}, "category"),
        ({"min_position": -1}, "min_position"),
    ],
)
def test_inbox_query_out_of_range_is_422(client, container, auth, params, name):
    with log_unchanged(container):
        response = client.get(
            f"{API}/units/CX0101/inbox", headers=auth("P0010"), params=params
        )
    assert_invalid(response, "query", name)


@pytest.mark.parametrize("limit", [1, 200])
def test_inbox_limit_bounds_are_accepted(client, auth, limit):
    response = client.get(
        f"{API}/units/CX0101/inbox", headers=auth("P0010"), params={"limit": limit}
    )
    assert response.status_code == 200, response.text


def test_unauthenticated_malformed_body_is_401_not_422(client, container):
    with log_unchanged(container):
        response = client.post(f"{API}/requests", json={"title": ""})
    assert_problem(response, 401)


# ---- oversized bodies → 413 -------------------------------------------------
def _chunks(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), 8192):
        yield data[start : start + 8192]


@pytest.mark.parametrize("chunked", [False, True], ids=["content_length", "chunked"])
def test_oversized_body_is_413(client, container, auth, chunked):
    data = json.dumps({**RAISE, "description": "长" * 30000}).encode()  # ~90 KB
    assert len(data) > 64 * 1024
    headers = {**auth("P0038"), "content-type": "application/json"}
    with log_unchanged(container):
        response = client.post(
            f"{API}/requests",
            headers=headers,
            content=_chunks(data) if chunked else data,
        )
    assert_problem(response, 413)


# ---- authentication → 401 with WWW-Authenticate: Bearer -----------------------
def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _tampered_signature(tokens) -> str:
    token = tokens.issue(person("P0038"))
    return token[:-2] + ("AA" if token[-2:] != "AA" else "BB")


def _tampered_payload(tokens) -> str:
    """The resident's valid signature over a payload naming the district staff."""
    signature = tokens.issue(person("P0038")).split(".")[2]
    payload = {
        "sub": person("P0002"),
        "iat": int(time.time()),
        "exp": int(time.time()) + 3600,
    }
    return (
        f"gov1.{_b64(json.dumps(payload, separators=(',', ':')).encode())}.{signature}"
    )


BAD_CREDENTIALS = {
    "missing": lambda tokens: None,
    "basic_scheme": lambda tokens: "Basic " + _b64(b"P0038:secret"),
    "empty_bearer": lambda tokens: "Bearer ",
    "garbage": lambda tokens: "Bearer not-a-token",
    "garbage_three_parts": lambda tokens: "Bearer gov1.!!!.???",
    "tampered_signature": lambda tokens: "Bearer " + _tampered_signature(tokens),
    "tampered_payload": lambda tokens: "Bearer " + _tampered_payload(tokens),
    "expired": lambda tokens: (
        "Bearer " + tokens.issue(person("P0038"), now=time.time() - 10**6)
    ),
    "unregistered_person": lambda tokens: "Bearer " + tokens.issue(str(uuid.uuid4())),
    "sub_not_a_uuid": lambda tokens: "Bearer " + tokens.issue("P0038"),
}


@pytest.mark.parametrize("case", sorted(BAD_CREDENTIALS))
def test_bad_credentials_are_401(client, container, case):
    authorization = BAD_CREDENTIALS[case](container.tokens)
    headers = {"Authorization": authorization} if authorization is not None else {}
    with log_unchanged(container):
        response = client.post(f"{API}/requests", headers=headers, json=RAISE)
    assert_problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


def test_token_for_a_non_person_aggregate_is_401(client, container):
    headers = {"Authorization": "Bearer " + container.tokens.issue(str(REGISTRY_ID))}
    with log_unchanged(container):
        response = client.post(f"{API}/requests", headers=headers, json=RAISE)
    assert_problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


# ---- read-your-writes ---------------------------------------------------------
READS = ["/me/requests", "/units/CX0101/inbox", "/units/CX0101/stats", "/requests/{id}"]


@pytest.mark.parametrize("path", READS)
def test_min_position_ahead_of_log_is_422_READ_YOUR_WRITES(
    client, container, auth, path
):
    request_id = raise_request(client, auth)["request_id"]
    with log_unchanged(container):
        response = client.get(
            API + path.format(id=request_id),
            headers=auth("P0010"),
            params={"min_position": log_size(container) + 1},
        )
    body = assert_problem(response, 422, "READ-YOUR-WRITES")
    assert body["allowed_actions"] == ["use the position a command returned"]


@pytest.mark.parametrize("path", READS)
def test_min_position_at_head_is_served(client, container, auth, path):
    request_id = raise_request(client, auth)["request_id"]
    response = client.get(
        API + path.format(id=request_id),
        headers=auth("P0010"),
        params={"min_position": log_size(container)},
    )
    assert response.status_code == 200, response.text
