"""Replayed Idempotency-Keys and concurrent writers: one command, one set of events, never a 500.

PostgreSQL may leave gaps in notification ids when a racing transaction rolls back,
so growth is counted in recorded events, not in the difference of log positions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from tests.api.problem_helpers import (
    API,
    RAISE,
    act,
    assert_invalid,
    assert_problem,
    done,
    log_unchanged,
    raise_request,
)
from tests.conftest import log_size

SAME_ANSWER = ("request_id", "version", "status", "holding_unit", "allowed_actions")


def post_keyed(
    client, auth, ref: str, key: str, path: str = "/requests", body: dict | None = None
):
    headers = {**auth(ref), "Idempotency-Key": key}
    return client.post(
        API + path, headers=headers, json=RAISE if body is None else body
    )


def events_since(container, position: int) -> list[str]:
    """Topics of the events recorded after `position`."""
    return [
        n.topic
        for n in container.ledger.recorder.select_notifications(
            start=position + 1, limit=1000
        )
    ]


def race(*calls: Callable[[], object]) -> list:
    """Start every call at the same moment; a server exception is returned, not lost in its thread."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - a 500 re-raised by the TestClient
            results[index] = error

    threads = [
        threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(r is not None and not isinstance(r, Exception) for r in results), results
    return results


# ---- Idempotency-Key --------------------------------------------------------
def test_replayed_key_returns_the_first_answer_IDEMPOTENCY(client, container, auth):
    first = post_keyed(client, auth, "P0038", "raise-1")
    assert first.status_code == 201 and first.json()["replayed"] is False
    with log_unchanged(container):
        again = post_keyed(client, auth, "P0038", "raise-1")
    assert again.status_code == 201, again.text
    assert again.json()["replayed"] is True
    assert {k: again.json()[k] for k in SAME_ANSWER} == {
        k: first.json()[k] for k in SAME_ANSWER
    }
    assert again.json()["position"] >= first.json()["position"]


def test_replayed_key_on_an_action_writes_nothing_IDEMPOTENCY(client, container, auth):
    request_id = raise_request(client, auth)["request_id"]
    path = f"/requests/{request_id}/accept"
    first = done(post_keyed(client, auth, "P0037", "accept-1", path, {}))
    with log_unchanged(container):
        again = done(post_keyed(client, auth, "P0037", "accept-1", path, {}))
    assert again["replayed"] is True and again["version"] == first["version"] == 2
    assert container.ledger.request(request_id).version == 2


@pytest.mark.parametrize(
    "change", [{"title": "另一件事"}, {"category": "safety"}, {"location": "5栋"}]
)
def test_same_key_different_body_is_422_IDEMPOTENCY(client, container, auth, change):
    assert post_keyed(client, auth, "P0038", "raise-2").status_code == 201
    with log_unchanged(container):
        response = post_keyed(
            client, auth, "P0038", "raise-2", body={**RAISE, **change}
        )
    body = assert_problem(response, 422, "IDEMPOTENCY")
    assert body["allowed_actions"] == ["send a new Idempotency-Key"]


def test_same_key_on_another_action_is_422_IDEMPOTENCY(client, container, auth):
    request_id = raise_request(client, auth)["request_id"]
    done(post_keyed(client, auth, "P0037", "k", f"/requests/{request_id}/accept", {}))
    with log_unchanged(container):
        response = post_keyed(
            client,
            auth,
            "P0037",
            "k",
            f"/requests/{request_id}/resolve",
            {"resolution": "好"},
        )
    assert_problem(response, 422, "IDEMPOTENCY")
    assert container.ledger.request(request_id).status.value == "accepted"


def test_same_key_by_another_person_is_independent_IDEMPOTENCY(client, container, auth):
    mine = post_keyed(client, auth, "P0038", "shared-key").json()
    before = log_size(container)
    theirs = post_keyed(client, auth, "P0039", "shared-key")
    assert theirs.status_code == 201, theirs.text
    assert (
        theirs.json()["replayed"] is False
        and theirs.json()["request_id"] != mine["request_id"]
    )
    assert (
        len(events_since(container, before)) == 2
    )  # their request + their key's record
    assert (
        post_keyed(client, auth, "P0039", "shared-key").json()["request_id"]
        == theirs.json()["request_id"]
    )


def test_refused_command_is_not_remembered_IDEMPOTENCY(client, container, auth):
    """A refusal acknowledges nothing: the same key is refused again, not replayed as success."""
    request_id = raise_request(client, auth)["request_id"]
    path = f"/requests/{request_id}/confirm"
    with log_unchanged(container):
        for _ in range(2):
            assert_problem(
                post_keyed(client, auth, "P0038", "confirm-1", path, {}), 409, "BZ-D1"
            )


@pytest.mark.parametrize("key", ["", "k" * 129])
def test_malformed_idempotency_key_is_422(client, container, auth, key):
    with log_unchanged(container):
        assert_invalid(
            post_keyed(client, auth, "P0038", key), "header", "Idempotency-Key"
        )


def test_concurrent_same_key_writes_once_IDEMPOTENCY(client, container, auth):
    before = log_size(container)
    responses = race(*[lambda: post_keyed(client, auth, "P0038", "racing-key")] * 3)
    assert [r.status_code for r in responses] == [201] * 3, [r.text for r in responses]
    assert len({r.json()["request_id"] for r in responses}) == 1
    assert sorted(r.json()["replayed"] for r in responses) == [False, True, True]
    assert len(events_since(container, before)) == 2


# ---- concurrent writers without expected_version ----------------------------
@pytest.mark.parametrize("round_", range(3))
def test_concurrent_accept_and_resolve_stay_consistent_BZ_D1(
    client, container, auth, round_
):
    request_id = raise_request(client, auth)["request_id"]
    before = log_size(container)
    accepted, resolved = race(
        lambda: act(client, auth, "P0037", request_id, "accept"),
        lambda: act(client, auth, "P0010", request_id, "resolve", resolution="修好了"),
    )
    assert resolved.status_code == 200, (
        resolved.text
    )  # resolving is allowed in either order
    assert accepted.status_code in (200, 409), accepted.text
    if accepted.status_code == 409:
        assert_problem(accepted, 409, "BZ-D1")
    wins = [r for r in (accepted, resolved) if r.status_code == 200]
    assert len(events_since(container, before)) == len(wins)
    final = container.ledger.request(request_id)
    assert final.version == 1 + len(wins) == max(r.json()["version"] for r in wins)
    assert final.status.value == "resolved"


def test_concurrent_accepts_exactly_one_wins_BZ_D1(client, container, auth):
    request_id = raise_request(client, auth)["request_id"]
    before = log_size(container)
    responses = race(*[lambda: act(client, auth, "P0037", request_id, "accept")] * 4)
    assert sorted(r.status_code for r in responses) == [200, 409, 409, 409], [
        r.text for r in responses
    ]
    for refused in (r for r in responses if r.status_code == 409):
        assert_problem(refused, 409, "BZ-D1")
    assert [t.rsplit(".", 1)[-1] for t in events_since(container, before)] == [
        "RequestAccepted"
    ]
    assert container.ledger.request(request_id).version == 2


def test_concurrent_writers_with_same_expected_version_one_wins_CONCURRENCY(
    client, container, auth
):
    request_id = raise_request(client, auth)["request_id"]
    before = log_size(container)
    responses = race(
        *[
            lambda ref=ref: act(
                client,
                auth,
                ref,
                request_id,
                "resolve",
                resolution="好",
                expected_version=1,
            )
            for ref in ("P0037", "P0010")
        ]
    )
    assert sorted(r.status_code for r in responses) == [200, 409], [
        r.text for r in responses
    ]
    assert_problem(
        next(r for r in responses if r.status_code == 409), 409, "CONCURRENCY"
    )
    assert len(events_since(container, before)) == 1
    assert container.ledger.request(request_id).version == 2
