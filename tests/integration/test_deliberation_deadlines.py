"""Deliberation deadlines recorded by the scheduler exactly once (WZ-5.3-a, WZ-5.7-a, CAL-1, CAL-2)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.deliberation.sitting_commands import sitting_command
from application.deliberation.topic_commands import (
    AnnounceTopic,
    PlanTopic,
    RegisterTopic,
    ReviewTopic,
)
from application.principals import Principal
from domain.deliberation.topics import Topic
from domain.deliberation.vocabulary import ProposerKind, TopicCategory
from domain.people import person_id_for
from infra.container import Container
from infra.settings import Settings
from tests.clock import FakeClock
from tests.conftest import demo_container
from tests.integration.test_scheduler import START, logged

STAFF, RESIDENT = "P0010", "P0038"
CHECKS = [
    {"check": c, "passed": True, "reason": "ok"}
    for c in ("nature", "scope", "feasibility")
]


@pytest.fixture
def world(settings: Settings) -> Iterator[tuple[Container, FakeClock]]:
    clock = FakeClock(START)
    container = demo_container(
        settings.model_copy(update={"scheduler_in_process": False}), clock=clock
    )
    yield container, clock
    container.close()


def who(container: Container, ref: str) -> Principal:
    return Principal.of(container.ledger.person(person_id_for(ref)))


def approved_topic(container: Container) -> str:
    d, resident = container.deliberation, who(container, RESIDENT)
    topic_id = d.propose(
        resident,
        "CX0101",
        TopicCategory.COMMUNITY_RESIDENTS,
        ProposerKind.RESIDENT,
        "visit",
        "加装电梯",
        "老人多",
        [],
    )["topic_id"]
    staff = who(container, STAFF)
    d.handle(staff, RegisterTopic(topic_id=topic_id, number="N1"))
    d.handle(
        staff,
        ReviewTopic(
            topic_id=topic_id,
            meeting="m",
            attendees=["a"],
            checks=CHECKS,
            must=[],
            convenor=resident.person_id,
            recorder=staff.person_id,
            guide=staff.person_id,
        ),
    )
    return topic_id


def passed(container: Container) -> list[tuple[str, str]]:
    return sorted(
        (str(e.originator_id), e.kind) for e in logged(container, Topic.DeadlinePassed)
    )


def run(container: Container) -> dict[str, int]:
    assert container.runner.wait_for(container.ledger.position(), 15)
    return container.scheduler.run_once()


def test_an_unplanned_topic_passes_its_ten_working_day_plan_deadline_once_WZ_5_3_a(
    world,
):
    container, clock = world
    topic_id = approved_topic(container)
    clock.advance(
        days=13
    )  # Monday + 13 calendar days = 9 working days later (a weekend twice)
    assert run(container)["recorded"] == 0
    clock.advance(days=2)
    assert run(container)["recorded"] == 1 and run(container)["recorded"] == 0
    assert passed(container) == [(topic_id, "plan")]
    clock.advance(days=7)
    run(container)
    assert passed(container) == [(topic_id, "plan"), (topic_id, "sit")], (
        "15 working days later, the sitting too"
    )


def test_an_unfiled_outcome_passes_its_filing_deadline_at_the_end_of_the_next_day_WZ_5_7_a(
    world,
):
    container, clock = world
    topic_id, staff = approved_topic(container), who(container, STAFF)
    resident = who(container, RESIDENT)
    container.deliberation.handle(
        resident,
        PlanTopic(
            topic_id=topic_id,
            when=clock(),
            place="p",
            form="door_to_door",
            host=resident.person_id,
            participants={resident.person_id: "stakeholder"},
        ),
    )
    container.deliberation.handle(
        staff, AnnounceTopic(topic_id=topic_id, channels=["sms"])
    )
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
    clock.advance(hours=30)  # Monday 09:00 + 30 h: Tuesday, still the next day in China
    assert run(container)["recorded"] == 0
    clock.advance(
        hours=10
    )  # Wednesday 01:00 in China: filing was due by the end of Tuesday
    run(container)
    assert passed(container) == [(topic_id, "file")], (
        "communication is due only by the end of Wednesday (WZ-5.7-c)"
    )
    clock.advance(days=1)
    run(container)
    assert passed(container) == [(topic_id, "communicate"), (topic_id, "file")]
