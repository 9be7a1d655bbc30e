"""Task deadlines in working days recounted when a year's official schedule is loaded (CAL-1,
BZ-D2), on both backends.

A 24-working-day task issued Wednesday 2026-12-02 is counted Monday–Friday into 2027 (Friday
2027-01-01 counted as a working day): due 2027-01-05, provisional. Loading 2027 with New Year's
Day a holiday moves it to 2027-01-06, on the task and on the assignments it issued, once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from application.principals import Principal
from domain.assignments import Assignment
from domain.errors import UnknownTask
from domain.people import person_id_for
from domain.tasks import Task, assignment_id_for
from infra.container import Container
from infra.settings import Settings
from tests.clock import FakeClock
from tests.conftest import demo_container
from tests.integration.test_deliberation_calendar import load_2027

DEC_2 = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)  # Wednesday 09:00 China time


@pytest.fixture
def world(settings: Settings) -> Iterator[tuple[Container, FakeClock]]:
    clock = FakeClock(DEC_2)
    container = demo_container(
        settings.model_copy(update={"scheduler_in_process": False}), clock=clock
    )
    yield container, clock
    container.close()


def issue(
    container: Container, working_days: int | None, on: date | None = None
) -> str:
    street = Principal.of(container.ledger.person(person_id_for("P0004")))
    return container.tasks.issue(
        street, "CX01", ["CX0101"], "消防通道清理", "清理杂物", on, working_days, False
    )["task_id"]


def deadline_day(container: Container, task_id: str) -> tuple[date, date, bool]:
    task = container.ledger.load(Task, UUID(task_id), UnknownTask)
    holder = container.ledger.load(
        Assignment, assignment_id_for(task_id, "CX0101"), LookupError
    )
    return task.deadline.date(), holder.deadline.date(), task.provisional


def test_a_24_working_day_task_across_2027_is_recounted_when_2027_is_loaded_CAL_1(
    world,
):
    container, clock = world
    task_id = issue(container, 24)
    assert deadline_day(container, task_id) == (
        date(2027, 1, 5),
        date(2027, 1, 5),
        True,
    )
    clock.advance(days=3)
    assert load_2027(container)["recomputed_tasks"] == 1
    assert deadline_day(container, task_id) == (
        date(2027, 1, 6),
        date(2027, 1, 6),
        False,
    ), "counted again from the issue, not from the load"
    assert container.runner.wait_for(container.ledger.position(), 15)
    [row] = container.task_queries.unit_tasks("CX0101")
    assert row["deadline"].startswith("2027-01-06") and not row["provisional"]
    assert load_2027(container)["recomputed_tasks"] == 0, "once only"


def test_a_task_due_on_a_fixed_date_is_never_provisional_nor_recounted_CAL_1(world):
    container, _ = world
    task_id = issue(container, None, on=date(2027, 1, 1))
    assert deadline_day(container, task_id)[2] is False
    assert load_2027(container)["recomputed_tasks"] == 0
    assert deadline_day(container, task_id)[:2] == (date(2027, 1, 1), date(2027, 1, 1))
