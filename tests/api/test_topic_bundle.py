"""A deliberation's audit bundle (WZ-6): the topic and its sittings, exported after a full deliberation, verify
offline; a changed sitting event is reported at its leaf; who may export it is the row `audit.bundles`."""

from __future__ import annotations

import base64
import copy
import json

import pytest

from application.audit.notes import VerifierKey
from application.audit.verify import verify_bundle
from domain.deliberation.major_decision import major_decision_id_for
from tests.api.deliberation_helpers import settled_deliberation
from tests.integration.audit_helpers import sealed_and_signed

API = "/api/v1/audit"


@pytest.fixture
def settled(client, auth, container):
    found = settled_deliberation(client, auth)
    sealed_and_signed(container)
    return found


def topic_bundle(client, auth, topic_id: str, ref: str = "P0028"):
    return client.get(
        f"{API}/bundles", params={"topic_id": topic_id}, headers=auth(ref)
    )


def test_a_topic_bundle_holds_the_topic_and_its_sittings_and_verifies_offline(
    client, auth, settled, container
):
    """WZ-6: a self-contained bundle for one deliberation."""
    d = settled["topic"]
    answer = topic_bundle(client, auth, d.topic_id)
    assert answer.status_code == 200, answer.text
    bundle = json.loads(answer.text)  # as read back from a file
    assert bundle["scope"] == {"kind": "topic", "topic_id": d.topic_id}
    by_aggregate: dict[str, list[int]] = {}
    for entry in bundle["entries"]:
        by_aggregate.setdefault(entry["event"]["aggregate_id"], []).append(
            entry["event"]["version"]
        )
    assert set(by_aggregate) == {d.topic_id, d.sitting_id}
    assert all(
        versions == list(range(1, len(versions) + 1))
        for versions in by_aggregate.values()
    )
    assert (
        len(by_aggregate[d.sitting_id]) > 10
    )  # sign-ins, votes, speeches, the outcome
    report = verify_bundle(
        bundle, VerifierKey.parse(container.audit_parts.signer.verifier_key().text())
    )
    assert report.ok, report.text()


def test_a_changed_sitting_event_is_reported_at_its_leaf(client, auth, settled):
    """WZ-6: tampering with one event of a sitting is found and located."""
    bundle = topic_bundle(client, auth, settled["topic"].topic_id).json()
    tampered = copy.deepcopy(bundle)
    entry = next(
        e
        for e in tampered["entries"]
        if e["event"]["aggregate_id"] == settled["topic"].sitting_id
        and e["event"]["version"] == 3
    )
    state = bytearray(base64.b64decode(entry["event"]["state"]))
    state[-3] ^= 1
    entry["event"]["state"] = base64.b64encode(bytes(state)).decode()
    report = verify_bundle(tampered)
    assert [(p.kind, p.leaf_index) for p in report.problems] == [
        ("altered", entry["leaf_index"])
    ]
    dropped = copy.deepcopy(bundle)
    gone = dropped["entries"].pop(-2)
    assert ("missing", gone["leaf_index"]) in [
        (p.kind, p.leaf_index) for p in verify_bundle(dropped).problems
    ]


@pytest.mark.parametrize(
    ("ref", "status"),
    [
        ("P0028", 200),
        ("P0002", 200),
        ("P0001", 200),
        ("P0029", 403),
        ("P0010", 403),
        ("P0004", 403),
        ("P0038", 403),
    ],
)
def test_who_may_export_a_topic_bundle(client, auth, settled, ref, status):
    """WZ-5.6-e: the supervision committee of the topic's community, district staff, administrators."""
    answer = topic_bundle(client, auth, settled["topic"].topic_id, ref)
    assert answer.status_code == status, answer.text
    if status == 403:
        assert answer.json()["rule_id"] == "WZ-5.6-e"


def test_an_unknown_topic_is_404_and_a_second_scope_is_422(client, auth, settled):
    assert (
        topic_bundle(client, auth, "00000000-0000-0000-0000-000000000000").status_code
        == 404
    )
    both = client.get(
        f"{API}/bundles",
        params={"topic_id": settled["topic"].topic_id, "unit": "CX0101"},
        headers=auth("P0028"),
    )
    assert both.status_code == 422


def test_a_unit_bundle_holds_the_deliberations_of_its_communities(
    client, auth, settled
):
    """WZ-6: a unit's subtree includes the topics of the communities in it, with their sittings."""
    d = settled["topic"]
    for unit in ("CX0101", "CX01"):
        bundle = client.get(
            f"{API}/bundles", params={"unit": unit}, headers=auth("P0002")
        ).json()
        aggregates = {e["event"]["aggregate_id"] for e in bundle["entries"]}
        assert {
            d.topic_id,
            d.sitting_id,
            settled["request_id"],
        } <= aggregates and verify_bundle(bundle).ok
    elsewhere = client.get(
        f"{API}/bundles", params={"unit": "CX0102"}, headers=auth("P0002")
    ).json()
    assert d.topic_id not in {e["event"]["aggregate_id"] for e in elsewhere["entries"]}


def test_a_major_decision_procedure_is_part_of_its_topics_bundle(
    client, auth, container
):
    """WZ-6, LS-2.4.12: the 五议两公开 procedure is an aggregate of its own; the topic's bundle carries it."""
    d = settled_deliberation(client, auth, major_decision=True)["topic"]
    d.post(
        "P0010",
        f"/topics/{d.topic_id}/major-decision/proposal",
        {"meeting": "党组织会议"},
    )
    sealed_and_signed(container)
    bundle = topic_bundle(client, auth, d.topic_id).json()
    procedure = str(major_decision_id_for(d.topic_id))
    assert {e["event"]["aggregate_id"] for e in bundle["entries"]} == {
        d.topic_id,
        d.sitting_id,
        procedure,
    }
    assert verify_bundle(bundle).ok
