"""Deliberation deadlines in working days carry `provisional` across a year without official data,
and loading that year recomputes them as an event (CAL-1, WZ-5.3-a/b, WZ-5.8-c), on both backends.

The clock starts Monday 2026-12-21 (China time); 2027 is not yet known, so the Monday–Friday
fallback counts Friday 2027-01-01 as a working day. Loading 2027 with New Year's Day as a holiday
moves each deadline one working day later.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from application.deliberation.sitting_commands import sitting_command
from application.deliberation.topic_commands import AnnounceTopic, PlanTopic
from application.deliberation.topic_steps import ImplementOutcome
from domain.actors import Actor
from domain.deliberation.topic_deadlines import provisional_dues
from domain.deliberation.topics import Topic
from domain.levels import Role
from infra.app import _recompute
from infra.container import Container
from infra.settings import Settings
from tests.clock import FakeClock
from tests.conftest import demo_container
from tests.integration.test_deliberation_deadlines import (
    RESIDENT,
    STAFF,
    approved_topic,
    who,
)

DEC_21 = datetime(2026, 12, 21, 1, 0, tzinfo=UTC)  # Monday 09:00 China time
ADMIN = Actor("P0001", Role.ADMINISTRATOR, None)


@pytest.fixture
def world(settings: Settings) -> Iterator[tuple[Container, FakeClock]]:
    clock = FakeClock(DEC_21)
    container = demo_container(
        settings.model_copy(update={"scheduler_in_process": False}), clock=clock
    )
    yield container, clock
    container.close()


def day(moment: str | None) -> date | None:
    return datetime.fromisoformat(moment).date() if moment else None


def load_2027(container: Container) -> dict:
    container.deadlines.load_schedule(
        ADMIN, 2027, [date(2027, 1, 1)], [], "国务院办公厅通知（测试）"
    )
    return _recompute(container)


def recomputed(container: Container, topic_id: str) -> list[Topic.DeadlinesRecomputed]:
    return [
        e
        for e in container.ledger.events.get(UUID(topic_id))
        if isinstance(e, Topic.DeadlinesRecomputed)
    ]


def test_plan_and_sitting_deadlines_are_provisional_then_recomputed_CAL_1(world):
    container, clock = world
    topic_id = approved_topic(container)
    topic = container.ledger.topic(topic_id)
    assert provisional_dues(topic) == ["plan", "sit"]
    assert (day(topic.due_at["plan"]), day(topic.due_at["sit"])) == (
        date(2027, 1, 4),
        date(2027, 1, 11),
    ), "10 and 15 working days, Monday–Friday across 2027"
    clock.advance(days=1)
    assert load_2027(container)["recomputed_topics"] == 1
    topic = container.ledger.topic(topic_id)
    assert (day(topic.due_at["plan"]), day(topic.due_at["sit"])) == (
        date(2027, 1, 5),
        date(2027, 1, 12),
    ), "counted again from the review, New Year's Day a holiday"
    assert provisional_dues(topic) == []
    [event] = recomputed(container, topic_id)
    assert sorted(event.dues) == ["plan", "sit"] and event.provisional == []
    assert container.runner.wait_for(container.ledger.position(), 15)
    row = container.deliberation_queries.view.topic_row(topic_id)
    assert day(row["plan_due"]) == date(2027, 1, 5)
    assert load_2027(container)["recomputed_topics"] == 0, "once only"


def test_the_implementation_deadline_is_provisional_then_recomputed_CAL_1(world):
    """WZ-5.8-c: 30 working days from the result, across 2027."""
    container, _ = world
    topic_id, staff = approved_topic(container), who(container, STAFF)
    resident = who(container, RESIDENT)
    d = container.deliberation
    d.handle(
        resident,
        PlanTopic(
            topic_id=topic_id,
            when=DEC_21,
            place="p",
            form="door_to_door",
            host=resident.person_id,
            participants={resident.person_id: "stakeholder"},
        ),
    )
    d.handle(staff, AnnounceTopic(topic_id=topic_id, channels=["sms"]))
    sitting_id = container.sittings.open(staff, topic_id, "on_site")["sitting_id"]
    for action, params in (
        ("sign_in", {"participant": resident.person_id}),
        ("explain", {"summary": "s"}),
        ("open_vote", {"item": "i1", "text": "t"}),
        ("record_counts", {"item": "i1", "yes": 1, "no": 0, "abstain": 0}),
        ("close_vote", {"item": "i1"}),
        ("settle", {"implementation_plan": "p"}),
    ):
        container.sittings.handle(staff, sitting_command(action, sitting_id, params))
    d.handle(staff, ImplementOutcome(topic_id=topic_id, details={"route": "community"}))
    topic = container.ledger.topic(topic_id)
    assert provisional_dues(topic) == ["implement"]
    before = day(topic.implement_due)
    assert load_2027(container)["recomputed_topics"] == 1
    topic = container.ledger.topic(topic_id)
    assert provisional_dues(topic) == [] and day(topic.implement_due) > before
    assert [sorted(e.dues) for e in recomputed(container, topic_id)] == [["implement"]]
