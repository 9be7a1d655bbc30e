"""The online self-audit: an owner's edit under the running service is found, shown and refused."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from application.audit.integrity import LedgerTampered
from application.audit.notes import (
    COSIGNER_KEY,
    VerifierKey,
    cosign_line,
    raw_public,
    split_note,
)
from infra.app import create_app
from infra.container import Container, build_container
from tests.api.problem_helpers import log_unchanged
from tests.conftest import load_demo
from tests.integration.audit_helpers import (
    handled_request,
    raise_one,
    raw_sql,
    sealed_and_signed,
)
from tests.integration.self_audit_helpers import (
    ALTER,
    APPEND_A_SPACE,
    DELETE,
    RESTORE,
    eventually,
    fast_self_audit,
)

API = "/api/v1"
SUPERVISION, RESIDENT = "P0028", "P0038"


@pytest.fixture
def container(settings) -> Iterator[Container]:
    """The service with its self-audit walking the whole log every 0.3 s."""
    built = build_container(fast_self_audit(settings))
    load_demo(built)
    try:
        yield built
    finally:
        built.close()


def ready(client) -> dict:
    answer = client.get(f"{API}/ready")
    assert answer.status_code == 200, answer.text
    return answer.json()


def checked_everything(client, container) -> bool:
    audit = ready(client)["self_audit"]
    size = container.audit_parts.store.size()
    return audit["passes"] >= 1 and audit["newest_checked_leaf"] >= size


def sealed_and_audited(client, container) -> str:
    request_id = handled_request(container)
    sealed_and_signed(container)
    assert eventually(lambda: checked_everything(client, container))
    return request_id


def registered_witness(client, auth, note: str) -> str:
    """Register a supervision member's witness key; returns its valid cosignature of `note`."""
    private = Ed25519PrivateKey.generate()
    key = VerifierKey("witness.P0028", COSIGNER_KEY, raw_public(private))
    answer = client.post(
        f"{API}/audit/witnesses",
        json={"verifier_key": key.text()},
        headers=auth(SUPERVISION),
    )
    assert answer.status_code == 201, answer.text
    return cosign_line(key.name, private, split_note(note)[0], 1_790_000_000)


def inclusion(client, auth, position: int):
    return client.get(
        f"{API}/audit/proofs/inclusion",
        params={"position": position},
        headers=auth(SUPERVISION),
    )


def tamper(container, statements: list[str]) -> None:
    for statement in statements:
        raw_sql(container, statement)


def test_readiness_shows_projection_lag_sealing_lag_and_the_last_self_audit(
    client, container
):
    sealed_and_audited(client, container)
    shown = ready(client)
    assert shown["status"] == "ready" and shown["integrity"] == "ok"
    assert shown["lag"] == shown["projection_lag"] >= 0 and shown["sealing_lag"] >= 0
    assert shown["sealed_position"] <= shown["log_position"]
    assert (
        shown["self_audit"]["last_run_at"] and shown["self_audit"]["open_findings"] == 0
    )
    assert client.get(f"{API}/health").headers["x-ledger-integrity"] == "ok"


def test_a_row_altered_under_the_running_service_is_found_shown_and_refused(
    client, container, auth
):
    """WZ-6: the log the trace records come from is watched online, not only by an offline check."""
    request_id = sealed_and_audited(client, container)
    tamper(container, ALTER[container.settings.backend])
    assert eventually(lambda: ready(client)["status"] == "tampered")
    shown = ready(client)
    assert (
        shown["integrity"] == "tampered" and shown["self_audit"]["open_findings"] >= 1
    )

    read = client.get(f"{API}/requests/{request_id}", headers=auth(RESIDENT))
    assert read.status_code == 200 and read.headers["x-ledger-integrity"] == "tampered"
    assert read.json()["ledger_integrity"]["status"] == "tampered"
    assert read.json()["request_id"] == request_id  # the read itself is still served

    proof = inclusion(client, auth, 3)
    assert proof.status_code == 409
    assert proof.headers["content-type"] == "application/problem+json"
    assert proof.json()["rule_id"] == "WZ-6" and "日志位置 3" in proof.json()["detail"]
    assert inclusion(client, auth, 4).status_code == 200

    alerts = client.get(f"{API}/audit/alerts", headers=auth(SUPERVISION))
    assert alerts.status_code == 200 and alerts.json()["status"] == "tampered"
    assert [(a["kind"], a["position"]) for a in alerts.json()["items"]] == [
        ("altered", 3)
    ]
    assert client.get(f"{API}/audit/alerts", headers=auth(RESIDENT)).status_code == 403


def test_no_new_checkpoint_is_signed_or_cosigned_over_an_altered_row(
    client, container, auth
):
    """WZ-6: signing and witnessing wait while the self-audit's finding stands."""
    sealed_and_audited(client, container)
    parts, head = container.audit_parts, container.audit.head()
    cosign_line = registered_witness(client, auth, head["note"])
    tamper(container, ALTER[container.settings.backend])
    assert eventually(lambda: ready(client)["status"] == "tampered")
    raise_one(container)
    parts.sealing.catch_up()  # sealing goes on ...
    assert parts.store.size() > head["size"]
    with pytest.raises(LedgerTampered, match="signing a new checkpoint"):
        parts.sealing.checkpointer.checkpoint(parts.store.size())
    assert parts.sealing.checkpointer.maybe_checkpoint() is None
    assert container.audit.head()["size"] == head["size"]  # ... signing does not
    with log_unchanged(container):
        cosign = client.post(
            f"{API}/audit/witnesses/me/cosignatures",
            headers=auth(SUPERVISION),
            json={"size": head["size"], "cosignature": cosign_line},
        )
    assert cosign.status_code == 409 and cosign.json()["rule_id"] == "WZ-6"


def test_a_restored_row_clears_the_alert_and_signing_resumes(client, container):
    sealed_and_audited(client, container)
    backend = container.settings.backend
    tamper(container, ALTER[backend])
    assert eventually(lambda: ready(client)["status"] == "tampered")
    raw_sql(container, RESTORE[backend])
    assert eventually(lambda: ready(client)["status"] == "ready")
    parts = container.audit_parts
    raise_one(container)
    parts.sealing.catch_up()
    assert (
        parts.sealing.checkpointer.checkpoint(parts.store.size()) == parts.store.size()
    )


def test_a_deleted_row_is_reported_missing_with_its_position(client, container, auth):
    sealed_and_audited(client, container)
    position = 5
    tamper(
        container,
        [s.replace("{p}", str(position)) for s in DELETE[container.settings.backend]],
    )
    assert eventually(lambda: ready(client)["status"] == "tampered")
    items = client.get(f"{API}/audit/alerts", headers=auth(SUPERVISION)).json()["items"]
    assert [(a["kind"], a["position"]) for a in items] == [("missing", position)]
    assert inclusion(client, auth, position).status_code == 409


def test_an_api_only_process_reads_the_verdict_the_sealing_process_found(
    client, container, settings, auth
):
    """API workers (`gov serve --workers N`) run no self-audit but read its tables."""
    api_only = build_container(
        fast_self_audit(
            settings, projections_in_process=False, scheduler_in_process=False
        )
    )
    with TestClient(create_app(container=api_only)) as other:
        assert api_only.audit_parts.self_audit._thread is None  # not started here
        request_id = sealed_and_audited(client, container)
        # a row of the request's own (a person's or the registry's would, rightly, make
        # the service refuse to act on them: docs/audit.md §6a)
        position = container.ledger.recorder.logged_events(UUID(request_id))[0].position
        spaced = APPEND_A_SPACE[container.settings.backend]
        tamper(container, [s.replace("{p}", str(position)) for s in spaced])
        assert eventually(lambda: ready(other)["status"] == "tampered")
        alerts = other.get(f"{API}/audit/alerts", headers=auth(SUPERVISION)).json()
        assert [a["position"] for a in alerts["items"]] == [position]
