"""Witnesses: a supervision member registers a key, verifies consistency and cosigns; forks are caught."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from application.audit.notes import (
    COSIGNER_KEY,
    LOG_KEY,
    Checkpoint,
    NoteError,
    VerifierKey,
    raw_public,
)
from application.audit.verify import verify_bundle
from application.audit.witness_client import (
    ForkDetected,
    WitnessIdentity,
    WitnessMemory,
    checked_checkpoint,
    witness_once,
)
from tests.integration.audit_helpers import handled_request, sealed_and_signed

API = "/api/v1/audit"


@pytest.fixture
def witness(client, auth, container):
    sealed_and_signed(container)
    private = Ed25519PrivateKey.generate()
    key = VerifierKey("witness.P0028", COSIGNER_KEY, raw_public(private))
    answer = client.post(
        f"{API}/witnesses", json={"verifier_key": key.text()}, headers=auth("P0028")
    )
    assert answer.status_code == 201, answer.text
    me = WitnessIdentity(key.name, private, container.audit_parts.signer.verifier_key())

    def get(path, params):
        response = client.get(f"/api/v1{path}", params=params, headers=auth("P0028"))
        assert response.status_code == 200, response.text
        return response.json()

    def post(path, body):
        response = client.post(f"/api/v1{path}", json=body, headers=auth("P0028"))
        assert response.status_code == 201, response.text
        return response.json()

    return {"me": me, "get": get, "post": post, "key": key}


def test_a_witness_cosigns_and_the_cosignature_is_shown_and_travels_in_bundles(
    witness, container, client, auth
):
    memory = witness_once(
        witness["get"], witness["post"], witness["me"], WitnessMemory(), 1_790_000_000
    )
    request_id = handled_request(container)
    sealed_and_signed(container)
    container.runner.wait_for(container.ledger.position(), 10)
    later = witness_once(
        witness["get"], witness["post"], witness["me"], memory, 1_790_000_100
    )
    assert later.size > memory.size
    container.runner.wait_for(container.ledger.position(), 10)
    listed = client.get(f"{API}/checkpoints", headers=auth("P0002")).json()
    cosigned = [c for c in listed["items"] if c["cosignatures"]]
    assert [c["size"] for c in cosigned] == [memory.size, later.size]
    assert (
        witness["key"].text() in listed["witness_keys"]
        and "witness.P0028" in cosigned[-1]["note"]
    )
    bundle = client.get(
        f"{API}/bundles", params={"request_id": request_id}, headers=auth("P0028")
    ).json()
    report = verify_bundle(bundle)
    assert report.ok and any(
        "cosigned by witness.P0028" in line for line in report.proven
    ), report.text()


def test_a_server_showing_a_history_that_does_not_extend_the_cosigned_one_is_caught(
    witness, container
):
    memory = witness_once(
        witness["get"], witness["post"], witness["me"], WitnessMemory(), 1_790_000_000
    )
    handled_request(container)
    sealed_and_signed(container)
    signer = container.audit_parts.signer
    honest = witness["get"]("/audit/checkpoints/latest", {})
    other = Checkpoint(
        signer.origin, honest["size"], bytes(32), "2026-11-22T00:00:00+00:00"
    )

    def forked_get(path, params):  # the same log key, another history
        return (
            {"note": signer.sign(other)}
            if path.endswith("latest")
            else witness["get"](path, params)
        )

    with pytest.raises(ForkDetected, match="does not extend"):
        witness_once(forked_get, witness["post"], witness["me"], memory, 1_790_000_100)
    with pytest.raises(ForkDetected, match="shrank"):
        witness_once(
            witness["get"],
            witness["post"],
            witness["me"],
            WitnessMemory(10**6, "00" * 32),
            1,
        )


def test_a_checkpoint_not_signed_by_the_trusted_log_key_is_refused_by_the_witness(
    witness,
):
    stranger = VerifierKey(
        "gov-ledger/development", LOG_KEY, raw_public(Ed25519PrivateKey.generate())
    )
    with pytest.raises(NoteError):
        checked_checkpoint(
            witness["get"]("/audit/checkpoints/latest", {})["note"], stranger
        )


def test_cosignatures_are_checked_and_only_supervision_members_witness(
    witness, client, auth, container
):
    head = witness["get"]("/audit/checkpoints/latest", {})
    forged = {"size": head["size"], "cosignature": "— witness.P0028 " + "A" * 96}
    assert (
        client.post(
            f"{API}/witnesses/me/cosignatures", json=forged, headers=auth("P0028")
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"{API}/witnesses/me/cosignatures",
            json={**forged, "size": 10**9},
            headers=auth("P0028"),
        ).status_code
        == 404
    )
    log_key = (
        container.audit_parts.signer.verifier_key().text()
    )  # a log key is not a cosigner key
    assert (
        client.post(
            f"{API}/witnesses", json={"verifier_key": log_key}, headers=auth("P0028")
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"{API}/witnesses",
            json={"verifier_key": witness["key"].text()},
            headers=auth("P0010"),
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"{API}/witnesses/me/cosignatures", json=forged, headers=auth("P0002")
        ).status_code
        == 403
    )
