"""Communicating the result records its channels (WZ-5.7-c), and a complex matter gives why and
a new expected date (WZ-5.8-c), through the API on both backends."""

from __future__ import annotations

from uuid import UUID

from tests.api.deliberation_helpers import API, STAFF, settled_deliberation
from tests.api.problem_helpers import log_unchanged


def refused(client, auth, container, d, action: str, body: dict) -> dict:
    with log_unchanged(container):
        answer = client.post(
            f"{API}/topics/{d.topic_id}/{action}", headers=auth(STAFF), json=body
        )
    assert answer.status_code == 422, answer.text
    return answer.json()


def test_communication_needs_a_channel_and_records_it_WZ_5_7_c(client, auth, container):
    d = settled_deliberation(client, auth)["topic"]
    assert refused(client, auth, container, d, "communicate", {})["rule_id"] == (
        "WZ-5.7-c"
    )
    empty = {"details": {"channels": []}}
    assert refused(client, auth, container, d, "communicate", empty)["rule_id"] == (
        "WZ-5.7-c"
    )
    d.topic(STAFF, "communicate", details={"channels": ["wechat", "sms"]})
    steps = [
        e
        for e in container.ledger.events.get(UUID(d.topic_id))
        if getattr(e, "step", "") == "communicate"
    ]
    assert [e.details["channels"] for e in steps] == [["wechat", "sms"]]


def test_a_complex_matter_needs_its_explanation_and_a_new_date_WZ_5_8_c(
    client, auth, container
):
    d = settled_deliberation(client, auth)["topic"]
    complex_ = {"route": "community", "complexity": "complex"}
    no_date = {"note": "需报规划部门审批", "details": complex_}
    assert refused(client, auth, container, d, "implement", no_date)["rule_id"] == (
        "WZ-5.8-c"
    )
    dated = {**complex_, "expected_by": "2027-06-30"}
    no_reason = {"details": dated}
    assert refused(client, auth, container, d, "implement", no_reason)["rule_id"] == (
        "WZ-5.8-c"
    )
    d.topic(STAFF, "implement", note="需报规划部门审批，已向居民说明", details=dated)
    topic = d.get(STAFF, f"/topics/{d.topic_id}")
    assert topic["implement_due"].startswith("2027-06-30T23:59:59")
