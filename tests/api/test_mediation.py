"""A two-party dispute rejected at review under JH-4.2 (5) becomes a mediation case at the
resident group (BZ-N1), through the API on both backends: parties, sessions, an agreement or a
failure referred to the community's people's mediation committee, each an event."""

from __future__ import annotations

from uuid import UUID

from tests.api.deliberation_helpers import API, STAFF, Deliberation, pid
from tests.api.problem_helpers import log_unchanged

GROUP, PARTIES = "CX010101", ["P0039", "P0040"]


def rejected_dispute(client, auth, screen: str = "two_party_dispute") -> Deliberation:
    d = Deliberation(client, auth)
    d.propose()
    d.registered_and_reviewed(must_not={screen: "两户之间漏水纠纷"})
    return d


def post(d: Deliberation, tail: str, expect: int = 200, **body) -> dict:
    return d.post(STAFF, f"/topics/{d.topic_id}/mediation{tail}", body, expect)


def test_a_JH_4_2_dispute_becomes_a_mediation_case_and_reaches_agreement_BZ_N1(
    client, auth, container
):
    d = rejected_dispute(client, auth)
    opened = post(d, "", 201, group=GROUP, parties=PARTIES)
    assert opened["status"] == "open" and opened["allowed_actions"] == ["session"]
    assert opened["parties"] == sorted(pid(p) for p in PARTIES)
    with log_unchanged(container):
        early = client.post(
            f"{API}/topics/{d.topic_id}/mediation/agreement",
            headers=auth(STAFF),
            json={"terms": "各自维修", "signed_by": PARTIES},
        )
    assert early.status_code == 409 and early.json()["rule_id"] == "BZ-N1"
    post(d, "/sessions", present=PARTIES, summary="双方陈述，楼上同意查漏")
    with log_unchanged(container):
        unsigned = client.post(
            f"{API}/topics/{d.topic_id}/mediation/agreement",
            headers=auth(STAFF),
            json={"terms": "楼上维修", "signed_by": ["P0039", "P0041"]},
        )
    assert unsigned.status_code == 422 and unsigned.json()["rule_id"] == "BZ-N1"
    agreed = post(d, "/agreement", terms="楼上负责维修防水", signed_by=PARTIES)
    assert (agreed["status"], agreed["sessions"]) == ("agreed", 1)
    read = d.get(STAFF, f"/topics/{d.topic_id}/mediation")
    assert read["status"] == "agreed" and read["allowed_actions"] == []
    events = list(container.ledger.events.get(UUID(opened["case_id"])))
    assert [type(e).__name__ for e in events] == [
        "Opened",
        "SessionHeld",
        "AgreementReached",
    ]
    assert {e.actor_id for e in events} == {pid(STAFF)}


def test_a_failed_mediation_is_referred_to_the_communitys_committee_BZ_N1(
    client, auth, container
):
    d = rejected_dispute(client, auth)
    post(d, "", 201, group=GROUP, parties=PARTIES)
    post(d, "/sessions", present=["P0039"], summary="一方未到场")
    failed = post(d, "/failure", reason="双方意见分歧较大")
    assert failed["status"] == "referred"
    case = list(container.ledger.events.get(UUID(failed["case_id"])))
    referral = case[-1]
    assert (referral.referred_to, referral.referred_unit) == (
        "people_mediation_committee",
        "CX0101",
    )


def test_only_a_two_party_dispute_opens_a_case_and_once_JH_4_2(client, auth, container):
    other = rejected_dispute(client, auth, screen="settled_by_law")
    path = f"{API}/topics/{other.topic_id}/mediation"
    body = {"group": GROUP, "parties": PARTIES}
    with log_unchanged(container):
        refused = client.post(path, headers=auth(STAFF), json=body)
    assert refused.status_code == 409 and refused.json()["rule_id"] == "JH-4.2"
    d = rejected_dispute(client, auth)
    path = f"{API}/topics/{d.topic_id}/mediation"
    for sent, status in (
        ({"group": GROUP, "parties": ["P0039", "P9999"]}, 404),
        ({"group": "CX010201", "parties": PARTIES}, 422),
    ):
        with log_unchanged(container):
            answer = client.post(path, headers=auth(STAFF), json=sent)
        assert answer.status_code == status, answer.text
    post(d, "", 201, **body)
    with log_unchanged(container):
        again = client.post(path, headers=auth(STAFF), json=body)
    assert again.status_code == 409 and again.json()["rule_id"] == "BZ-N1"
