"""改派 `POST /requests/{id}/reassign` on both backends: a request raised at the wrong group is handed
to a group beside it, and its inbox follows. RULES.md names no rule for a move across; BZ-D1 (a
request enters at the level that can take it) is the closest and the one cited."""

from __future__ import annotations

from tests.api.problem_helpers import (
    API,
    assert_problem,
    log_unchanged,
    raise_request,
)

LEADER, COMMUNITY_STAFF, OTHER_GROUPS_RESIDENT = "P0037", "P0010", "P0043"


def reassign(client, auth, request_id: str, who: str = LEADER, **body):
    return client.post(
        f"{API}/requests/{request_id}/reassign",
        headers=auth(who),
        json={"to_unit": "CX010102", "reason": "住在2组，报错了小组", **body},
    )


def inbox(client, auth, unit: str, position: int) -> set[str]:
    response = client.get(
        f"{API}/units/{unit}/inbox",
        headers=auth(COMMUNITY_STAFF),
        params={"min_position": position},
    )
    assert response.status_code == 200, response.text
    return {item["request_id"] for item in response.json()["items"]}


def test_the_request_and_its_inbox_move_to_the_sibling_group_BZ_D1(client, auth):
    raised = raise_request(client, auth)
    moved = reassign(client, auth, raised["request_id"])
    assert moved.status_code == 200, moved.text
    assert (moved.json()["holding_unit"], moved.json()["status"]) == ("CX010102", "new")
    position = moved.json()["position"]
    assert raised["request_id"] in inbox(client, auth, "CX010102", position)
    assert raised["request_id"] not in inbox(client, auth, "CX010101", position)
    read = client.get(
        f"{API}/requests/{raised['request_id']}",
        headers=auth(COMMUNITY_STAFF),
        params={"min_position": position},
    ).json()
    assert read["holding_unit"] == "CX010102"
    assert read["timeline"][-1]["event_type"] == "Reassigned"


def test_the_parents_staff_may_reassign_too_BZ_D1(client, auth):
    raised = raise_request(client, auth)
    moved = reassign(client, auth, raised["request_id"], COMMUNITY_STAFF)
    assert moved.status_code == 200 and moved.json()["holding_unit"] == "CX010102"


def test_a_blank_reason_is_refused_with_the_rule_and_writes_nothing_BZ_D1(
    client, auth, container
):
    raised = raise_request(client, auth)
    with log_unchanged(container):
        refused = reassign(client, auth, raised["request_id"], reason="  ")
    assert_problem(refused, 422, "BZ-D1")


def test_a_unit_not_beside_the_holder_is_refused_and_writes_nothing_BZ_D1(
    client, auth, container
):
    raised = raise_request(client, auth)
    for to_unit in ("CX010201", "CX0101", "CX010101"):
        with log_unchanged(container):
            refused = reassign(client, auth, raised["request_id"], to_unit=to_unit)
        assert_problem(refused, 409, "BZ-D1")


def test_outside_the_callers_jurisdiction_is_refused_and_writes_nothing_BZ_D3(
    client, auth, container
):
    elsewhere = raise_request(client, auth, OTHER_GROUPS_RESIDENT)
    with log_unchanged(container):
        refused = reassign(client, auth, elsewhere["request_id"], to_unit="CX010101")
    assert_problem(refused, 403, "BZ-D3")


def test_a_closed_request_is_refused_and_writes_nothing_BZ_D1(client, auth, container):
    raised = raise_request(client, auth)
    request_id = raised["request_id"]
    done = client.post(
        f"{API}/requests/{request_id}/resolve",
        headers=auth(LEADER),
        json={"resolution": "已修复"},
    )
    assert done.status_code == 200, done.text
    closed = client.post(
        f"{API}/requests/{request_id}/confirm", headers=auth("P0038"), json={}
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    with log_unchanged(container):
        refused = reassign(client, auth, request_id)
    assert_problem(refused, 409, "BZ-D1")
