"""Writes are rate limited per bearer token and per client address: 429 with Retry-After, nothing written."""

from __future__ import annotations

import dataclasses

import pytest
from fastapi.testclient import TestClient

from api.app import build_api
from api.rate_limit import TokenBuckets, WriteLimits
from infra.app import api_context, write_limits
from infra.settings import Settings
from tests.api.problem_helpers import API, RAISE, assert_problem, log_unchanged


def limited_client(container, **limits) -> TestClient:
    """The app with low limits (the suite's settings turn rate limiting off)."""
    ctx = dataclasses.replace(
        api_context(container), write_limits=WriteLimits(**limits)
    )
    return TestClient(build_api(ctx))


def raise_as(client, auth, ref: str):
    return client.post(f"{API}/requests", headers=auth(ref), json=RAISE)


def assert_throttled(response) -> None:
    assert_problem(response, 429)
    assert int(response.headers["retry-after"]) >= 1
    assert response.headers["x-content-type-options"] == "nosniff"


def test_writes_over_the_token_limit_are_429_and_write_nothing(container, auth):
    client = limited_client(container, rate_per_token=0.01, burst_per_token=2)
    headers = auth("P0038")
    for _ in range(2):
        assert (
            client.post(f"{API}/requests", headers=headers, json=RAISE).status_code
            == 201
        )
    with log_unchanged(container):
        throttled = client.post(f"{API}/requests", headers=headers, json=RAISE)
    assert_throttled(throttled)
    assert int(throttled.headers["retry-after"]) == 100  # one write per 100 s
    assert (
        raise_as(client, auth, "P0038").status_code == 201
    )  # another token of the same person
    assert (
        client.get(f"{API}/me/requests", headers=headers).status_code == 200
    )  # reads are not limited


def test_writes_over_the_address_limit_are_429_whatever_the_token(container, auth):
    client = limited_client(container, rate_per_address=0.5, burst_per_address=3)
    for ref in ("P0038", "P0038", "P0010"):
        assert raise_as(client, auth, ref).status_code != 429
    with log_unchanged(container):
        throttled = raise_as(client, auth, "P0037")
        unauthenticated = client.post(f"{API}/requests", json=RAISE)
    assert_throttled(throttled)
    assert_throttled(unauthenticated)
    assert throttled.headers["retry-after"] == "2"


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_every_write_method_counts(container, auth, method):
    client, headers = (
        limited_client(container, rate_per_token=0.01, burst_per_token=1),
        auth("P0002"),
    )
    assert (
        client.request(
            method, f"{API}/calendar/2030", headers=headers, json={}
        ).status_code
        != 429
    )
    assert_throttled(
        client.request(method, f"{API}/calendar/2030", headers=headers, json={})
    )


def test_bucket_refills_at_its_rate():
    now = [0.0]
    buckets = TokenBuckets(rate=2.0, burst=2, clock=lambda: now[0])
    buckets.take("k")
    buckets.take("k")
    assert buckets.wait_for("k") == 0.5 and buckets.wait_for("other") == 0
    now[0] = 0.5
    assert buckets.wait_for("k") == 0
    now[0] = 100
    assert buckets._units("k", now[0]) == 2  # never more than the burst


def test_defaults_are_on_and_documented():
    settings = Settings()
    assert settings.rate_limit_enabled and write_limits(settings) == WriteLimits()
    assert (
        write_limits(settings.model_copy(update={"rate_limit_enabled": False})) is None
    )
