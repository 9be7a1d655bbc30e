"""Audit reads over HTTP: who may read proofs and export bundles, and that what they get verifies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from application.audit.merkle import leaf_hash
from application.audit.proofs import verify_consistency, verify_inclusion
from application.audit.verify import verify_bundle
from application.registry.service import UnitSpec
from domain.actors import SYSTEM
from domain.levels import Level
from tests.integration.audit_helpers import handled_request, sealed_and_signed

API = "/api/v1/audit"


@pytest.fixture
def sealed(container):
    first_size = container.ledger.position()
    container.audit_parts.sealing.catch_up()
    container.audit_parts.sealing.checkpointer.checkpoint(first_size)
    request_id = handled_request(container)
    sealed_and_signed(container)
    return {
        "request_id": request_id,
        "first_size": first_size,
        "size": container.audit_parts.store.size(),
    }


@pytest.mark.parametrize("ref", ["P0028", "P0002", "P0001"])
def test_auditors_read_checkpoints_and_proofs_that_verify(client, auth, sealed, ref):
    listed = client.get(f"{API}/checkpoints", headers=auth(ref)).json()
    assert [c["size"] for c in listed["items"]] == [
        sealed["first_size"],
        sealed["size"],
    ]
    head = client.get(f"{API}/checkpoints/latest", headers=auth(ref)).json()
    proof = client.get(
        f"{API}/proofs/inclusion", params={"position": 5}, headers=auth(ref)
    ).json()
    assert proof["tree_size"] == head["size"] and proof["root"] == head["root"]
    verify_inclusion(
        proof["leaf_index"],
        proof["tree_size"],
        leaf_hash(proof["envelope"].encode()),
        [bytes.fromhex(h) for h in proof["proof"]],
        bytes.fromhex(head["root"]),
    )
    between = client.get(
        f"{API}/proofs/consistency",
        params={"first": sealed["first_size"], "second": head["size"]},
        headers=auth(ref),
    ).json()
    verify_consistency(
        sealed["first_size"],
        head["size"],
        bytes.fromhex(listed["items"][0]["root"]),
        bytes.fromhex(head["root"]),
        [bytes.fromhex(h) for h in between["proof"]],
    )


@pytest.mark.parametrize("ref", ["P0038", "P0037", "P0010", "P0004"])
def test_residents_and_unit_staff_below_the_district_may_not_read_the_audit_log(
    client, auth, sealed, ref
):
    answer = client.get(f"{API}/checkpoints", headers=auth(ref))
    assert answer.status_code == 403 and answer.json()["rule_id"] == "WZ-5.6-e"


def test_a_supervision_member_exports_bundles_of_their_community_only(
    client, auth, sealed
):
    mine = client.get(
        f"{API}/bundles",
        params={"request_id": sealed["request_id"]},
        headers=auth("P0028"),
    )
    assert mine.status_code == 200 and verify_bundle(mine.json()).ok
    assert [e["event"]["version"] for e in mine.json()["entries"]] == [1, 2, 3, 4]
    unit = client.get(
        f"{API}/bundles", params={"unit": "CX0101"}, headers=auth("P0028")
    )
    assert (
        unit.status_code == 200
        and verify_bundle(unit.json()).ok
        and len(unit.json()["entries"]) >= 4
    )
    assert (
        client.get(
            f"{API}/bundles", params={"unit": "CX0102"}, headers=auth("P0028")
        ).status_code
        == 403
    )
    window = {
        "since": (datetime.now(UTC) - timedelta(minutes=5)).isoformat(),
        "until": (datetime.now(UTC) + timedelta(minutes=1)).isoformat(),
    }
    assert (
        client.get(f"{API}/bundles", params=window, headers=auth("P0028")).status_code
        == 403
    )
    district = client.get(f"{API}/bundles", params=window, headers=auth("P0001"))
    assert district.status_code == 200 and verify_bundle(district.json()).ok
    assert len(district.json()["entries"]) == sealed["size"]


@pytest.mark.parametrize(
    "path, params, status",
    [
        ("proofs/inclusion", {"position": 0}, 422),
        ("proofs/inclusion", {"position": "x"}, 422),
        ("proofs/inclusion", {"position": 10**9}, 404),
        ("proofs/inclusion", {"position": 5, "size": 3}, 409),
        ("proofs/consistency", {"first": 9, "second": 3}, 422),
        ("proofs/consistency", {"first": 1, "second": 10**9}, 422),
        ("bundles", {}, 422),
        (
            "bundles",
            {"unit": "CX0101", "request_id": "00000000-0000-0000-0000-000000000000"},
            422,
        ),
        ("bundles", {"since": "2026-01-01T00:00:00Z"}, 422),
        ("bundles", {"unit": "ZZ"}, 404),
        ("bundles", {"unit": "bad unit!"}, 422),
        ("bundles", {"request_id": "00000000-0000-0000-0000-000000000000"}, 404),
        (
            "bundles",
            {"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"},
            422,
        ),
    ],
)
def test_bad_audit_requests_are_problems_not_500s(
    client, auth, sealed, path, params, status
):
    answer = client.get(f"{API}/{path}", params=params, headers=auth("P0001"))
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_a_time_window_needs_a_role_over_every_district(
    client, auth, container, sealed
):
    window = {
        "since": "2000-01-01T00:00:00+00:00",
        "until": "2100-01-01T00:00:00+00:00",
    }
    container.registry.import_tree(
        SYSTEM, [UnitSpec("ZZ", Level.DISTRICT, "另一区")], []
    )
    refused = client.get(f"{API}/bundles", params=window, headers=auth("P0002"))
    assert refused.status_code == 403 and "所有区" in refused.json()["detail"]
    assert (
        client.get(
            f"{API}/bundles", params={"unit": "CX0101"}, headers=auth("P0002")
        ).status_code
        == 200
    )
