"""Refusals in deliberation: status, rule ID in the problem body, and the log unchanged."""

from __future__ import annotations

from tests.api.deliberation_helpers import PROPOSER, STAFF, VOTERS, Deliberation, pid
from tests.api.problem_helpers import assert_problem

OUTSIDER = "P0012"  # staff of another community


def refused(
    client, auth, container, who: str, path: str, body: dict, status: int, rule_id: str
) -> None:
    before = container.ledger.position()
    response = client.post(f"/api/v1{path}", headers=auth(who), json=body)
    assert_problem(response, status, rule_id)
    assert container.ledger.position() == before, "a refusal writes nothing"


def prepared(client, auth, mode="on_site") -> Deliberation:
    d = Deliberation(client, auth)
    d.propose()
    d.approve()
    d.prepare()
    d.sit(mode)
    return d


def test_deliberation_before_the_rules_are_adopted_is_refused_WZ_5_6_b(
    client, auth, container
):
    d = prepared(client, auth)
    path = f"/sittings/{d.sitting_id}"
    refused(
        client,
        auth,
        container,
        PROPOSER,
        f"{path}/explain",
        {"summary": "x"},
        409,
        "WZ-5.6-b",
    )
    d.counted("rules", 5, 4)
    refused(
        client,
        auth,
        container,
        PROPOSER,
        f"{path}/explain",
        {"summary": "x"},
        409,
        "WZ-5.6-b",
    )
    refused(
        client,
        auth,
        container,
        PROPOSER,
        f"{path}/open_vote",
        {"item": "rules"},
        409,
        "WZ-6",
    )


def test_a_third_speech_is_refused_WZ_5_5_b(client, auth, container):
    d = prepared(client, auth)
    d.counted("rules", 6, 3)
    d.sitting(PROPOSER, "explain", summary="说明")
    for _ in range(2):
        d.sitting(STAFF, "request_floor", participant=VOTERS[1], position="for")
        d.sitting(PROPOSER, "speak", participant=VOTERS[1], seconds=60, summary="要点")
    refused(
        client,
        auth,
        container,
        STAFF,
        f"/sittings/{d.sitting_id}/request_floor",
        {"participant": VOTERS[1], "position": "for"},
        409,
        "WZ-5.5-b",
    )


def test_online_a_non_eligible_or_repeated_vote_and_any_change_to_a_sealed_vote_are_refused_WZ_5_5_d(
    client, auth, container
):
    d = prepared(client, auth, "online")
    d.sitting(PROPOSER, "open_vote", item="rules", text="规则")
    for ref in ("P0038", "P0039", "P0040", "P0041", "P0043", "P0044"):
        d.sitting(ref, "cast", item="rules", choice="yes")
    d.sitting(PROPOSER, "close_vote", item="rules")
    d.sitting(PROPOSER, "explain", summary="说明")
    d.sitting(PROPOSER, "open_vote", item="item-1", text="加装")
    path = f"/sittings/{d.sitting_id}"
    refused(
        client,
        auth,
        container,
        STAFF,
        f"{path}/cast",
        {"item": "item-1", "choice": "yes"},
        403,
        "WZ-5.3-c",
    )
    d.sitting("P0039", "cast", item="item-1", choice="yes")
    refused(
        client,
        auth,
        container,
        "P0039",
        f"{path}/cast",
        {"item": "item-1", "choice": "no"},
        409,
        "WZ-5.6-a",
    )
    d.sitting(PROPOSER, "close_vote", item="item-1")
    refused(
        client,
        auth,
        container,
        "P0040",
        f"{path}/cast",
        {"item": "item-1", "choice": "yes"},
        409,
        "WZ-6",
    )
    refused(
        client,
        auth,
        container,
        PROPOSER,
        f"{path}/open_vote",
        {"item": "item-1"},
        409,
        "WZ-6",
    )
    refused(
        client,
        auth,
        container,
        STAFF,
        f"{path}/record_counts",
        {"item": "item-1", "yes": 9, "no": 0, "abstain": 0},
        409,
        "WZ-6",
    )


def test_a_participant_who_may_not_vote_is_refused_WZ_5_5_d(client, auth, container):
    d = Deliberation(client, auth)
    d.propose()
    d.approve()
    d.topic(
        PROPOSER,
        "plan",
        when="2026-12-01T09:00:00+08:00",
        place="p",
        form="online",
        host=pid(PROPOSER),
        participants={
            **dict.fromkeys(VOTERS, "stakeholder"),
            pid("P0049"): "non_stakeholder",
        },
    )
    d.topic(PROPOSER, "draft_rules")
    d.topic(STAFF, "announce", channels=["wechat"])
    d.sit("online", present=VOTERS)
    d.sitting("P0049", "sign_in")
    d.sitting(PROPOSER, "open_vote", item="rules", text="规则")
    refused(
        client,
        auth,
        container,
        "P0049",
        f"/sittings/{d.sitting_id}/cast",
        {"item": "rules", "choice": "yes"},
        403,
        "WZ-5.5-d",
    )


def test_outsiders_read_and_act_on_no_topic_WZ_5_6_e(client, auth, container):
    d = prepared(client, auth)
    assert_problem(
        client.get(f"/api/v1/topics/{d.topic_id}", headers=auth(OUTSIDER)), 403
    )
    refused(
        client,
        auth,
        container,
        OUTSIDER,
        f"/topics/{d.topic_id}/file",
        {},
        403,
        "BZ-D3",
    )
    refused(
        client,
        auth,
        container,
        OUTSIDER,
        f"/sittings/{d.sitting_id}/open_vote",
        {"item": "rules"},
        403,
        "BZ-D3",
    )
    assert_problem(
        client.get(
            "/api/v1/topics/00000000-0000-0000-0000-000000000000", headers=auth(STAFF)
        ),
        404,
    )


def test_neighbours_read_a_topic_only_once_it_is_announced_WZ_5_4(client, auth):
    """Before the announcement a proposal is the committees' and its role holders' business (a rejected
    two-party dispute names a neighbour); from the announcement on the whole community may read it."""
    neighbour = "P0050"  # a resident of the same community, with no role on the topic
    d = Deliberation(client, auth)
    d.propose()
    url = f"/api/v1/topics/{d.topic_id}"
    assert_problem(client.get(url, headers=auth(neighbour)), 403, "WZ-5.6-e")
    d.approve()
    assert_problem(client.get(url, headers=auth(neighbour)), 403, "WZ-5.6-e")
    assert client.get(url, headers=auth(PROPOSER)).status_code == 200
    d.prepare()  # planned, rules drafted, announced
    assert client.get(url, headers=auth(neighbour)).json()["status"] == "announced"
