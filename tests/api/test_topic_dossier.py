"""The dossier of a deliberation topic: votes with the threshold and profile applied, linked requests, the
events of the topic and its sittings with actors, roles and a verifiable inclusion proof each."""

from __future__ import annotations

import pytest

from application.audit.merkle import leaf_hash
from application.audit.proofs import verify_inclusion
from tests.api.deliberation_helpers import STAFF, SUPERVISOR, settled_deliberation
from tests.integration.audit_helpers import sealed_and_signed


@pytest.fixture
def settled(client, auth, container):
    found = settled_deliberation(client, auth)
    sealed_and_signed(container)
    return found


def test_topic_dossier_has_votes_thresholds_profile_links_and_proofs(
    client, auth, settled
):
    d = settled["topic"]
    dossier = client.get(
        f"/api/v1/audit/dossiers/topics/{d.topic_id}", headers=auth(SUPERVISOR)
    ).json()
    assert dossier["profile"] == "wenzhou-2021@1" and dossier["outcome"] == "consensus"
    assert dossier["linked_items"]["requests"] == [settled["request_id"]]
    assert [(v["item"], v["yes"], v["no"], v["passed"]) for v in dossier["votes"]] == [
        ("rules", 6, 3, True),
        ("item-1", 5, 4, True),
    ]
    assert all(v["threshold"] for v in dossier["votes"])
    kinds = [e["event_type"] for e in dossier["timeline"]]
    assert (
        kinds[0] == "TopicProposed"
        and "VoteClosed" in kinds
        and "OutcomeSettled" in kinds
    )
    assert {e["aggregate_id"] for e in dossier["timeline"]} == {
        d.topic_id,
        d.sitting_id,
    }
    for event in dossier["timeline"]:
        proof = event["proof"]
        verify_inclusion(
            proof["leaf_index"],
            proof["tree_size"],
            leaf_hash(proof["envelope"].encode()),
            [bytes.fromhex(h) for h in proof["proof"]],
            bytes.fromhex(proof["root"]),
        )


def test_topic_dossier_shows_the_major_decision_stages_with_their_thresholds_LS_2_4_12(
    client, auth, container
):
    """The procedure is an aggregate of its own: its stages, counts and the profile's quorum and pass share
    are in the dossier, and its events in the timeline with their proofs."""
    d = settled_deliberation(client, auth, major_decision=True)["topic"]
    d.post(
        STAFF,
        f"/topics/{d.topic_id}/major-decision/proposal",
        {"meeting": "党组织会议"},
    )
    d.post(
        STAFF,
        f"/topics/{d.topic_id}/major-decision/committees",
        {
            "meeting": "两委会",
            "counts": {"eligible": 9, "present": 9, "yes": 4, "no": 5, "abstain": 0},
        },
    )
    sealed_and_signed(container)
    url = f"/api/v1/audit/dossiers/topics/{d.topic_id}"
    dossier = client.get(url, headers=auth(SUPERVISOR)).json()
    assert [
        (m["stage"], m["yes"], m["passed"], m["skipped"])
        for m in dossier["major_decision"]
    ] == [("proposal", 0, True, False), ("committees", 4, False, False)]
    assert dossier["major_decision"][1]["passing"] == "> 1/2 of members"
    assert [e["event_type"] for e in dossier["timeline"]][-2:] == [
        "StageRecorded",
        "StageRecorded",
    ]
    assert all(e["proof"] for e in dossier["timeline"])
    md = client.get(url, params={"format": "md"}, headers=auth(SUPERVISOR)).text
    assert "## 重大事项决策（五议两公开）" in md and "未通过" in md


def test_topic_dossier_renders_and_follows_topic_reading_rules(client, auth, settled):
    d = settled["topic"]
    md = client.get(
        f"/api/v1/audit/dossiers/topics/{d.topic_id}",
        params={"format": "md"},
        headers=auth(SUPERVISOR),
    )
    assert (
        "## 表决（门槛与结果）" in md.text
        and "通过" in md.text
        and "协商议题" in md.text
    )
    page = client.get(
        f"/api/v1/audit/dossiers/topics/{d.topic_id}",
        params={"format": "html"},
        headers=auth(STAFF),
    )
    assert "<h2>关联诉求</h2>" in page.text
    assert (
        client.get(
            f"/api/v1/audit/dossiers/topics/{d.topic_id}", headers=auth("P0012")
        ).status_code
        == 403
    )
    assert (
        client.get(
            "/api/v1/audit/dossiers/topics/00000000-0000-0000-0000-000000000000",
            headers=auth(SUPERVISOR),
        ).status_code
        == 404
    )


def test_a_topic_as_of_a_past_position_shows_its_state_and_votes_then(
    client, auth, settled, container
):
    d = settled["topic"]
    now = client.get(f"/api/v1/topics/{d.topic_id}", headers=auth(SUPERVISOR)).json()
    leaves = container.audit_parts.store.leaves("aggregate_id = :a", {"a": d.topic_id})
    registered_at = leaves[1][
        "position"
    ]  # TopicRegistered: after proposing, before review
    then = client.get(
        f"/api/v1/topics/{d.topic_id}",
        params={"as_of": registered_at},
        headers=auth(SUPERVISOR),
    )
    assert then.status_code == 200, then.text
    assert (then.json()["status"], then.json()["sittings"]) == ("registered", [])
    assert (
        now["status"] == "implementing"
        and now["sittings"][0]["votes"]["item-1"]["passed"]
    )
    replayed_now = client.get(
        f"/api/v1/topics/{d.topic_id}",
        params={"as_of": container.ledger.position()},
        headers=auth(SUPERVISOR),
    ).json()
    assert {k: v for k, v in replayed_now.items() if k not in ("as_of", "due")} == {
        k: v for k, v in now.items() if k != "due"
    }
    before = client.get(
        f"/api/v1/topics/{d.topic_id}",
        params={"as_of": leaves[0]["position"] - 1},
        headers=auth(SUPERVISOR),
    )
    assert before.status_code == 404
