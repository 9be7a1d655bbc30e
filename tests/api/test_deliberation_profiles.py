"""LS, JH and SX end to end through the API: each community adopts its profile (section P)."""

from __future__ import annotations

import pytest

from tests.api.deliberation_helpers import (
    COMMUNITY,
    PROPOSER,
    STAFF,
    VOTER_REFS,
    VOTERS,
    Deliberation,
    pid,
)
from tests.api.problem_helpers import assert_problem


def record(d: Deliberation, number: int, fmt: str = "md") -> str:
    response = d.client.get(
        f"/api/v1/topics/{d.topic_id}/records/{number}",
        headers=d.auth(STAFF),
        params={"format": fmt, "min_position": d.position},
    )
    assert response.status_code == 200, response.text
    return response.text


def adopt(d: Deliberation, profile: str) -> None:
    response = d.client.put(
        f"/api/v1/units/{COMMUNITY}/deliberation-profile",
        headers=d.auth(STAFF),
        json={"profile": profile},
    )
    assert (
        response.status_code == 200 and response.json()["profile"] == f"{profile}@1"
    ), response.text


def test_ls_quorum_and_item_by_item_votes_LS_2_4_6(client, auth):
    d = Deliberation(client, auth)
    adopt(d, "lishui-2017")
    d.propose()
    assert d.approve()["profile"] == "lishui-2017@1"
    d.prepare(form="meeting")
    d.sit(
        present=VOTERS[:7]
    )  # 7 of 11 participants (9 residents, an expert, a department)
    problem = assert_problem(
        client.post(
            f"/api/v1/sittings/{d.sitting_id}/open_vote",
            headers=auth(PROPOSER),
            json={"item": "rules"},
        ),
        409,
        "LS-2.4.6",
    )
    assert "（8 人）" in problem["detail"], "the refusal says how many must be present"
    d.sitting(STAFF, "sign_in", participant=VOTERS[7])
    d.counted("rules", 6, 0)
    d.sitting(PROPOSER, "explain", summary="说明")
    assert d.counted("item-1", 4, 2)["allowed_actions"] == [
        "attach_media",
        "expert_statement",
        "note_discussion",
        "open_vote",
        "request_floor",
        "settle",
        "sign_in",
    ]
    d.counted("item-2", 3, 3)
    assert (
        d.sitting(PROPOSER, "settle", implementation_plan="p")["outcome"]
        == "redeliberate"
    )
    votes = d.get(STAFF, f"/sittings/{d.sitting_id}")["votes"]
    assert (votes["item-1"]["passed"], votes["item-2"]["passed"]) == (True, False)
    assert votes["item-1"]["shares"] == {
        "yes": "50.0%",
        "no": "25.0%",
        "abstain": "0.0%",
    }, "of the 8 voters present"
    activity = record(d, 4)
    assert "item-1" in activity and "item-2" in activity and "50.0%" in activity, (
        "each item voted, in the record"
    )


@pytest.mark.parametrize(
    "reason",
    [
        "settled_by_law",
        "required_from_above",
        "already_voted",
        "unfair",
        "two_party_dispute",
    ],
)
def test_jh_each_five_must_not_item_rejects_the_topic_JH_4_2(client, auth, reason):
    d = Deliberation(client, auth)
    adopt(d, "jinhua-2023")
    d.propose()
    answer = d.approve(must_not={reason: "见审核意见"})
    assert answer["status"] == "rejected" and answer["allowed_actions"] == [
        "notify_proposer"
    ]
    d.topic(STAFF, "notify_proposer", channel="phone")
    topic = d.get(PROPOSER, f"/topics/{d.topic_id}")
    assert topic["status"] == "rejected" and topic["convenor"] is None
    assert "见审核意见" in record(d, 1), (
        "the review form carries the rejection's reason (JH-4.2)"
    )


def test_jh_consensus_needs_more_than_two_thirds_of_attendees_JH_5_3(client, auth):
    d = Deliberation(client, auth)
    adopt(d, "jinhua-2023")
    d.propose()
    d.approve(must_not={})
    d.prepare()
    d.sit()
    d.counted("rules", 6, 3)
    d.sitting(PROPOSER, "explain", summary="说明")
    d.counted("item-1", 6, 3)
    assert (
        d.sitting(PROPOSER, "settle", implementation_plan="p")["outcome"]
        == "redeliberate"
    )
    form = record(d, 4)
    assert "66.7%" in form and "33.3%" in form, (
        "JH-5.3: counts and percentages in the record form"
    )


def test_sx_immediate_topic_sits_within_48_hours_and_votes_online_SX_T1(client, auth):
    d = Deliberation(client, auth)
    adopt(d, "shaoxing-2024")
    d.propose()
    assert_problem(
        client.post(
            f"/api/v1/topics/{d.topic_id}/register",
            headers=auth(STAFF),
            json={"number": "N", "topic_class": "someday"},
        ),
        422,
    )
    d.approve(topic_class="immediate")
    late = client.post(
        f"/api/v1/topics/{d.topic_id}/plan",
        headers=auth(PROPOSER),
        json={
            "when": "2099-01-01T09:00:00+08:00",
            "place": "线上",
            "form": "online",
            "host": pid(PROPOSER),
            "participants": dict.fromkeys(VOTERS, "stakeholder"),
        },
    )
    assert_problem(late, 422, "SX-T1")
    d.prepare(form="online", when_days=1)
    d.sit("online", present=[])
    for ref in VOTER_REFS:
        d.sitting(ref, "sign_in")
    d.sitting(PROPOSER, "open_vote", item="rules", text="规则")
    for ref in VOTER_REFS[:6]:
        d.sitting(ref, "cast", item="rules", choice="yes")
    d.sitting(PROPOSER, "close_vote", item="rules")
    d.sitting(PROPOSER, "explain", summary="说明")
    d.sitting(PROPOSER, "open_vote", item="item-1", text="方案")
    for ref, choice in zip(
        VOTER_REFS, ["yes"] * 5 + ["no"] * 3 + ["abstain"], strict=False
    ):
        d.sitting(ref, "cast", item="item-1", choice=choice)
    closed = d.sitting(PROPOSER, "close_vote", item="item-1")
    assert (
        d.sitting(PROPOSER, "settle", implementation_plan="p")["outcome"] == "consensus"
    ), closed
    vote = d.get(STAFF, f"/sittings/{d.sitting_id}")["votes"]["item-1"]
    assert (vote["yes"], vote["no"], vote["abstain"]) == (5, 3, 1), (
        "counted from the ballots cast"
    )
    assert "55.6%" in record(d, 4), "5 of 9 voters, online"


def test_sx_in_depth_topic_starts_within_five_working_days_SX_T1(client, auth):
    d = Deliberation(client, auth)
    adopt(d, "shaoxing-2024")
    d.propose()
    d.approve(topic_class="in_depth")
    topic = d.get(STAFF, f"/topics/{d.topic_id}")
    assert topic["topic_class"] == "in_depth" and topic["sit_due"] == topic["plan_due"]
