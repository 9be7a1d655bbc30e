"""A runner that cannot apply a batch says so once, in readiness and the log, and never spins.

The fault: a row of the read model (or of the sealed log) renumbered onto the
position the next event will take, so every write of that event fails with an
IntegrityError that no retry cures. Before, `CatchUpRunner.catch_up` retried it
forever and `gov audit export` hung.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from infra.app import create_app
from infra.container import Container, build_container
from infra.settings import Settings
from tests.conftest import cli_env, load_demo
from tests.integration.audit_helpers import raise_over_http

API = "/api/v1"
GOV = str(Path(sys.executable).with_name("gov"))
RETRY = {
    "stuck_retry_seconds": 0.5,
    "stuck_retry_max_seconds": 1.0,
    "heartbeat_interval_seconds": 0.2,
}


@pytest.fixture
def service(settings: Settings) -> Iterator[tuple[Container, TestClient]]:
    built = build_container(settings.model_copy(update=RETRY))
    load_demo(built)
    try:
        yield built, TestClient(create_app(container=built))  # no lifespan: closed here
    finally:
        built.close()


def execute(container: Container, sql: str, params: dict) -> None:
    """Tampering as the database owner would: straight SQL on the read model's tables."""
    dialect = getattr(container.view, "_sql", lambda text: text)
    with container.view.datastore.transaction(commit=True) as cursor:
        cursor.execute(dialect(sql), params)


def stuck_problem(client: TestClient, runner: str, timeout: float = 10) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(f"{API}/ready")
        stuck = [
            p
            for p in response.json().get("problems", [])
            if p["check"] == "runner_stuck"
        ]
        if stuck:
            assert response.status_code == 503 and response.headers["retry-after"]
            assert response.headers["content-type"] == "application/problem+json"
            assert [p["runner"] for p in stuck] == [runner]
            return stuck[0]
        time.sleep(0.1)
    raise AssertionError(f"readiness never reported {runner} stuck: {response.json()}")


def wait_ready(client: TestClient, timeout: float = 10) -> dict:
    deadline = time.monotonic() + timeout
    while (
        response := client.get(f"{API}/ready")
    ).status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert response.status_code == 200, response.json()
    return response.json()


def renumber_timeline_row_onto_the_next_event(
    container: Container, client: TestClient
) -> tuple[int, str]:
    first = raise_over_http(container, client)
    assert container.runner.wait_for(first["position"], 10)
    conflicting = container.ledger.position() + 1
    execute(
        container,
        "UPDATE gov_request_events SET position = :new WHERE position = :old",
        {"new": conflicting, "old": first["position"]},
    )
    second = raise_over_http(container, client)
    assert second["position"] == conflicting, (
        "the next event must land on the renumbered row"
    )
    return conflicting, first["position"]


def test_a_persistent_view_conflict_is_reported_stuck_once_and_never_spins(
    service, caplog
) -> None:
    """The stuck runner is named in readiness with the position and the error within seconds, the log
    says it once, a few attempts are made (not thousands), and everything before it is applied."""
    container, client = service
    caplog.set_level(logging.ERROR, logger="infra.progress")
    conflicting, _ = renumber_timeline_row_onto_the_next_event(container, client)
    stuck = stuck_problem(client, "catch-up")
    assert stuck["position"] == conflicting
    assert (
        "IntegrityError" in stuck["error"] and "gov_request_events" in stuck["error"]
    )  # the table, both backends
    time.sleep(2)  # several loop intervals and retries later
    assert container.runner.progress.tried <= 12, (
        "the runner is spinning on its stuck batch"
    )
    assert container.view.position() == conflicting - 1, (
        "events before the stuck one are applied"
    )
    logged = [
        r
        for r in caplog.records
        if f"stuck at log position {conflicting}" in r.getMessage()
    ]
    assert len(logged) == 1, [r.getMessage() for r in caplog.records]


def test_a_repaired_row_lets_the_stuck_runner_move_on_and_readiness_recover(
    service,
) -> None:
    container, client = service
    conflicting, original = renumber_timeline_row_onto_the_next_event(container, client)
    stuck_problem(client, "catch-up")
    execute(
        container,
        "UPDATE gov_request_events SET position = :old WHERE position = :new",
        {"new": conflicting, "old": original},
    )
    body = wait_ready(client)
    assert body["view_position"] == body["log_position"] == container.ledger.position()


def test_gov_audit_export_returns_an_error_naming_the_stuck_runner_instead_of_hanging(
    service, tmp_path
) -> None:
    container, client = service
    conflicting, _ = renumber_timeline_row_onto_the_next_event(container, client)
    request_id = container.view.fetch("SELECT request_id FROM gov_requests", {})[0][
        "request_id"
    ]
    env = {
        **os.environ,
        **cli_env(container.settings),
        **{f"GOV_{k.upper()}": str(v) for k, v in RETRY.items()},
    }
    started = time.monotonic()
    done = subprocess.run(
        [
            GOV,
            "audit",
            "export",
            "--request",
            request_id,
            "-o",
            str(tmp_path / "b.json"),
        ],
        check=False,
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"catch-up is stuck at log position {conflicting}" in done.stderr
    assert time.monotonic() - started < 60
    assert not (tmp_path / "b.json").exists()


def test_a_conflicting_sealed_node_makes_the_sealing_runner_stuck_in_readiness_too(
    service,
) -> None:
    """The same code decides for the sealer: a tree node planted where the next leaf goes."""
    container, client = service
    store = container.audit_parts.store
    assert container.audit_parts.sealing.wait_for(container.ledger.position(), 10)
    size = store.size()
    store.execute(
        "INSERT INTO gov_audit_nodes (level, idx, hash) VALUES (:level, :idx, :hash)",
        [{"level": 0, "idx": size, "hash": "00" * 32}],
    )
    answer = raise_over_http(container, client)
    stuck = stuck_problem(client, "sealing")
    assert (
        stuck["position"] == answer["position"] and "IntegrityError" in stuck["error"]
    )
    assert container.audit_parts.sealing.progress.tried <= 12
