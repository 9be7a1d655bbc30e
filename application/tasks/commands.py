"""The commands on a top-down task (BZ-D2), one frozen dataclass per use case.

Assignment commands are taken by the unit holding the assignment (or, for a
resident's notice, by that resident) and run by `TaskService.handle`; the
issuer's changes to the whole task (cancel, extend) by `TaskService.change`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from domain.actors import Actor
from domain.assignments import Assignment
from domain.registry import Registry

if TYPE_CHECKING:
    from application.tasks.service import TaskService


@dataclass(frozen=True, kw_only=True)
class AssignmentCommand:
    action: ClassVar[str]
    assignment_id: UUID
    expected_version: int | None = None

    def apply(
        self,
        service: TaskService,
        assignment: Assignment,
        actor: Actor,
        registry: Registry,
    ) -> list[Assignment]:
        """Act on the assignment; the assignments it creates (a delegation's)."""
        self.act(assignment, actor)
        return []

    def act(self, assignment: Assignment, actor: Actor) -> None:
        """The assignment's own change, for the commands that create nothing."""
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class AcknowledgeAssignment(AssignmentCommand):
    action = "acknowledge"

    def act(self, assignment: Assignment, actor: Actor) -> None:
        assignment.acknowledge(actor)


@dataclass(frozen=True, kw_only=True)
class DelegateAssignment(AssignmentCommand):
    action = "delegate"
    to: list[str] | None = None
    on: date | None = None
    working_days: int | None = None

    def apply(
        self,
        service: TaskService,
        assignment: Assignment,
        actor: Actor,
        registry: Registry,
    ) -> list[Assignment]:
        return service.delegate(assignment, actor, registry, self)


@dataclass(frozen=True, kw_only=True)
class ReportProgress(AssignmentCommand):
    action = "progress"
    note: str

    def act(self, assignment: Assignment, actor: Actor) -> None:
        assignment.report_progress(actor, self.note)


@dataclass(frozen=True, kw_only=True)
class CompleteAssignment(AssignmentCommand):
    action = "complete"
    note: str

    def act(self, assignment: Assignment, actor: Actor) -> None:
        assignment.complete(actor, self.note)


@dataclass(frozen=True, kw_only=True)
class ReturnAssignment(AssignmentCommand):
    action = "return"
    reason: str

    def act(self, assignment: Assignment, actor: Actor) -> None:
        assignment.return_up(actor, self.reason)


@dataclass(frozen=True, kw_only=True)
class AnswerAssignmentUrge(AssignmentCommand):
    action = "answer_urge"
    note: str

    def act(self, assignment: Assignment, actor: Actor) -> None:
        assignment.answer_urge(actor, self.note)


ASSIGNMENT_COMMANDS: dict[str, type[AssignmentCommand]] = {
    command.action: command
    for command in (
        AcknowledgeAssignment,
        DelegateAssignment,
        ReportProgress,
        CompleteAssignment,
        ReturnAssignment,
        AnswerAssignmentUrge,
    )
}


def assignment_command(
    action: str,
    assignment_id: UUID,
    fields: Mapping[str, Any],
    expected_version: int | None = None,
) -> AssignmentCommand:
    """The command a form (or a script) names by its action, from its validated fields."""
    return ASSIGNMENT_COMMANDS[action](
        assignment_id=assignment_id, expected_version=expected_version, **fields
    )


@dataclass(frozen=True, kw_only=True)
class CancelTask:
    """The issuing unit (or one above it) cancels the task, with a reason."""

    task_id: UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class ExtendTask:
    """The issuing unit moves the deadline: a date, or N working days from now."""

    task_id: UUID
    reason: str
    on: date | None = None
    working_days: int | None = None


TaskChange = CancelTask | ExtendTask


def task_change(action: str, task_id: UUID, fields: Mapping[str, Any]) -> TaskChange:
    """`cancel` or `extend` named by its action, from its validated fields (a change
    to the whole task checks no version: an `expected_version` given is not read)."""
    given = {k: v for k, v in fields.items() if k != "expected_version"}
    if action == "cancel":
        return CancelTask(task_id=task_id, **given)
    return ExtendTask(task_id=task_id, **given)
