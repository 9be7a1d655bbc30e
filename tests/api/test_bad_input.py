"""Adversarial API tests: every refusal is problem+json, names its rule, and writes nothing.

Each test asserts the HTTP status, the `application/problem+json` content type, the
problem fields that matter (`rule_id`, `allowed_actions`, `errors`) and that the log
did not grow. Idempotency and concurrency live in test_idempotency_concurrency.py.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from domain.people import person_id_for
from domain.registry import REGISTRY_ID
from tests.conftest import log_size

API = "/api/v1"
PROBLEM_JSON = "application/problem+json"
RAISE = {"title": "路灯不亮", "description": "3栋门口路灯坏了", "category": "facilities"}
RESIDENT_ALLOWED_AT_GROUP = ["accept", "escalate", "resolve", "withdraw"]


# ---- helpers -------------------------------------------------------------
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
    assert any(tuple(e["loc"][:len(loc)]) == loc for e in body["errors"]), body["errors"]
    return body


@contextmanager
def log_unchanged(container) -> Iterator[None]:
    before = log_size(container)
    yield
    assert log_size(container) == before, "a refused call wrote to the log"


def raise_request(client, auth, ref: str = "P0038", **fields) -> dict:
    response = client.post(f"{API}/requests", headers=auth(ref), json={**RAISE, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def act(client, auth, ref: str, request_id: str, action: str, **body):
    return client.post(f"{API}/requests/{request_id}/{action}", headers=auth(ref), json=body)


def done(response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def read(client, auth, ref: str, request_id: str, container):
    """GET a request once the views have seen everything written so far."""
    return client.get(f"{API}/requests/{request_id}", headers=auth(ref),
                      params={"min_position": log_size(container)})


def at_community(client, auth) -> str:
    """A request escalated from group CX010101 to community CX0101."""
    request_id = raise_request(client, auth)["request_id"]
    done(act(client, auth, "P0037", request_id, "escalate", reason="小组无法解决"))
    return request_id


def at_district(client, auth) -> tuple[str, dict]:
    """Escalate step by step group → community → street → district."""
    request_id = raise_request(client, auth)["request_id"]
    for ref, unit in (("P0037", "CX0101"), ("P0010", "CX01"), ("P0004", "CX")):
        answer = done(act(client, auth, ref, request_id, "escalate", reason=f"需{unit}协调"))
        assert answer["holding_unit"] == unit and answer["status"] == "new"
    return request_id, answer


def resolved(client, auth) -> str:
    request_id = raise_request(client, auth)["request_id"]
    done(act(client, auth, "P0037", request_id, "resolve", resolution="已修复"))
    return request_id


# ---- not found and malformed ids -------------------------------------------
@pytest.mark.parametrize("method,suffix", [("GET", ""), ("POST", "/accept")])
def test_unknown_request_id_is_404(client, container, auth, method, suffix):
    with log_unchanged(container):
        response = client.request(method, f"{API}/requests/{uuid.uuid4()}{suffix}", headers=auth("P0002"),
                                  json={} if method == "POST" else None)
    assert "unknown request" in assert_problem(response, 404)["detail"]


def test_person_id_is_not_a_request_id(client, container, auth):
    """An existing aggregate of another type must not be found as a request."""
    with log_unchanged(container):
        response = act(client, auth, "P0002", person("P0038"), "accept")
    assert_problem(response, 404)


def test_unknown_unit_in_inbox_is_404_BZ_L1(client, container, auth):
    with log_unchanged(container):
        response = client.get(f"{API}/units/CX9999/inbox", headers=auth("P0002"))
    assert "CX9999" in assert_problem(response, 404, "BZ-L1")["detail"]


@pytest.mark.parametrize("method,path", [("GET", "/requests/not-a-uuid"), ("GET", "/requests/1234"),
                                         ("POST", "/requests/not-a-uuid/accept")])
def test_malformed_uuid_in_path_is_422(client, container, auth, method, path):
    with log_unchanged(container):
        response = client.request(method, API + path, headers=auth("P0002"), json={} if method == "POST" else None)
    assert_invalid(response, "path", "request_id")


def test_unknown_person_on_behalf_of_is_404(client, container, auth):
    with log_unchanged(container):
        response = client.post(f"{API}/requests", headers=auth("P0010"),
                               json={**RAISE, "on_behalf_of": str(uuid.uuid4()), "channel": "hotline"})
    assert "unknown person" in assert_problem(response, 404)["detail"]


@pytest.mark.parametrize("target", ["request", "registry"])
def test_on_behalf_of_a_non_person_id_is_404(client, container, auth, target):
    other = raise_request(client, auth)["request_id"] if target == "request" else str(REGISTRY_ID)
    with log_unchanged(container):
        response = client.post(f"{API}/requests", headers=auth("P0010"),
                               json={**RAISE, "on_behalf_of": other, "channel": "visit"})
    assert_problem(response, 404)


# ---- the bottom-up state machine (BZ-D1) -----------------------------------
def test_escalate_past_district_refused_BZ_D1(client, container, auth):
    request_id, at_top = at_district(client, auth)
    assert "escalate" not in at_top["allowed_actions"]
    with log_unchanged(container):
        response = act(client, auth, "P0002", request_id, "escalate", reason="再往上报")
    body = assert_problem(response, 409, "BZ-D1")
    assert "escalate" not in body["allowed_actions"]
    assert body["allowed_actions"] == at_top["allowed_actions"]


@pytest.mark.parametrize("target", ["CX01", "CX"])
def test_level_skip_without_profile_refused_BZ_D1(client, container, auth, target):
    created = raise_request(client, auth)
    with log_unchanged(container):
        response = act(client, auth, "P0037", created["request_id"], "escalate", reason="直接找街道", to_unit=target)
    body = assert_problem(response, 409, "BZ-D1")
    assert "CX0101" in body["detail"]  # names the level it would skip
    assert body["allowed_actions"] == created["allowed_actions"]
    assert "escalate" in body["allowed_actions"]  # one level up is still allowed


@pytest.mark.parametrize("target", ["CX010102", "CX010101", "CX0201"])
def test_escalate_to_unit_not_above_holder_is_422_BZ_D1(client, container, auth, target):
    request_id = raise_request(client, auth)["request_id"]
    with log_unchanged(container):
        response = act(client, auth, "P0037", request_id, "escalate", reason="上报", to_unit=target)
    assert_problem(response, 422, "BZ-D1")


@pytest.mark.parametrize("target", ["CX010201", "CX0101", "CX01", "CX"])
def test_delegate_to_unit_not_below_holder_is_422_BZ_D1(client, container, auth, target):
    request_id = at_community(client, auth)
    with log_unchanged(container):
        response = act(client, auth, "P0010", request_id, "delegate", to_unit=target, instructions="请处理")
    assert "not below" in assert_problem(response, 422, "BZ-D1")["detail"]


def test_delegate_to_unknown_unit_is_404_BZ_L1(client, container, auth):
    request_id = at_community(client, auth)
    with log_unchanged(container):
        response = act(client, auth, "P0010", request_id, "delegate", to_unit="CX010199", instructions="请处理")
    assert_problem(response, 404, "BZ-L1")


def test_delegate_from_a_group_refused_BZ_D1(client, container, auth):
    request_id = raise_request(client, auth)["request_id"]
    with log_unchanged(container):
        response = act(client, auth, "P0037", request_id, "delegate", to_unit="CX010101", instructions="x")
    body = assert_problem(response, 409, "BZ-D1")
    assert "delegate" not in body["allowed_actions"]


def test_confirm_unresolved_request_refused_BZ_D1(client, container, auth):
    created = raise_request(client, auth)
    with log_unchanged(container):
        response = act(client, auth, "P0038", created["request_id"], "confirm")
    body = assert_problem(response, 409, "BZ-D1")
    assert "confirm" not in body["allowed_actions"]
    assert set(created["allowed_actions"]) <= set(body["allowed_actions"])


def _new_at_group(client, auth) -> tuple[str, dict, str, str]:
    created = raise_request(client, auth)
    return created["request_id"], created, "P0038", "confirm"


def _accepted_at_district(client, auth) -> tuple[str, dict, str, str]:
    request_id, _ = at_district(client, auth)
    return request_id, done(act(client, auth, "P0002", request_id, "accept")), "P0002", "accept"


@pytest.mark.parametrize("setup", [_new_at_group, _accepted_at_district], ids=["group", "district"])
def test_refusal_lists_exactly_what_the_state_allows_BZ_D1(client, container, auth, setup):
    """No 'delegate' at a group, no 'escalate' at the district, in a 409 as in a 200."""
    request_id, last, ref, action = setup(client, auth)
    with log_unchanged(container):
        response = act(client, auth, ref, request_id, action)
    assert assert_problem(response, 409, "BZ-D1")["allowed_actions"] == last["allowed_actions"]


def test_withdrawn_request_allows_nothing_BZ_D1(client, container, auth):
    request_id = raise_request(client, auth)["request_id"]
    assert done(act(client, auth, "P0038", request_id, "withdraw", reason="已自行解决"))["allowed_actions"] == []
    with log_unchanged(container):
        response = act(client, auth, "P0037", request_id, "accept")
    assert assert_problem(response, 409, "BZ-D1")["allowed_actions"] == []


def test_rating_twice_in_one_round_refused_BZ_A1(client, container, auth):
    request_id = resolved(client, auth)
    done(act(client, auth, "P0038", request_id, "rate", score=5))
    with log_unchanged(container):
        response = act(client, auth, "P0038", request_id, "rate", score=4)
    assert assert_problem(response, 409, "BZ-A1")["allowed_actions"] == ["confirm", "dispute"]


@pytest.mark.parametrize("seen", [1, 3])
def test_stale_expected_version_is_409_CONCURRENCY(client, container, auth, seen):
    request_id = raise_request(client, auth)["request_id"]
    assert done(act(client, auth, "P0037", request_id, "accept"))["version"] == 2
    with log_unchanged(container):
        response = act(client, auth, "P0037", request_id, "resolve", resolution="好了", expected_version=seen)
    body = assert_problem(response, 409, "CONCURRENCY")
    assert body["allowed_actions"] == ["reload and retry"] and "version is 2" in body["detail"]
    assert done(act(client, auth, "P0037", request_id, "resolve", resolution="好了", expected_version=2))["version"] == 3


# ---- jurisdiction (BZ-D3) ----------------------------------------------------
UNIT_COMMANDS = {"accept": {}, "resolve": {"resolution": "办完了"}, "escalate": {"reason": "上报"},
                 "delegate": {"to_unit": "CX010102", "instructions": "请办"}}


@pytest.mark.parametrize("action", ["accept", "resolve", "escalate"])
def test_staff_of_another_community_cannot_act_BZ_D3(client, container, auth, action):
    request_id = raise_request(client, auth)["request_id"]
    with log_unchanged(container):
        response = act(client, auth, "P0012", request_id, action, **UNIT_COMMANDS[action])
    assert_problem(response, 403, "BZ-D3")


@pytest.mark.parametrize("action", sorted(UNIT_COMMANDS))
def test_supervision_committee_reads_but_never_changes_BZ_D3(client, container, auth, action):
    request_id = at_community(client, auth)
    assert read(client, auth, "P0028", request_id, container).status_code == 200
    with log_unchanged(container):
        response = act(client, auth, "P0028", request_id, action, **UNIT_COMMANDS[action])
    assert_problem(response, 403, "BZ-D3")


@pytest.mark.parametrize("action,body,setup", [("confirm", {}, resolved),
                                               ("withdraw", {"reason": "不需要了"}, at_community)])
def test_other_resident_cannot_confirm_or_withdraw_BZ_D3(client, container, auth, action, body, setup):
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


def test_staff_cannot_raise_for_resident_outside_jurisdiction_BZ_D3(client, container, auth):
    with log_unchanged(container):
        response = client.post(f"{API}/requests", headers=auth("P0012"),
                               json={**RAISE, "on_behalf_of": person("P0038"), "channel": "hotline"})
    assert_problem(response, 403, "BZ-D3")


@pytest.mark.parametrize("ref,unit,status", [("P0002", {"code": "CX010109", "level": "group", "parent": "CX0101"}, 403),
                                             ("P0001", {"code": "CX0109", "level": "group", "parent": "CX01"}, 409),
                                             ("P0001", {"code": "CX0109", "level": "community"}, 409),
                                             ("P0001", {"code": "CX01", "level": "street", "parent": "CX"}, 409)])
def test_registry_change_refused_BZ_L1(client, container, auth, ref, unit, status):
    """Only an administrator; no level skip, no orphan, no duplicate code."""
    with log_unchanged(container):
        response = client.post(f"{API}/units", headers=auth(ref), json={**unit, "name": "新单位"})
    assert_problem(response, status, "BZ-L1")


# ---- malformed input → 422 with `errors` -------------------------------------
@pytest.mark.parametrize("change,loc", [
    ({"title": None}, ("body", "title")), ({"category": "weather"}, ("body", "category")),
    ({"priority": "high"}, ("body", "priority")), ({"title": "标" * 121}, ("body", "title")),
    ({"title": "a" * 121}, ("body", "title")), ({"title": "   "}, ("body", "title")),
    ({"description": "x" * 4001}, ("body", "description")), ({"channel": "fax"}, ("body", "channel")),
    ({"on_behalf_of": "P0038"}, ("body", "on_behalf_of")),
], ids=["missing_title", "unknown_category", "extra_field", "title_121_cjk", "title_121_ascii", "blank_title",
        "description_4001", "unknown_channel", "on_behalf_of_not_uuid"])
def test_malformed_raise_body_is_422(client, container, auth, change, loc):
    body = {k: v for k, v in {**RAISE, **change}.items() if v is not None}
    with log_unchanged(container):
        assert_invalid(client.post(f"{API}/requests", headers=auth("P0038"), json=body), *loc)


def test_title_of_120_chars_is_accepted(client, auth):
    assert raise_request(client, auth, title="标" * 120)["version"] == 1


NOT_UTF8 = pytest.param("标题".encode("gbk"), id="not_utf8")


@pytest.mark.parametrize("content", [b"{not json", b"", b"[1, 2]", b'{"title": "x"', NOT_UTF8])
def test_non_json_body_is_422(client, container, auth, content):
    headers = {**auth("P0038"), "content-type": "application/json"}
    with log_unchanged(container):
        assert_invalid(client.post(f"{API}/requests", headers=headers, content=content), "body")


@pytest.mark.parametrize("score", [0, 6, -1, 2.5, "five", None])
def test_rating_out_of_range_is_422_BZ_A1(client, container, auth, score):
    request_id = resolved(client, auth)  # rating is allowed here: only the score is wrong
    with log_unchanged(container):
        assert_invalid(act(client, auth, "P0038", request_id, "rate", score=score), "body", "score")


@pytest.mark.parametrize("action,body", [("withdraw", {"reason": ""}), ("withdraw", {"reason": "  "}),
                                         ("withdraw", {}), ("escalate", {"reason": ""})])
def test_empty_reason_is_422(client, container, auth, action, body):
    request_id = raise_request(client, auth)["request_id"]
    ref = "P0038" if action == "withdraw" else "P0037"
    with log_unchanged(container):
        assert_invalid(act(client, auth, ref, request_id, action, **body), "body", "reason")


@pytest.mark.parametrize("version", [0, -1, "v2"])
def test_malformed_expected_version_is_422(client, container, auth, version):
    request_id = raise_request(client, auth)["request_id"]
    with log_unchanged(container):
        assert_invalid(act(client, auth, "P0037", request_id, "accept", expected_version=version),
                       "body", "expected_version")


@pytest.mark.parametrize("params,name", [({"limit": 0}, "limit"), ({"limit": 1000}, "limit"),
                                         ({"limit": 201}, "limit"), ({"cursor": -1}, "cursor"),
                                         ({"status": "lost"}, "status"), ({"category": "weather"}, "category"),
                                         ({"min_position": -1}, "min_position")])
def test_inbox_query_out_of_range_is_422(client, container, auth, params, name):
    with log_unchanged(container):
        response = client.get(f"{API}/units/CX0101/inbox", headers=auth("P0010"), params=params)
    assert_invalid(response, "query", name)


@pytest.mark.parametrize("limit", [1, 200])
def test_inbox_limit_bounds_are_accepted(client, auth, limit):
    response = client.get(f"{API}/units/CX0101/inbox", headers=auth("P0010"), params={"limit": limit})
    assert response.status_code == 200, response.text


def test_unauthenticated_malformed_body_is_401_not_422(client, container):
    with log_unchanged(container):
        response = client.post(f"{API}/requests", json={"title": ""})
    assert_problem(response, 401)


# ---- oversized bodies → 413 -------------------------------------------------
def _chunks(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), 8192):
        yield data[start:start + 8192]


@pytest.mark.parametrize("chunked", [False, True], ids=["content_length", "chunked"])
def test_oversized_body_is_413(client, container, auth, chunked):
    data = json.dumps({**RAISE, "description": "长" * 30000}).encode()  # ~90 KB
    assert len(data) > 64 * 1024
    headers = {**auth("P0038"), "content-type": "application/json"}
    with log_unchanged(container):
        response = client.post(f"{API}/requests", headers=headers, content=_chunks(data) if chunked else data)
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
    payload = {"sub": person("P0002"), "iat": int(time.time()), "exp": int(time.time()) + 3600}
    return f"gov1.{_b64(json.dumps(payload, separators=(',', ':')).encode())}.{signature}"


BAD_CREDENTIALS = {
    "missing": lambda tokens: None,
    "basic_scheme": lambda tokens: "Basic " + _b64(b"P0038:secret"),
    "empty_bearer": lambda tokens: "Bearer ",
    "garbage": lambda tokens: "Bearer not-a-token",
    "garbage_three_parts": lambda tokens: "Bearer gov1.!!!.???",
    "tampered_signature": lambda tokens: "Bearer " + _tampered_signature(tokens),
    "tampered_payload": lambda tokens: "Bearer " + _tampered_payload(tokens),
    "expired": lambda tokens: "Bearer " + tokens.issue(person("P0038"), now=time.time() - 10**6),
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
def test_min_position_ahead_of_log_is_422_READ_YOUR_WRITES(client, container, auth, path):
    request_id = raise_request(client, auth)["request_id"]
    with log_unchanged(container):
        response = client.get(API + path.format(id=request_id), headers=auth("P0010"),
                              params={"min_position": log_size(container) + 1})
    body = assert_problem(response, 422, "READ-YOUR-WRITES")
    assert body["allowed_actions"] == ["use the position a command returned"]


@pytest.mark.parametrize("path", READS)
def test_min_position_at_head_is_served(client, container, auth, path):
    request_id = raise_request(client, auth)["request_id"]
    response = client.get(API + path.format(id=request_id), headers=auth("P0010"),
                          params={"min_position": log_size(container)})
    assert response.status_code == 200, response.text
