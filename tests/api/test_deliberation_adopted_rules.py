"""Adopted rules of procedure govern the sitting, through the API on both backends (WZ-5.5-a/b/c,
WZ-5.6-b): the drafted pass share, speech limit and speech time apply once adopted; a draft voted
down is redrafted and voted again, or the sitting closes without a result and the topic is
planned again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from tests.api.deliberation_helpers import (
    PROPOSER,
    STAFF,
    VOTERS,
    Deliberation,
)
from tests.api.problem_helpers import log_unchanged

STRICT = {
    "speech_minutes": 2,
    "speeches_per_person": 1,
    "passing": {"numerator": 3, "denominator": 4, "strict": False},
}


def planned_with(client, auth, rules: dict) -> Deliberation:
    d = Deliberation(client, auth)
    d.propose()
    d.approve()
    plan_again(d)
    d.topic(PROPOSER, "draft_rules", **rules)
    d.topic(STAFF, "announce", channels=["notice_board"])
    return d


def plan_again(d: Deliberation) -> None:
    d.topic(
        PROPOSER,
        "plan",
        when=(datetime.now(UTC) + timedelta(days=3)).isoformat(),
        place="社区议事厅",
        form="seminar",
        host=VOTERS[0],
        participants=dict.fromkeys(VOTERS, "stakeholder"),
    )


def speeches(container, sitting_id: str) -> list[tuple[int, bool]]:
    return [
        (e.seconds, e.over_time)
        for e in container.ledger.events.get(UUID(sitting_id))
        if type(e).__name__ == "SpeechRecorded"
    ]


def test_adopted_share_speech_limit_and_time_govern_the_sitting_WZ_5_5_b_c(
    client, auth, container
):
    d = planned_with(client, auth, STRICT)
    d.sit(present=VOTERS)
    d.counted("rules", 6, 3)
    state = d.get(STAFF, f"/sittings/{d.sitting_id}")
    assert state["rules"] == {
        "speech_minutes": 2,
        "speeches_per_person": 1,
        "passing": "≥ 3/4",
        "source": "adopted",
    }
    d.sitting(PROPOSER, "explain", summary="说明方案")
    d.sitting(STAFF, "request_floor", participant=VOTERS[1], position="for")
    d.sitting(PROPOSER, "speak", participant=VOTERS[1], seconds=150, summary="支持")
    with log_unchanged(container):
        again = d.sitting(
            STAFF, "request_floor", 409, participant=VOTERS[1], position="for"
        )
    assert again["rule_id"] == "WZ-5.5-b"
    assert speeches(container, d.sitting_id) == [(150, True)]
    d.counted("item-1", 6, 3)  # 6 of 9 passes at > 1/2, not at ≥ 3/4
    votes = d.get(STAFF, f"/sittings/{d.sitting_id}")["votes"]
    assert votes["item-1"]["passed"] is False
    settled = d.sitting(PROPOSER, "settle", implementation_plan="方案")
    assert settled["outcome"] == "redeliberate"


def test_a_rejected_draft_is_redrafted_and_adopted_WZ_5_5_a(client, auth):
    d = planned_with(client, auth, STRICT)
    d.sit(present=VOTERS)
    rejected = d.counted("rules", 5, 4)
    assert rejected["allowed_actions"] == [
        "attach_media",
        "close_without_result",
        "redraft_rules",
        "sign_in",
    ]
    redrafted = d.sitting(PROPOSER, "redraft_rules", speeches_per_person=2)
    assert "open_vote" in redrafted["allowed_actions"]
    assert d.counted("rules", 6, 3)["allowed_actions"] == [
        "attach_media",
        "explain",
        "sign_in",
    ]
    rules = d.get(STAFF, f"/sittings/{d.sitting_id}")["rules"]
    assert rules["speeches_per_person"] == 2 and rules["passing"] == "> 1/2"


def test_a_rejected_draft_closes_the_sitting_and_the_topic_is_planned_again_WZ_5_6_b(
    client, auth, container
):
    d = planned_with(client, auth, STRICT)
    first = d.sit(present=VOTERS)["sitting_id"]
    d.counted("rules", 4, 5)
    with log_unchanged(container):
        refused = d.sitting(STAFF, "settle", 409, implementation_plan="x")
    assert refused["rule_id"] == "WZ-5.6-c"
    closed = d.sitting(PROPOSER, "close_without_result")
    assert closed["allowed_actions"] == ["attach_media"] and closed["outcome"] is None
    topic = d.get(STAFF, f"/topics/{d.topic_id}")
    assert topic["status"] == "adjourned" and topic["allowed_actions"] == [
        "consult",
        "plan",
    ]
    assert d.due(PROPOSER)["convenor"] == ["plan"], "the convenor sees the plan is due"
    plan_again(d)
    d.topic(PROPOSER, "draft_rules")
    d.topic(STAFF, "announce", channels=["notice_board"])
    second = d.sit(present=VOTERS)
    state = d.get(STAFF, f"/sittings/{second['sitting_id']}")
    assert state["sequence"] == 2 and state["previous_sitting"] == first
    assert d.counted("rules", 6, 3)["allowed_actions"] == [
        "attach_media",
        "explain",
        "sign_in",
    ]
