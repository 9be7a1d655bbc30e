"""People named by their reference (P0039) or id in plans, roles and sign-in, through the API
on both backends (WZ-5.2-b, WZ-5.3-c, WZ-5.6-a)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.api.deliberation_helpers import (
    API,
    PROPOSER,
    STAFF,
    VOTER_REFS,
    Deliberation,
    pid,
)
from tests.api.problem_helpers import log_unchanged

REFS = VOTER_REFS[:3]  # P0038 P0039 P0040


def plan_by_refs(d: Deliberation, participants: dict[str, str], expect: int = 200):
    return d.post(
        PROPOSER,
        f"/topics/{d.topic_id}/plan",
        {
            "when": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
            "place": "线上",
            "form": "online",
            "host": PROPOSER,
            "participants": participants,
        },
        expect,
    )


def planned(client, auth) -> Deliberation:
    d = Deliberation(client, auth)
    d.propose()
    d.registered_and_reviewed(
        must=["public_affairs"],
        convenor=PROPOSER,  # roles by reference (WZ-5.2-b)
        recorder=STAFF,
        guide="P0011",
    )
    plan_by_refs(d, {**dict.fromkeys(REFS, "stakeholder"), "expert:1": "expert"})
    d.topic(PROPOSER, "draft_rules")
    d.topic(STAFF, "announce", channels=["wechat"])
    return d


def open_online(d: Deliberation) -> None:
    opened = d.post(PROPOSER, f"/topics/{d.topic_id}/sittings", {"mode": "online"}, 201)
    d.sitting_id = opened["sitting_id"]


def test_a_plan_naming_P0039_lets_that_person_vote_online_WZ_5_3_c_WZ_5_6_a(
    client, auth, container
):
    d = planned(client, auth)
    topic = d.get(STAFF, f"/topics/{d.topic_id}")
    assert topic["convenor"] == pid(PROPOSER)
    open_online(d)
    d.sitting(STAFF, "sign_in", participants=["P0038", pid("P0040")])  # one call
    d.sitting("P0039", "sign_in")  # the single form, by oneself
    state = d.get(STAFF, f"/sittings/{d.sitting_id}")
    assert set(state["present"]) >= {pid(r) for r in REFS}
    d.sitting(PROPOSER, "open_vote", item="rules", text="规则")
    for ref in REFS:
        d.sitting(ref, "cast", item="rules", choice="yes")
    d.sitting(PROPOSER, "close_vote", item="rules")
    d.sitting(PROPOSER, "explain", summary="说明")
    d.sitting(PROPOSER, "open_vote", item="item-1", text="方案")
    d.sitting("P0039", "cast", item="item-1", choice="yes")
    votes = d.get(STAFF, f"/sittings/{d.sitting_id}")["votes"]
    assert votes["rules"]["yes"] == 3


def test_a_reference_naming_nobody_is_refused_and_nothing_changes_WZ_5_3_c(
    client, auth, container
):
    d = Deliberation(client, auth)
    d.propose()
    d.approve()
    with log_unchanged(container):
        refused = plan_by_refs(d, {"P0039": "stakeholder", "P9999": "stakeholder"}, 404)
    assert refused["rule_id"] == "WZ-5.3-c" and "P9999" in refused["detail"]
    with log_unchanged(container):
        twice = plan_by_refs(d, {"P0039": "stakeholder", pid("P0039"): "expert"}, 422)
    assert twice["rule_id"] == "WZ-5.3-c"


def test_signing_in_someone_who_is_nobody_changes_nothing_WZ_5_6_a(
    client, auth, container
):
    d = planned(client, auth)
    open_online(d)
    with log_unchanged(container):
        refused = client.post(
            f"{API}/sittings/{d.sitting_id}/sign_in",
            headers=auth(STAFF),
            json={"participants": ["P0038", "P9999"]},
        )
    assert refused.status_code == 404, refused.text
    assert refused.json()["rule_id"] == "WZ-5.6-a"
    assert d.get(STAFF, f"/sittings/{d.sitting_id}")["present"] == []
