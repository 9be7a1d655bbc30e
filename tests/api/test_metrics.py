"""/metrics in the Prometheus text format, parsed after a scripted sequence of calls.

Counters move by exactly the number of commands of each outcome (ok, replayed,
conflict, refused by rule id); the positions are the service's; who may read
the figures is a setting (token or network), and a refusal is problem+json in Chinese.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from eventsourcing.persistence import OperationalError
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from domain.people import person_id_for
from infra.app import create_app
from tests.api.problem_helpers import API, RAISE, assert_problem, raise_request

TOKEN = "metrics-test-token"
READER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def metered(container):
    settings = container.settings.model_copy(update={"metrics_token": TOKEN})
    with TestClient(
        create_app(container=replace(container, settings=settings))
    ) as client:
        yield client


def samples(client: TestClient) -> dict[tuple[str, tuple], float]:
    answer = client.get("/metrics", headers=READER)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def command(figures, operation: str, outcome: str, rule_id: str = "") -> float:
    labels = (("operation", operation), ("outcome", outcome), ("rule_id", rule_id))
    return figures.get(("gov_commands_total", labels), 0.0)


def scripted_calls(client: TestClient, auth) -> dict[str, str]:
    """3 raises (one retried once), a stale accept, a refused rename, a level skip."""
    keyed = {**auth("P0038"), "Idempotency-Key": "metrics-1"}
    first = client.post(f"{API}/requests", headers=keyed, json=RAISE)
    assert client.post(f"{API}/requests", headers=keyed, json=RAISE).json()["replayed"]
    raise_request(client, auth)
    raise_request(client, auth)
    stale = client.post(
        f"{API}/requests/{first.json()['request_id']}/accept",
        headers=auth("P0037"),
        json={"expected_version": 7},
    )
    renamed = client.post(
        f"{API}/units/CX010101/rename", headers=auth("P0002"), json={"name": "x"}
    )
    skipped = client.post(
        f"{API}/units",
        headers=auth("P0001"),
        json={"code": "CX0199", "level": "group", "name": "跳级小组", "parent": "CX01"},
    )
    assert stale.status_code == 409 and renamed.status_code == 403
    return {
        "stale": stale.json()["rule_id"],
        "renamed": renamed.json()["rule_id"] or "",
        "skipped": assert_problem(skipped, 409, "BZ-L1")["rule_id"],
    }


def test_counters_move_by_the_exact_numbers_of_commands(metered, container, auth):
    rules = scripted_calls(metered, auth)
    figures = samples(metered)
    assert command(figures, "requests.raise", "ok") == 3
    assert command(figures, "requests.raise", "replayed") == 1
    assert command(figures, "requests.accept", "conflict", rules["stale"]) == 1
    assert command(figures, "units.rename", "refused", rules["renamed"]) == 1
    assert command(figures, "units.register", "refused", "BZ-L1") == 1
    raised = (("method", "POST"), ("route", f"{API}/requests"), ("status", "201"))
    assert figures[("gov_http_requests_total", raised)] == 4
    timed = (("method", "POST"), ("route", f"{API}/requests"))
    assert figures[("gov_http_request_duration_seconds_count", timed)] == 4


def test_positions_and_lags_are_the_services(metered, container, auth):
    raise_request(metered, auth)
    container.runner.wait_for(container.ledger.position(), 10)
    figures = samples(metered)
    head = container.ledger.position()
    assert figures[("gov_events_appended_total", ())] == head
    assert figures[("gov_log_position", ())] == head
    assert figures[("gov_projection_lag", ())] == head - container.view.position()
    sealed = container.audit_parts.store.sealed_position()
    assert figures[("gov_sealing_lag", ())] == head - sealed
    assert figures[("gov_integrity_tampered", ())] == 0
    assert figures[("gov_runner_alive", (("name", "catch-up"),))] == 1
    if container.settings.backend == "postgres":
        in_use = (("state", "in_use"), ("store", "events"))
        assert ("gov_db_pool_connections", in_use) in figures


def test_a_route_with_an_id_is_counted_by_its_template(metered, auth):
    request_id = raise_request(metered, auth)["request_id"]
    metered.get(f"{API}/requests/{request_id}", headers=auth("P0038"))
    metered.get(f"{API}/no-such-thing")
    routes = {labels for name, labels in samples(metered) if name.endswith("_total")}
    flat = {dict(labels).get("route") for labels in routes}
    assert f"{API}/requests/{{request_id}}" in flat and "unmatched" in flat
    assert not any(request_id in (route or "") for route in flat)


def test_metrics_without_the_token_are_refused_401_in_chinese(metered):
    missing = metered.get("/metrics")
    wrong = metered.get("/metrics", headers={"Authorization": "Bearer nope"})
    for answer in (missing, wrong):
        body = assert_problem(answer, 401)
        assert "指标令牌" in body["detail"] and "gov_" not in answer.text


def test_metrics_outside_the_allowed_networks_are_refused_403(container):
    app = create_app(container=container)
    with TestClient(app, client=("10.9.8.7", 4000)) as outsider:
        body = assert_problem(outsider.get("/metrics"), 403)
    assert "网络" in body["detail"]
    with TestClient(app, client=("127.0.0.1", 4000)) as local:
        assert local.get("/metrics").status_code == 200


def sign_in(client: TestClient, container, phone: str, code: str | None) -> int:
    if code is None:
        assert (
            client.post(f"{API}/sessions/code", json={"phone": phone}).status_code
            == 202
        )
        code = container.signin.sender.last_code(phone)
    return client.post(
        f"{API}/sessions", json={"phone": phone, "code": code}
    ).status_code


def test_sign_in_attempts_and_lockouts_are_counted(metered, container):
    def phone_of(ref: str) -> str:
        return container.ledger.person(person_id_for(ref)).phone

    assert sign_in(metered, container, phone_of("P0038"), None) == 201
    phone = phone_of(
        "P0039"
    )  # a second code for the same phone is refused for a minute
    assert (
        metered.post(f"{API}/sessions/code", json={"phone": phone}).status_code == 202
    )
    right = container.signin.sender.last_code(phone)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    statuses = [sign_in(metered, container, phone, wrong) for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    assert sign_in(metered, container, phone, right) == 429
    figures = samples(metered)

    def attempts(outcome: str, reason: str) -> float:
        labels = (("outcome", outcome), ("reason", reason))
        return figures.get(("gov_signin_attempts_total", labels), 0.0)

    assert attempts("ok", "") == 1
    assert attempts("refused", "wrong_code") == 4
    assert attempts("refused", "locked") == 2
    assert figures[("gov_signin_lockouts_total", ())] == 2


def test_a_source_that_cannot_be_read_is_marked_down_not_fatal(
    metered, container, monkeypatch
):
    def unreachable() -> list:
        raise OperationalError("connection refused")

    monkeypatch.setattr(container.runner_status, "rows", unreachable)
    figures = samples(metered)
    assert figures[("gov_metrics_source_up", (("source", "runners"),))] == 0
    assert figures[("gov_metrics_source_up", (("source", "positions"),))] == 1
    assert not any(name == "gov_runner_alive" for name, _ in figures)
