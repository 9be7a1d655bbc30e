"""The dispute dossier of a request: levels against deadlines, urging, and a proof for every event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from application.audit.merkle import leaf_hash
from application.audit.proofs import verify_inclusion
from application.requests.commands import ResolveRequest
from infra.app import create_app
from tests.clock import FakeClock
from tests.conftest import demo_container
from tests.integration.audit_helpers import (
    handled_request,
    principal,
    sealed_and_signed,
)


@pytest.fixture
def clock():
    """Deadlines counted from three weeks ago, so both stays are overdue by now and can be urged."""
    return FakeClock(datetime.now(UTC) - timedelta(days=21))


@pytest.fixture
def container(settings, clock):
    built = demo_container(
        settings.model_copy(update={"scheduler_in_process": False}), clock=clock
    )
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def client(container):
    with TestClient(create_app(container=container)) as test_client:
        yield test_client


@pytest.fixture
def disputed(container, clock):
    request_id = handled_request(container)
    clock.now = datetime.now(UTC)
    container.supervision.urge(
        principal(container, "P0028"), "request", request_id, "请尽快办理"
    )
    container.requests.handle(
        principal(container, "P0010"),
        ResolveRequest(request_id=request_id, resolution="已修好"),
    )
    sealed_and_signed(container)
    container.runner.wait_for(container.ledger.position(), 10)
    return request_id


def test_json_dossier_has_timeline_levels_urging_and_verifiable_proofs(
    client, auth, disputed
):
    dossier = client.get(
        f"/api/v1/audit/dossiers/requests/{disputed}", headers=auth("P0028")
    ).json()
    assert [e["event_type"] for e in dossier["timeline"]] == [
        "RequestRaised",
        "RequestAccepted",
        "RequestEscalated",
        "RequestAccepted",
        "RequestUrged",
        "RequestResolved",
    ]
    assert [(s["unit"], s["met_deadline"]) for s in dossier["levels"]] == [
        ("CX010101", False),
        ("CX0101", False),
    ]
    assert (
        dossier["urging"][0]["by_role"] == "supervision_committee"
        and dossier["urging"][0]["urged_unit"] == "CX0101"
    )
    for event in dossier["timeline"]:
        proof = event["proof"]
        verify_inclusion(
            proof["leaf_index"],
            proof["tree_size"],
            leaf_hash(proof["envelope"].encode()),
            [bytes.fromhex(h) for h in proof["proof"]],
            bytes.fromhex(proof["root"]),
        )
        assert f'"position":{event["position"]}' in proof["envelope"]


def test_markdown_and_html_dossiers_have_chinese_labels_and_escape_content(
    client, auth, disputed
):
    md = client.get(
        f"/api/v1/audit/dossiers/requests/{disputed}",
        params={"format": "md"},
        headers=auth("P0038"),
    )
    assert (
        md.headers["content-type"].startswith("text/markdown")
        and "## 各级用时与时限" in md.text
    )
    assert "RequestUrged" in md.text and "超时" in md.text
    page = client.get(
        f"/api/v1/audit/dossiers/requests/{disputed}",
        params={"format": "html"},
        headers=auth("P0028"),
    )
    assert page.text.startswith("<!doctype html>") and "<h2>督办</h2>" in page.text


def test_dossier_follows_request_reading_rules(client, auth, disputed):
    assert (
        client.get(
            f"/api/v1/audit/dossiers/requests/{disputed}", headers=auth("P0012")
        ).status_code
        == 403
    )
    assert (
        client.get(
            f"/api/v1/audit/dossiers/requests/{disputed}",
            params={"format": "pdf"},
            headers=auth("P0028"),
        ).status_code
        == 422
    )
