"""The street corrects an unlawful result (WZ-5.7-b), through the API on both backends: it sets
the result aside and the topic is deliberated again, or it records the corrected result, each
with its legal basis."""

from __future__ import annotations

from uuid import UUID

from tests.api.deliberation_helpers import API, STAFF, STREET, settled_deliberation
from tests.api.problem_helpers import log_unchanged

BASIS = "《中华人民共和国城市居民委员会组织法》第十五条"


def correct(d, who: str, expect: int = 200, **body) -> dict:
    return d.post(who, f"/topics/{d.topic_id}/correct_result", body, expect)


def test_a_street_correction_changes_the_outcome_WZ_5_7_b(client, auth, container):
    d = settled_deliberation(client, auth)["topic"]
    d.topic(STAFF, "file")
    assert d.get(STAFF, f"/topics/{d.topic_id}")["outcome"] == "consensus"
    answer = correct(
        d,
        STREET,
        decision="corrected",
        basis=BASIS,
        note="方案占用消防通道，违反消防规定，不予实施",
        corrected_outcome="terminated",
    )
    assert answer["status"] == "terminated"
    assert "file" in answer["allowed_actions"], "the corrected result is filed afresh"
    topic = d.get(STAFF, f"/topics/{d.topic_id}")
    assert (topic["status"], topic["outcome"]) == ("terminated", "terminated")
    events = container.ledger.events.get(UUID(d.topic_id))
    corrected = [e for e in events if type(e).__name__ == "ResultCorrected"]
    assert [(e.decision, e.basis, e.actor_role) for e in corrected] == [
        ("corrected", BASIS, "street_staff")
    ]


def test_a_result_set_aside_goes_back_to_deliberation_WZ_5_7_b(client, auth):
    d = settled_deliberation(client, auth)["topic"]
    answer = correct(
        d, STREET, decision="set_aside", basis=BASIS, note="表决程序违法，重新协商"
    )
    assert answer["status"] == "redeliberate" and "plan" in answer["allowed_actions"]
    topic = d.get(STAFF, f"/topics/{d.topic_id}")
    assert (topic["status"], topic["outcome"]) == ("redeliberate", None)


def test_a_correction_without_basis_or_by_the_community_changes_nothing_WZ_5_7_b(
    client, auth, container
):
    d = settled_deliberation(client, auth)["topic"]
    path = f"{API}/topics/{d.topic_id}/correct_result"
    body = {"decision": "corrected", "basis": BASIS, "note": "纠正"}
    cases = [
        (STAFF, {**body, "corrected_outcome": "terminated"}, 403),
        (STREET, {**body, "corrected_outcome": "consensus"}, 422),  # unchanged
        (STREET, body, 422),  # names no result
        (STREET, {**body, "basis": "", "corrected_outcome": "terminated"}, 422),
    ]
    for who, sent, status in cases:
        with log_unchanged(container):
            refused = client.post(path, headers=auth(who), json=sent)
        assert refused.status_code == status, (sent, refused.text)
    assert d.get(STAFF, f"/topics/{d.topic_id}")["outcome"] == "consensus"
