"""`/ready` is not-ready (503 problem+json, Retry-After) while a lag exceeds its bound or a runner is down.

Each check is judged from what any API process can read: positions from the
database, and the heartbeat rows the process running the runners writes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from infra.app import create_app
from infra.container import Container, build_container
from infra.heartbeat import Heartbeat
from infra.settings import Settings
from tests.conftest import load_demo
from tests.integration.audit_helpers import raise_over_http

API = "/api/v1"
FAST_BEAT = {"heartbeat_interval_seconds": 0.2}


def open_service(settings: Settings, **overrides) -> tuple[Container, TestClient]:
    built = build_container(settings.model_copy(update={**FAST_BEAT, **overrides}))
    load_demo(built)
    return built, TestClient(
        create_app(container=built)
    )  # no lifespan: the test closes the container


@pytest.fixture
def opened() -> Iterator[list[Container]]:
    containers: list[Container] = []
    yield containers
    for container in containers:
        container.close()


def problems_until(
    client: TestClient, wanted: str, timeout: float = 10
) -> tuple[dict, list[dict]]:
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(f"{API}/ready")
        found = [p for p in response.json().get("problems", []) if p["check"] == wanted]
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert found, f"no {wanted} problem: {response.json()}"
    assert response.status_code == 503 and response.headers["retry-after"]
    assert response.headers["content-type"] == "application/problem+json"
    return response.json(), found


def ready_within(client: TestClient, timeout: float = 10) -> dict:
    deadline = time.monotonic() + timeout
    while (
        response := client.get(f"{API}/ready")
    ).status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert response.status_code == 200, response.json()
    return response.json()


def test_readiness_is_not_ready_while_the_projection_lag_exceeds_its_bound(
    settings, opened
) -> None:
    container, client = open_service(settings, ready_max_projection_lag=0)
    opened.append(container)
    ready_within(client)
    with (
        container.runner._lock
    ):  # the projections cannot apply anything meanwhile: the lag grows
        position = raise_over_http(container, client)["position"]
        body, (lagging,) = problems_until(client, "projection_lag")
        assert (
            lagging["lag"]
            == body["projection_lag"]
            == position - body["view_position"]
            > lagging["bound"]
            == 0
        )
    body = ready_within(client)
    assert body["projection_lag"] == 0 and body["view_position"] >= position


def test_readiness_is_not_ready_while_the_sealing_lag_exceeds_its_bound(
    settings, opened
) -> None:
    container, client = open_service(
        settings, sealing_interval_seconds=3600, ready_max_sealing_lag=10
    )
    opened.append(container)
    body, (lagging,) = problems_until(
        client, "sealing_lag"
    )  # the demo load is not sealed yet
    assert (
        lagging["lag"]
        == body["sealing_lag"]
        == body["log_position"] - body["sealed_position"]
        > 10
    )
    container.audit_parts.sealing.catch_up()
    assert ready_within(client)["sealing_lag"] == 0


def test_readiness_is_not_ready_once_the_runners_stop_or_their_heartbeat_goes_stale(
    settings, opened
) -> None:
    container, client = open_service(settings)
    opened.append(container)
    assert {r["name"] for r in ready_within(client)["runners"]} == {
        "catch-up",
        "sealing",
        "scheduler",
    }
    container.heartbeat.stop()  # a clean stop marks this process's runners down
    _, down = problems_until(client, "runner_down")
    assert {p["runner"] for p in down} == {"catch-up", "sealing", "scheduler"}
    assert all("stopped" in p["detail"] for p in down)
    with container.view.datastore.transaction(
        commit=True
    ) as cursor:  # alive, but silent for a minute
        cursor.execute(
            getattr(container.view, "_sql", lambda s: s)(
                "UPDATE gov_runner_status SET alive = 1, beat_at = beat_at - 60"
            )
        )
    _, stale = problems_until(client, "runner_down")
    assert all("no heartbeat" in p["detail"] for p in stale)
    loops = (container.runner, container.audit_parts.sealing, container.scheduler)
    beating = Heartbeat(container.runner_status, lambda: loops, 0.2)
    beating.start()
    try:
        ready_within(client)
    finally:
        beating.stop()
