"""Channel, form and the steps after the outcome through the API, on each backend (WZ-5.1-b, WZ-5.3-d,
WZ-5.8-a/b, LS-3.2.4): each refusal is problem+json with its rule and what is allowed, and writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.deliberation.aftermath import ROUTES
from domain.deliberation.planning import FORMS
from tests.api.deliberation_helpers import (
    API,
    COMMUNITY,
    PROPOSER,
    STAFF,
    SUPERVISOR,
    VOTERS,
    Deliberation,
    pid,
)
from tests.api.problem_helpers import assert_problem
from tests.api.test_deliberation_wz import through_the_vote


def record(d: Deliberation, number: int) -> dict:
    response = d.client.get(
        f"{API}/topics/{d.topic_id}/records/{number}",
        headers=d.auth(STAFF),
        params={"format": "json", "min_position": d.position},
    )
    assert response.status_code == 200, response.text
    return response.json()


def fields(record_json: dict, key: str) -> dict:
    return next(s for s in record_json["sections"] if s["key"] == key)["fields"]


def refused(
    client,
    auth,
    container,
    who: str,
    path: str,
    body: dict,
    status: int,
    rule_id: str | None,
) -> dict:
    before = container.ledger.position()
    problem = assert_problem(
        client.post(f"{API}{path}", headers=auth(who), json=body), status, rule_id
    )
    assert container.ledger.position() == before, "a refusal writes nothing"
    return problem


def consensus(client, auth) -> Deliberation:
    d = through_the_vote(client, auth, 7)
    d.sitting(PROPOSER, "settle", implementation_plan="物业牵头招标")
    return d


def test_the_channel_a_topic_came_by_is_recorded_and_shown_in_record_1_WZ_5_1_b(
    client, auth, container
):
    body = {
        "community": COMMUNITY,
        "category": "community_residents",
        "proposer_kind": "resident",
        "channel": "hotline",
        "title": "路灯",
        "description": "3栋门口路灯不亮",
    }
    topic = client.post(f"{API}/topics", headers=auth(PROPOSER), json=body).json()
    d = Deliberation(client, auth)
    d.topic_id, d.position = topic["topic_id"], topic["position"]
    assert fields(record(d, 1), "proposal")["channel"] == "热线电话"
    assert_problem(
        client.post(
            f"{API}/topics", headers=auth(PROPOSER), json={**body, "channel": "pigeon"}
        ),
        422,
    )


def test_an_unknown_form_is_refused_with_the_allowed_forms_and_a_door_to_door_one_needs_no_rules_WZ_5_3_d_LS_2_4_4(
    client, auth, container
):
    d = Deliberation(client, auth)
    d.propose()
    d.approve()
    when = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    plan = {
        "when": when,
        "place": "各户",
        "form": "karaoke",
        "host": pid(PROPOSER),
        "participants": dict.fromkeys(VOTERS, "stakeholder"),
    }
    problem = refused(
        client,
        auth,
        container,
        PROPOSER,
        f"/topics/{d.topic_id}/plan",
        plan,
        422,
        "WZ-5.3-d",
    )
    assert problem["allowed_actions"] == sorted(FORMS)
    d.prepare(form="door_to_door")
    assert (
        fields(record(d, 2), "plan_1")["rules"]
        == "入户走访、书面协商无须拟订议事规则（草案）"
    )
    d.sit()
    assert d.get(STAFF, f"/sittings/{d.sitting_id}")["allowed_actions"][:2] == [
        "attach_media",
        "explain",
    ]


@pytest.mark.parametrize("route", ROUTES)
def test_each_implementation_route_is_recorded_and_shown_in_record_5_WZ_5_8_a(
    client, auth, container, route
):
    d = consensus(client, auth)
    d.topic(
        STAFF,
        "implement",
        note="需多部门联合审批，已向利益相关方说明原因",
        details={"route": route, "complexity": "complex", "expected_by": "2027-06-30"},
    )
    row = fields(record(d, 5), "implementation")["rows"][0]
    assert row["details"].startswith(
        f"落实方式：{ {'community': '社区组织实施', 'stakeholder': '其他利益相关方落实，社区督促', 'government': '报告街道或有关部门研究吸纳并反馈'}[route] }"
    )


def test_an_unknown_implementation_route_is_refused_with_the_three_routes_WZ_5_8_a(
    client, auth, container
):
    d = consensus(client, auth)
    problem = refused(
        client,
        auth,
        container,
        STAFF,
        f"/topics/{d.topic_id}/implement",
        {"details": {"route": "myself"}},
        422,
        "WZ-5.8-a",
    )
    assert problem["allowed_actions"] == ["community", "government", "stakeholder"]


def test_the_convenors_explanation_to_dissenters_is_recorded_and_an_empty_one_refused_WZ_5_8_b(
    client, auth, container
):
    d = consensus(client, auth)
    refused(
        client,
        auth,
        container,
        PROPOSER,
        f"/topics/{d.topic_id}/explain_dissent",
        {"note": "  "},
        422,
        "WZ-5.8-b",
    )
    d.topic(PROPOSER, "explain_dissent", note="向302住户说明补偿办法")
    row = fields(record(d, 5), "explanations")["rows"][0]
    assert row["content"] == "向302住户说明补偿办法" and row["by"].endswith("（P0038）")


def test_a_democratic_appraisal_is_recorded_with_a_score_from_0_to_100_LS_3_2_4(
    client, auth, container
):
    d = consensus(client, auth)
    for bad in ({}, {"score": 101}, {"score": -5}, {"score": "九十"}):
        problem = refused(
            client,
            auth,
            container,
            SUPERVISOR,
            f"/topics/{d.topic_id}/appraise",
            {"note": "年终评议", "details": bad},
            422,
            "LS-3.2.4",
        )
        assert problem["allowed_actions"] == ["0-100"]
    d.topic(SUPERVISOR, "appraise", note="年终评议：群众满意", details={"score": 92})
    row = fields(record(d, 5), "appraisals")["rows"][0]
    assert row["details"] == "评分：92" and row["content"] == "年终评议：群众满意"
