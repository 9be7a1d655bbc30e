"""A resolution the resident never answers closes by itself after the configured days (回访, CAL-2)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from application.principals import Principal
from application.requests.commands import DisputeRequest, ResolveRequest
from domain.errors import TransitionNotAllowed
from domain.people import person_id_for
from domain.vocabulary import Category
from infra.container import Container
from tests.clock import FakeClock
from tests.conftest import demo_container


@pytest.fixture
def world(settings) -> Iterator[tuple[Container, FakeClock]]:
    clock = FakeClock(datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    container = demo_container(
        settings.model_copy(update={"scheduler_in_process": False}), clock=clock
    )
    try:
        yield container, clock
    finally:
        container.close()


def principal(container: Container, ref: str) -> Principal:
    return Principal.of(container.ledger.person(person_id_for(ref)))


def resolved_request(container: Container) -> str:
    resident, leader = principal(container, "P0038"), principal(container, "P0037")
    raised = container.requests.raise_request(
        resident, title="t", description="d", category=Category.OTHER
    )
    container.requests.handle(
        leader, ResolveRequest(request_id=raised["request_id"], resolution="done")
    )
    return raised["request_id"]


def settle(container: Container) -> dict[str, int]:
    assert container.runner.wait_for(container.ledger.position(), 10)
    return container.scheduler.run_once()


def test_unanswered_resolution_closes_after_seven_calendar_days_once_BZ_D1_CAL_2(world):
    container, clock = world
    rid = resolved_request(container)
    clock.advance(days=6)
    assert (
        settle(container)["recorded"] == 0
    )  # 8 Nov: still within 7 calendar days (ends 9 Nov, China time)
    clock.advance(days=2)
    assert settle(container)["recorded"] == 1
    assert settle(container)["recorded"] == 0
    request = container.ledger.request(rid)
    assert request.status.value == "closed" and request.allowed_actions() == ["rate"]
    closed = container.ledger.recorder.select_notifications(start=1, limit=100000)
    assert sum(1 for n in closed if n.topic.endswith("Request.RequestClosed")) == 1


def test_an_answered_resolution_is_not_closed_by_the_system_BZ_D1(world):
    container, clock = world
    rid = resolved_request(container)
    container.requests.handle(
        principal(container, "P0038"), DisputeRequest(request_id=rid, reason="not done")
    )
    clock.advance(days=8)
    settle(container)
    assert container.ledger.request(rid).status.value == "reopened"
    with pytest.raises(TransitionNotAllowed):
        container.ledger.request(rid).close_unanswered(
            principal(container, "P0038").as_resident()
        )
