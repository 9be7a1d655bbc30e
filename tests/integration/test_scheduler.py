"""Deadlines passing while no scheduler ran, then several schedulers at once (CAL-1, BZ-D1, BZ-D2).

The clock is injected and moved by hand; the in-process scheduler is off, so only
the `run_once` calls made here act. Deadline events are counted in the log
(notifications), never in the view, which may lag or be wrong.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from application.calendar.deadlines import china_iso
from application.principals import Principal
from application.tasks.commands import ExtendTask, assignment_command
from domain.calendar import end_of_day
from domain.people import person_id_for
from domain.requests import Request
from domain.supervision import DeadlinePassedBase
from domain.tasks import assignment_id_for
from domain.vocabulary import Category
from infra.container import Container, build_container
from infra.settings import Settings
from tests.clock import FakeClock
from tests.conftest import load_demo

START = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 2026-11-02, 09:00 China time
COUNTS = ("recorded", "auto_escalated", "already_recorded")


def china_end(day: date) -> datetime:
    return end_of_day(day)


def concurrently(*runs: Callable[[], dict[str, int]]) -> dict[str, int]:
    """Start every run at the same instant (a barrier), each in its own thread; sum their counts."""
    barrier = threading.Barrier(len(runs))

    def go(run: Callable[[], dict[str, int]]) -> dict[str, int]:
        barrier.wait(timeout=30)
        return run()

    with ThreadPoolExecutor(len(runs)) as pool:
        results = [
            f.result(timeout=120) for f in [pool.submit(go, run) for run in runs]
        ]
    return {key: sum(r[key] for r in results) for key in COUNTS}


def logged(container: Container, event_class: type) -> list[Any]:
    """Every event of that class in the log, read from the notifications."""
    notes = container.ledger.recorder.select_notifications(start=1, limit=100000)
    events = (container.ledger.mapper.to_domain_event(n) for n in notes)
    return [e for e in events if isinstance(e, event_class)]


def deadlines_passed(container: Container) -> Counter:
    return Counter(
        (e.originator_id, e.kind, e.due) for e in logged(container, DeadlinePassedBase)
    )


def escalations(container: Container, request_id: str) -> list[Any]:
    return [
        e
        for e in logged(container, Request.RequestEscalated)
        if str(e.originator_id) == request_id
    ]


class StaleView:
    """A read model that still lists items already recorded (a lagging projection)."""

    def __init__(self, items: list[dict[str, str]]):
        self.items = items

    def due_items(self, now: str, limit: int) -> list[dict[str, str]]:
        return self.items[:limit]


class World:
    """One database, the container that projects it, and any extra 'processes' on it."""

    def __init__(self, settings: Settings, profile: str):
        self.settings = settings.model_copy(
            update={"scheduler_in_process": False, "request_profile": profile}
        )
        self.clock = FakeClock(START)
        self.containers: list[Container] = []
        self.main = self.open(start=True)
        load_demo(self.main)
        self.other = self.open(
            start=False
        )  # a second process: its own ledger, cache and scheduler

    def open(self, start: bool) -> Container:
        container = build_container(self.settings, start=start, clock=self.clock)
        self.containers.append(container)
        return container

    def close(self) -> None:
        for container in reversed(self.containers):
            container.close()

    def person(self, ref: str) -> Principal:
        return Principal.of(self.main.ledger.person(person_id_for(ref)))

    def raise_request(self) -> str:
        raised = self.main.requests.raise_request(
            self.person("P0038"),
            title="路灯不亮",
            description="3栋门口路灯",
            category=Category.FACILITIES,
        )
        return raised["request_id"]

    def sync(self) -> None:
        assert self.main.runner.wait_for(self.main.ledger.position(), 15), (
            "the view did not catch up"
        )

    def race(self) -> dict[str, int]:
        """Two schedulers in this process and one in the other, all at once, on an up-to-date view."""
        self.sync()
        return concurrently(
            self.main.scheduler.run_once,
            self.main.scheduler.run_once,
            self.other.scheduler.run_once,
        )


@pytest.fixture
def world(settings: Settings, request: pytest.FixtureRequest) -> Iterator[World]:
    built = World(settings, getattr(request, "param", "standard"))
    try:
        yield built
    finally:
        built.close()


def expected_passes(world: World, request_ids: list[str]) -> set[tuple[UUID, str, str]]:
    """Every deadline now running on these requests, as (id, kind, due) keys."""
    return {
        (UUID(rid), kind, due.isoformat())
        for rid in request_ids
        for kind, due in world.main.ledger.request(rid).dues().items()
    }


def test_each_passed_deadline_is_recorded_once_by_racing_schedulers_CAL_1(world):
    ids = [world.raise_request() for _ in range(4)]
    expected = expected_passes(world, ids)
    assert {kind for _, kind, _ in expected} == {
        "accept",
        "resolve",
        "overall",
    } and len(expected) == 12
    world.clock.advance(
        days=29
    )  # 2026-12-01: past accept, resolve and the overall deadline (2026-11-30)
    assert (
        deadlines_passed(world.main) == Counter()
    )  # nothing acts without a scheduler run
    counts = world.race()
    assert counts["recorded"] == 12 and counts["auto_escalated"] == 0
    assert deadlines_passed(world.main) == Counter({key: 1 for key in expected})
    assert all(
        world.main.ledger.request(rid).holding_unit == "CX010101" for rid in ids
    )  # standard: no climbing
    assert all(escalations(world.main, rid) == [] for rid in ids)


def test_running_again_later_records_nothing_new_even_from_a_stale_view_CAL_1(world):
    for _ in range(3):
        world.raise_request()
    world.clock.advance(days=29)
    world.sync()
    stale = world.main.view.due_items(china_iso(world.clock()), 1000)
    assert len(stale) == 9
    assert world.race()["recorded"] == 9
    before = deadlines_passed(world.main)
    world.clock.advance(days=3)
    assert world.race() == {"recorded": 0, "auto_escalated": 0, "already_recorded": 0}
    lagging = concurrently(
        lambda: world.main.supervision.run_once(StaleView(stale)),
        lambda: world.other.supervision.run_once(StaleView(stale)),
    )
    assert lagging == {"recorded": 0, "auto_escalated": 0, "already_recorded": 18}
    assert deadlines_passed(world.main) == before and sum(before.values()) == 9


def test_deadline_is_recorded_by_the_first_run_after_it_passes_CAL_1(world):
    """Regression: `now` must reach due_items in China time, as the deadlines are stored and compared as text."""
    rid = world.raise_request()
    accept = world.main.ledger.request(rid).accept_due
    assert accept == china_end(date(2026, 11, 3))
    world.clock.now = accept.astimezone(UTC) + timedelta(
        hours=1
    )  # 2026-11-04 01:00 China time
    world.sync()
    assert world.main.ledger.request(rid).is_overdue(
        world.clock()
    )  # the aggregate knows it passed
    assert world.main.scheduler.run_once()["recorded"] == 1


def assert_system_escalation(event: Any, from_unit: str, to_unit: str) -> None:
    assert (event.from_unit, event.to_unit) == (from_unit, to_unit)
    assert (event.actor_id, event.actor_role) == ("system", "system")
    assert "BZ-D1" in event.reason and "auto_escalate_at" in event.reason


def climb(world: World, days: float) -> dict[str, int]:
    """Move the clock, let three schedulers race, and return what they did."""
    world.clock.advance(days=days)
    return world.race()


@pytest.mark.parametrize("world", ["auto-escalate"], indirect=True)
def test_overdue_request_climbs_by_itself_once_per_level_up_to_the_street_BZ_D1(world):
    rid = world.raise_request()
    assert (
        climb(world, days=4)["auto_escalated"] == 1
    )  # 2026-11-06: past the group's resolve (11-05)
    [first] = escalations(world.main, rid)
    assert_system_escalation(first, "CX010101", "CX0101")
    at_community = world.main.ledger.request(rid)
    assert (at_community.holding_unit, at_community.status.value) == ("CX0101", "new")
    assert at_community.accept_due == china_end(
        date(2026, 11, 9)
    )  # community: 1 and 5 working days
    assert at_community.resolve_due == china_end(date(2026, 11, 13))
    assert (
        climb(world, days=8)["auto_escalated"] == 1
    )  # 2026-11-14: past the community's resolve
    assert_system_escalation(escalations(world.main, rid)[1], "CX0101", "CX01")
    at_street = world.main.ledger.request(rid)
    assert at_street.resolve_due == china_end(
        date(2026, 11, 24)
    )  # street: 7 working days
    counts = climb(world, days=11)  # 2026-11-25: past the street's resolve deadline
    assert counts["recorded"] >= 1 and counts["auto_escalated"] == 0
    assert (
        world.main.ledger.request(rid).holding_unit == "CX01"
        and len(escalations(world.main, rid)) == 2
    )
    assert (
        deadlines_passed(world.main)[
            (UUID(rid), "resolve", at_street.resolve_due.isoformat())
        ]
        == 1
    )
    world.sync()
    assert world.main.view.request(rid)["holding_unit"] == "CX01"


def issue_task(world: World, working_days: int = 2) -> tuple[str, str]:
    """A task from street CX01 to CX0101 and CX0102; CX0102 completes at once. Returns (task, CX0101's)."""
    task = world.main.tasks.issue(
        world.person("P0004"),
        "CX01",
        ["CX0101", "CX0102"],
        "消防通道清理",
        "清理各楼消防通道杂物",
        None,
        working_days,
        False,
    )["task_id"]
    done = str(assignment_id_for(task, "CX0102"))
    for action, params in (("acknowledge", {}), ("complete", {"note": "已清理"})):
        world.main.tasks.handle(
            world.person("P0012"), assignment_command(action, UUID(done), params)
        )
    return task, str(assignment_id_for(task, "CX0101"))


def rollup(world: World, task: str) -> dict[str, Any]:
    world.sync()
    return world.main.task_queries.rollup(task, None)


def test_assignment_deadline_passes_once_and_rollup_lists_the_holder_late_BZ_D2(world):
    task, late = issue_task(world)
    assert rollup(world, task)["late"] == []
    world.clock.advance(
        days=5
    )  # 2026-11-07: past the deadline (2 working days: 2026-11-04)
    counts = world.race()
    assert counts["recorded"] == 1
    due = china_end(date(2026, 11, 4)).isoformat()
    assert deadlines_passed(world.main) == Counter(
        {(UUID(late), "deadline", due): 1}
    )  # not the completed one
    view = rollup(world, task)
    assert view["late"] == ["CX0101"] and view["share_complete"] == "1/2"
    item = next(i for i in view["items"] if i["assignment_id"] == late)
    assert item["passed"] == item["deadline"] == due and item["overdue"] is True
    assert world.race()["recorded"] == 0


def test_extended_assignment_is_no_longer_late_in_rollup_BZ_D2(world):
    """Regression: a recorded `passed` of an earlier deadline must not keep an extended assignment late."""
    task, late = issue_task(world)
    world.clock.advance(days=5)
    assert world.race()["recorded"] == 1
    world.main.tasks.change(
        world.person("P0004"),
        ExtendTask(task_id=UUID(task), working_days=5, reason="物业配合需要时间"),
    )
    view = rollup(world, task)
    assert (
        next(i for i in view["items"] if i["assignment_id"] == late)["deadline"]
        > world.main.task_queries.now()
    )
    assert view["late"] == []
