"""Replays always answer (IDEMPOTENCY): a retry with the same Idempotency-Key and body, by the same caller,
gets the first answer again — same status, same body, its own position — whatever the item's state or the
caller's jurisdiction is now, and even when the first answer was lost after the command was committed."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.access import RESOLVERS, api_routes
from api.deps import command_fingerprint
from api.replay import replay_first
from api.schemas import CommandRead, EscalateBody
from application.ledger import IdempotencyKey
from application.requests.commands import EscalateRequest
from application.signin.authentication import Authentication
from domain.people import person_id_for
from infra.app import create_app
from infra.container import build_container
from tests.api.deliberation_helpers import COMMUNITY, STAFF, STAFF2, Deliberation, pid
from tests.api.erasure_helpers import ADMIN
from tests.api.problem_helpers import (
    API,
    act,
    assert_problem,
    log_unchanged,
    raise_request,
)

GROUP_LEADER = "P0037"  # leads group CX010101
ESCALATE = {"reason": "小组无法协调物业"}


def keyed(client, auth, ref: str, key: str, path: str, body: dict):
    return client.post(
        API + path, headers={**auth(ref), "Idempotency-Key": key}, json=body
    )


def assert_first_answer(again, first) -> None:
    """The first answer again: its status and every field, `replayed` now saying it is a replay."""
    assert again.status_code == first.status_code, again.text
    assert first.json()["replayed"] is False
    assert again.json() == {**first.json(), "replayed": True}


def test_escalate_replayed_after_the_request_left_the_group_IDEMPOTENCY_BZ_D3(
    client, container, auth
):
    request_id = raise_request(client, auth)["request_id"]
    path = f"/requests/{request_id}/escalate"
    first = keyed(client, auth, GROUP_LEADER, "escalate-1", path, ESCALATE)
    assert first.status_code == 200 and first.json()["holding_unit"] == COMMUNITY, (
        first.text
    )
    with log_unchanged(container):
        assert_problem(
            act(client, auth, GROUP_LEADER, request_id, "escalate", **ESCALATE),
            403,
            "BZ-D3",
        )
        again = keyed(client, auth, GROUP_LEADER, "escalate-1", path, ESCALATE)
    assert_first_answer(again, first)


def test_escalate_replay_keeps_refusing_another_body_or_caller_IDEMPOTENCY(
    client, container, auth
):
    request_id = raise_request(client, auth)["request_id"]
    path = f"/requests/{request_id}/escalate"
    assert (
        keyed(client, auth, GROUP_LEADER, "escalate-2", path, ESCALATE).status_code
        == 200
    )
    with log_unchanged(container):
        other_body = keyed(
            client, auth, GROUP_LEADER, "escalate-2", path, {"reason": "另一个理由"}
        )
        other_caller = keyed(client, auth, "P0038", "escalate-2", path, ESCALATE)
    assert_problem(
        other_body, 403, "BZ-D3"
    )  # no replay: the normal checks answer, as before
    assert_problem(other_caller, 403, "BZ-D3")


def test_task_command_replayed_after_the_task_was_cancelled_IDEMPOTENCY_BZ_D2(
    client, container, auth
):
    issued = keyed(
        client,
        auth,
        "P0010",
        "issue-1",
        "/tasks",
        {
            "issuer_unit": COMMUNITY,
            "targets": ["CX010101"],
            "title": "楼道清理",
            "instructions": "清理杂物",
            "working_days": 5,
        },
    ).json()
    path = f"/assignments/{issued['assignments'][0]}/acknowledge"
    first = keyed(client, auth, GROUP_LEADER, "ack-1", path, {})
    assert first.status_code == 200, first.text
    cancelled = client.post(
        f"{API}/tasks/{issued['task_id']}/cancel",
        headers=auth("P0010"),
        json={"reason": "已由物业清理"},
    )
    assert cancelled.status_code == 200, cancelled.text
    with log_unchanged(container):
        assert (
            client.post(API + path, headers=auth(GROUP_LEADER), json={}).status_code
            == 409
        )
        again = keyed(client, auth, GROUP_LEADER, "ack-1", path, {})
    assert_first_answer(again, first)


def test_deliberation_command_replayed_after_the_topic_moved_on_IDEMPOTENCY(
    client, container, auth
):
    deliberation = Deliberation(client, auth)
    deliberation.propose()
    path, body = f"/topics/{deliberation.topic_id}/register", {"number": "2026-017"}
    first = keyed(client, auth, STAFF, "register-1", path, body)
    assert first.status_code == 200, first.text
    checks = [
        {"check": c, "passed": True, "reason": f"{c}: 符合"}
        for c in ("nature", "scope", "feasibility")
    ]
    deliberation.topic(
        STAFF,
        "review",
        meeting="两委联席会议",
        attendees=[pid(STAFF), pid(STAFF2)],
        checks=checks,
        must=["public_affairs"],
        convenor=pid("P0038"),
        recorder=pid(STAFF),
        guide=pid(STAFF2),
    )
    with log_unchanged(container):
        assert (
            client.post(API + path, headers=auth(STAFF), json=body).status_code == 409
        )
        again = keyed(client, auth, STAFF, "register-1", path, body)
    assert_first_answer(again, first)


def test_answer_lost_after_commit_is_replayed_from_the_log_IDEMPOTENCY(
    settings, client, container, auth
):
    """The command is committed through the service with the key exactly as the route records it, its answer
    never sent; a service started afresh (nothing cached) answers the retry with that answer."""
    request_id = raise_request(client, auth)["request_id"]
    path = f"{API}/requests/{request_id}/escalate"
    token = container.tokens.issue(str(person_id_for(GROUP_LEADER)))
    caller = Authentication(container.ledger, container.tokens).principal(token)
    key = IdempotencyKey(
        caller.person_id,
        "lost-1",
        command_fingerprint("POST", path, EscalateBody(**ESCALATE)),
    )
    recorded = container.requests.handle(
        caller,
        EscalateRequest(
            request_id=request_id,
            reason=ESCALATE["reason"],
            to_unit=None,
            expected_version=None,
        ),
        key,
    )
    restarted = build_container(settings, start=False)
    with (
        TestClient(create_app(container=restarted)) as client,
        log_unchanged(restarted),
    ):
        again = client.post(
            path,
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "lost-1"},
            json=ESCALATE,
        )
    assert again.status_code == 200, again.text
    assert again.json() == {
        **CommandRead.model_validate(recorded).model_dump(mode="json"),
        "replayed": True,
    }
    assert again.json()["position"] == recorded["position"]


def test_replay_gives_the_first_answers_own_position_IDEMPOTENCY(
    client, container, auth
):
    """The position a replay gives is the first answer's own, not the head at the time of the retry."""
    first = keyed(
        client,
        auth,
        "P0038",
        "raise-pos",
        "/requests",
        {"title": "井盖松动", "description": "5栋门口", "category": "facilities"},
    )
    raise_request(client, auth)  # the log moves on
    again = keyed(
        client,
        auth,
        "P0038",
        "raise-pos",
        "/requests",
        {"title": "井盖松动", "description": "5栋门口", "category": "facilities"},
    )
    assert first.status_code == again.status_code == 201
    assert (
        again.json()["position"]
        == first.json()["position"]
        < container.ledger.position()
    )


def test_erasure_replayed_after_the_person_was_erased_IDEMPOTENCY_PIPL_47(
    client, container, auth
):
    path, body = (
        "/people/P0045/erase",
        {"basis": "consent_withdrawn", "reference": "R-1"},
    )
    first = keyed(client, auth, ADMIN, "erase-1", path, body)
    assert first.status_code == 200, first.text
    with log_unchanged(container):
        assert_problem(
            client.post(API + path, headers=auth(ADMIN), json=body), 409, "PIPL-47"
        )
        again = keyed(client, auth, ADMIN, "erase-1", path, body)
    assert_first_answer(again, first)


def test_every_route_taking_a_key_replays_before_its_access_check(client):
    """A new command route cannot forget it: the replay sits in the one access dependency."""
    keyed_routes = [
        (path, route)
        for path, _, route in api_routes(client.app)
        if any(p.alias == "Idempotency-Key" for p in route.dependant.header_params)
    ]
    assert len(keyed_routes) > 40
    for path, route in keyed_routes:
        calls, stack = [], list(route.dependant.dependencies)
        while stack:
            dependency = stack.pop(0)
            calls.append(dependency.call)
            stack[:0] = dependency.dependencies
        assert replay_first in calls, path
        lookups = [calls.index(r) for r in RESOLVERS.values() if r in calls]
        assert calls.index(replay_first) < min(lookups, default=len(calls)), path
