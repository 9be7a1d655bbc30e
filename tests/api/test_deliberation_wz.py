"""WZ: the eight stages end to end through the API, with each of the four outcomes (WZ-5.1 … WZ-5.8)."""

from __future__ import annotations

import pytest

from tests.api.deliberation_helpers import (
    COMMUNITY,
    PROPOSER,
    REPORT,
    STAFF,
    SUPERVISOR,
    Deliberation,
    pid,
)
from tests.api.problem_helpers import assert_problem

OUTCOMES = [
    (5, "consensus", "implementing"),
    (3, "redeliberate", "redeliberate"),
    (2, "terminated", "terminated"),
]


def through_the_vote(client, auth, yes: int) -> Deliberation:
    d = Deliberation(client, auth)
    raised = client.post(
        "/api/v1/requests",
        headers=auth(PROPOSER),
        json={
            "title": "没有电梯",
            "description": "老人上下楼难",
            "category": "facilities",
        },
    ).json()
    d.propose(linked=[raised["request_id"]])
    assert d.due(PROPOSER) == {"proposer": []} and d.community_due(STAFF) == []
    assert d.approve()["profile"] == "wenzhou-2021@1"
    assert d.due(PROPOSER)["convenor"] == ["plan"], (
        "the convenor sees the plan is due (WZ-5.3-a)"
    )
    d.topic(STAFF, "notify_proposer", channel="phone")
    d.prepare()
    assert d.community_due(STAFF) == ["open_sitting"] and d.due(PROPOSER)[
        "participant"
    ] == ["open_sitting"]
    d.sit()
    assert d.counted("rules", 6, 3)["allowed_actions"] == [
        "attach_media",
        "explain",
        "sign_in",
    ]
    d.debate()
    d.counted("item-1", yes, 9 - yes)
    return d


@pytest.mark.parametrize("yes, outcome, status", OUTCOMES)
def test_wz_eight_stages_with_each_counted_outcome_WZ_5_6_c(
    client, auth, yes, outcome, status
):
    d = through_the_vote(client, auth, yes)
    settled = d.sitting(PROPOSER, "settle", implementation_plan="12月底前完成设计招标")
    assert settled["outcome"] == outcome
    topic = d.get(SUPERVISOR, f"/topics/{d.topic_id}")
    assert topic["status"] == status and topic["outcome"] == outcome
    vote = topic["sittings"][0]["votes"]["item-1"]
    assert (vote["yes"], vote["no"], vote["eligible"], vote["passed"]) == (
        yes,
        9 - yes,
        9,
        outcome == "consensus",
    )
    due = {
        item["action"]
        for item in d.get(SUPERVISOR, f"/units/{COMMUNITY}/deliberations")[
            "filings_due"
        ][0]["due"]
    }
    assert due == {"file", "communicate"}, (
        "the supervision committee sees the filing due (WZ-5.7-a)"
    )


def test_wz_major_decision_outcome_starts_the_procedure_LS_2_4_12(client, auth):
    d = through_the_vote(client, auth, 9)
    assert (
        d.sitting(PROPOSER, "settle", major_decision=True)["outcome"]
        == "major_decision"
    )
    stage = d.post(
        STAFF,
        f"/topics/{d.topic_id}/major-decision/proposal",
        {"meeting": "党组织会议"},
    )
    assert stage["passed"] and stage["allowed_actions"] == ["record:committees"]
    failed = d.post(
        STAFF,
        f"/topics/{d.topic_id}/major-decision/committees",
        {
            "meeting": "两委会",
            "counts": {"eligible": 9, "present": 9, "yes": 4, "no": 5, "abstain": 0},
        },
    )
    assert failed["passed"] is False


def test_wz_after_consensus_filing_communication_implementation_report_WZ_5_7_WZ_5_8(
    client, auth
):
    d = through_the_vote(client, auth, 7)
    d.sitting(PROPOSER, "settle", implementation_plan="物业牵头招标")
    d.topic(STAFF, "file")
    d.topic(STAFF, "communicate", details={"channels": ["wechat"]})
    assert_problem(
        client.post(
            f"/api/v1/topics/{d.topic_id}/implement",
            headers=auth(STAFF),
            json={
                "details": {
                    "route": "community",
                    "task_id": "00000000-0000-0000-0000-000000000000",
                }
            },
        ),
        404,
    )
    task = client.post(
        "/api/v1/tasks",
        headers=auth(STAFF),
        json={
            "issuer_unit": COMMUNITY,
            "title": "加装电梯招标",
            "instructions": "按协商结果落实",
            "working_days": 30,
        },
    ).json()
    d.topic(
        STAFF,
        "implement",
        details={
            "route": "stakeholder",
            "complexity": "simple",
            "task_id": task["task_id"],
        },
    )
    d.topic(PROPOSER, "explain_dissent", note="向302住户说明补偿")
    d.topic(SUPERVISOR, "report", **REPORT)
    topic = d.get(STAFF, f"/topics/{d.topic_id}")
    assert (
        topic["filed_at"]
        and not topic["file_late"]
        and topic["communicated_at"]
        and topic["implement_due"]
    )
    assert topic["due"] == [] and topic["reported"] == 1
    mine = d.get(PROPOSER, "/me/deliberations")
    [row] = [row for row in mine if row["topic_id"] == d.topic_id]
    assert set(row["roles"]) >= {
        "proposer",
        "convenor",
        "participant",
    }
    assert d.get(SUPERVISOR, f"/units/{COMMUNITY}/deliberations")["filings_due"] == []


def test_the_request_behind_a_topic_links_back_WZ_5_1(client, auth):
    d = through_the_vote(client, auth, 5)
    topic = d.get(STAFF, f"/topics/{d.topic_id}")
    request = client.get(
        f"/api/v1/requests/{topic['linked_requests'][0]}",
        headers=auth(PROPOSER),
        params={"min_position": d.position},
    ).json()
    assert [
        e["details"]["topic_id"]
        for e in request["timeline"]
        if e["event_type"] == "TopicLinked"
    ] == [d.topic_id]


def test_refusals_change_nothing_WZ_5_1_a_WZ_5_4_WZ_5_6_b_WZ_5_5_b(
    client, auth, container
):
    d = Deliberation(client, auth)
    start = container.ledger.position()
    body = {
        "community": COMMUNITY,
        "category": "building",
        "proposer_kind": "resident",
        "title": "t",
        "description": "d",
    }
    assert_problem(
        client.post("/api/v1/topics", headers=auth(PROPOSER), json=body),
        403,
        "WZ-5.1-a",
    )
    assert container.ledger.position() == start
    d.propose()
    d.approve()
    d.topic(
        PROPOSER,
        "plan",
        when="2026-12-01T09:00:00+08:00",
        place="p",
        form="seminar",
        host=pid(PROPOSER),
        participants={pid(PROPOSER): "stakeholder"},
    )
    before = container.ledger.position()
    assert_problem(
        client.post(
            f"/api/v1/topics/{d.topic_id}/sittings",
            headers=auth(PROPOSER),
            json={"mode": "on_site"},
        ),
        409,
        "WZ-5.4",
    )
    assert container.ledger.position() == before


def test_repeated_requests_on_one_matter_are_suggested_as_one_topic_and_linked_WZ_5_1(
    client, auth
):
    ids = []
    for ref, title in (
        ("P0038", "3栋电梯"),
        ("P0039", "3 栋 电梯！"),
        ("P0040", "路灯"),
    ):
        ids.append(
            client.post(
                "/api/v1/requests",
                headers=auth(ref),
                json={"title": title, "description": "d", "category": "facilities"},
            ).json()
        )
    position = max(i["position"] for i in ids)
    suggested = client.get(
        f"/api/v1/units/{COMMUNITY}/topic-suggestions",
        headers=auth(STAFF),
        params={"min_position": position},
    ).json()
    assert [sorted(s["request_ids"]) for s in suggested] == [
        sorted(i["request_id"] for i in ids[:2])
    ]
    d = Deliberation(client, auth)
    d.propose(kind="community", who=STAFF, linked=suggested[0]["request_ids"])
    assert sorted(d.get(STAFF, f"/topics/{d.topic_id}")["linked_requests"]) == sorted(
        suggested[0]["request_ids"]
    )


def test_the_five_trace_records_are_served_from_the_log_in_three_formats_WZ_6_JH_5_3(
    client, auth
):
    d = through_the_vote(client, auth, 7)
    d.sitting(PROPOSER, "settle", implementation_plan="物业牵头招标")
    html = client.get(
        f"/api/v1/topics/{d.topic_id}/records/4",
        headers=auth(SUPERVISOR),
        params={"min_position": d.position},
    )
    assert html.status_code == 200 and html.headers["content-type"].startswith(
        "text/html"
    )
    assert "城乡社区协商活动记录表" in html.text and "77.8%" in html.text, (
        "7 of 9 present voted yes"
    )
    md = client.get(
        f"/api/v1/topics/{d.topic_id}/records/1",
        headers=auth(PROPOSER),
        params={"format": "md"},
    )
    assert md.status_code == 200 and "协商议题建议和审核表" in md.text
    record = client.get(
        f"/api/v1/topics/{d.topic_id}/records/5",
        headers=auth(STAFF),
        params={"format": "json"},
    )
    assert record.json()["record"] == 5 and record.json()["status"] in (
        "not_yet",
        "in_progress",
    )
    assert_problem(
        client.get(f"/api/v1/topics/{d.topic_id}/records/6", headers=auth(STAFF)), 422
    )
    assert_problem(
        client.get(f"/api/v1/topics/{d.topic_id}/records/4", headers=auth("P0012")), 403
    )
