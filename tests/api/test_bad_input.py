"""Adversarial API tests, part 1: unknown things and the bottom-up state machine.

Each test asserts the HTTP status, the `application/problem+json` content type, the
problem fields that matter (`rule_id`, `allowed_actions`, `errors`) and that the log
did not grow. Part 2 (jurisdiction, malformed input, size, tokens, read-your-writes) is
test_bad_input_access.py; idempotency and concurrency are in test_idempotency_concurrency.py.
"""

from __future__ import annotations

import uuid

import pytest

from domain.registry import REGISTRY_ID
from tests.api.problem_helpers import (
    API,
    RAISE,
    act,
    assert_invalid,
    assert_problem,
    at_community,
    at_district,
    done,
    log_unchanged,
    person,
    raise_request,
    resolved,
)


# ---- not found and malformed ids -------------------------------------------
@pytest.mark.parametrize("method,suffix", [("GET", ""), ("POST", "/accept")])
def test_unknown_request_id_is_404(client, container, auth, method, suffix):
    with log_unchanged(container):
        response = client.request(
            method,
            f"{API}/requests/{uuid.uuid4()}{suffix}",
            headers=auth("P0002"),
            json={} if method == "POST" else None,
        )
    assert "找不到诉求" in assert_problem(response, 404)["detail"]


def test_person_id_is_not_a_request_id(client, container, auth):
    """An existing aggregate of another type must not be found as a request."""
    with log_unchanged(container):
        response = act(client, auth, "P0002", person("P0038"), "accept")
    assert_problem(response, 404)


def test_unknown_unit_in_inbox_is_404_BZ_L1(client, container, auth):
    with log_unchanged(container):
        response = client.get(f"{API}/units/CX9999/inbox", headers=auth("P0002"))
    assert "CX9999" in assert_problem(response, 404, "BZ-L1")["detail"]


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/requests/not-a-uuid"),
        ("GET", "/requests/1234"),
        ("POST", "/requests/not-a-uuid/accept"),
    ],
)
def test_malformed_uuid_in_path_is_422(client, container, auth, method, path):
    with log_unchanged(container):
        response = client.request(
            method,
            API + path,
            headers=auth("P0002"),
            json={} if method == "POST" else None,
        )
    assert_invalid(response, "path", "request_id")


def test_unknown_person_on_behalf_of_is_404(client, container, auth):
    with log_unchanged(container):
        response = client.post(
            f"{API}/requests",
            headers=auth("P0010"),
            json={**RAISE, "on_behalf_of": str(uuid.uuid4()), "channel": "hotline"},
        )
    assert "找不到人员" in assert_problem(response, 404)["detail"]


@pytest.mark.parametrize("target", ["request", "registry"])
def test_on_behalf_of_a_non_person_id_is_404(client, container, auth, target):
    other = (
        raise_request(client, auth)["request_id"]
        if target == "request"
        else str(REGISTRY_ID)
    )
    with log_unchanged(container):
        response = client.post(
            f"{API}/requests",
            headers=auth("P0010"),
            json={**RAISE, "on_behalf_of": other, "channel": "visit"},
        )
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
        response = act(
            client,
            auth,
            "P0037",
            created["request_id"],
            "escalate",
            reason="直接找街道",
            to_unit=target,
        )
    body = assert_problem(response, 409, "BZ-D1")
    assert "CX0101" in body["detail"]  # names the level it would skip
    assert body["allowed_actions"] == created["allowed_actions"]
    assert "escalate" in body["allowed_actions"]  # one level up is still allowed


@pytest.mark.parametrize("target", ["CX010102", "CX010101", "CX0201"])
def test_escalate_to_unit_not_above_holder_is_422_BZ_D1(
    client, container, auth, target
):
    request_id = raise_request(client, auth)["request_id"]
    with log_unchanged(container):
        response = act(
            client, auth, "P0037", request_id, "escalate", reason="上报", to_unit=target
        )
    assert_problem(response, 422, "BZ-D1")


@pytest.mark.parametrize("target", ["CX010201", "CX0101", "CX01", "CX"])
def test_delegate_to_unit_not_below_holder_is_422_BZ_D1(
    client, container, auth, target
):
    request_id = at_community(client, auth)
    with log_unchanged(container):
        response = act(
            client,
            auth,
            "P0010",
            request_id,
            "delegate",
            to_unit=target,
            instructions="请处理",
        )
    assert (
        f"{target} 不是 CX0101 的下级"
        in assert_problem(response, 422, "BZ-D1")["detail"]
    )


def test_delegate_to_unknown_unit_is_404_BZ_L1(client, container, auth):
    request_id = at_community(client, auth)
    with log_unchanged(container):
        response = act(
            client,
            auth,
            "P0010",
            request_id,
            "delegate",
            to_unit="CX010199",
            instructions="请处理",
        )
    assert_problem(response, 404, "BZ-L1")


def test_delegate_from_a_group_refused_BZ_D1(client, container, auth):
    request_id = raise_request(client, auth)["request_id"]
    with log_unchanged(container):
        response = act(
            client,
            auth,
            "P0037",
            request_id,
            "delegate",
            to_unit="CX010101",
            instructions="x",
        )
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
    return (
        request_id,
        done(act(client, auth, "P0002", request_id, "accept")),
        "P0002",
        "accept",
    )


@pytest.mark.parametrize(
    "setup", [_new_at_group, _accepted_at_district], ids=["group", "district"]
)
def test_refusal_lists_exactly_what_the_state_allows_BZ_D1(
    client, container, auth, setup
):
    """No 'delegate' at a group, no 'escalate' at the district, in a 409 as in a 200."""
    request_id, last, ref, action = setup(client, auth)
    with log_unchanged(container):
        response = act(client, auth, ref, request_id, action)
    assert (
        assert_problem(response, 409, "BZ-D1")["allowed_actions"]
        == last["allowed_actions"]
    )


def test_withdrawn_request_allows_nothing_BZ_D1(client, container, auth):
    request_id = raise_request(client, auth)["request_id"]
    assert (
        done(act(client, auth, "P0038", request_id, "withdraw", reason="已自行解决"))[
            "allowed_actions"
        ]
        == []
    )
    with log_unchanged(container):
        response = act(client, auth, "P0037", request_id, "accept")
    assert assert_problem(response, 409, "BZ-D1")["allowed_actions"] == []


def test_rating_twice_in_one_round_refused_BZ_A1(client, container, auth):
    request_id = resolved(client, auth)
    done(act(client, auth, "P0038", request_id, "rate", score=5))
    with log_unchanged(container):
        response = act(client, auth, "P0038", request_id, "rate", score=4)
    assert assert_problem(response, 409, "BZ-A1")["allowed_actions"] == [
        "confirm",
        "dispute",
    ]


@pytest.mark.parametrize("seen", [1, 3])
def test_stale_expected_version_is_409_CONCURRENCY(client, container, auth, seen):
    request_id = raise_request(client, auth)["request_id"]
    assert done(act(client, auth, "P0037", request_id, "accept"))["version"] == 2
    with log_unchanged(container):
        response = act(
            client,
            auth,
            "P0037",
            request_id,
            "resolve",
            resolution="好了",
            expected_version=seen,
        )
    body = assert_problem(response, 409, "CONCURRENCY")
    assert (
        body["allowed_actions"] == ["reload and retry"]
        and "当前已是第 2 版" in body["detail"]
    )
    assert (
        done(
            act(
                client,
                auth,
                "P0037",
                request_id,
                "resolve",
                resolution="好了",
                expected_version=2,
            )
        )["version"]
        == 3
    )
