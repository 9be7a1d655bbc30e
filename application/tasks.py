"""Top-down tasks (BZ-D2): issue to units below, fan out level by level, report back up."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, cast
from uuid import UUID

from application.deadlines import Deadlines
from application.ledger import IdempotencyKey, Ledger, Outcome
from application.principals import Principal
from application.task_commands import (
    AssignmentCommand,
    CancelTask,
    DelegateAssignment,
    ExtendTask,
    TaskChange,
    assignment_command,
    task_change,
)
from domain.actors import Actor
from domain.assignments import RESIDENT_LEVEL, Assignment, Holder
from domain.calendar import Deadline
from domain.errors import OutsideJurisdiction, UnknownTask
from domain.jurisdiction import acting_role
from domain.levels import Level
from domain.registry import Registry
from domain.tasks import Task, assignment_id_for, resident_holder


def unit_holder(registry: Registry, code: str) -> Holder:
    return Holder(code, registry.unit(code).level.value, unit=code)


def summary(assignment: Assignment) -> dict[str, Any]:
    return {
        "assignment_id": str(assignment.id),
        "task_id": assignment.task_id,
        "holder": assignment.holder,
        "version": assignment.version,
        "status": assignment.status,
        "allowed_actions": assignment.allowed_actions(),
    }


def _received(
    actor: Actor, registry: Registry, task: Task, issuer_unit: str, deadline: Deadline
) -> list[Assignment]:
    """The task's first assignments: one per target unit, with the task's deadline."""
    return [
        Assignment.receive(
            actor,
            str(task.id),
            unit_holder(registry, unit),
            issuer_unit,
            [],
            deadline.at,
            deadline.provisional,
            task.acknowledge_required,
        )
        for unit in task.targets
    ]


def _issued(task: Task, received: list[Assignment]) -> Outcome:
    """The task and its first assignments, answered with their ids."""
    answer = {
        "task_id": str(task.id),
        "version": task.version,
        "assignments": [str(a.id) for a in received],
    }
    return Outcome([task, *received], answer)


class TaskService:
    def __init__(self, ledger: Ledger, deadlines: Deadlines):
        self.ledger, self.deadlines = ledger, deadlines

    def issue(
        self,
        principal: Principal,
        issuer_unit: str,
        targets: list[str] | None,
        title: str,
        instructions: str,
        on: date | None,
        working_days: int | None,
        acknowledge_required: bool,
        idem: IdempotencyKey | None = None,
    ) -> dict[str, Any]:
        """To the issuer's children by default, or to chosen units anywhere below it."""

        def build() -> Outcome:
            registry = self.ledger.registry()
            actor = acting_role(
                principal.person_id, principal.roles, issuer_unit, registry
            )
            deadline = self.deadlines.task_deadline(on, working_days)
            task = Task.issue(
                actor,
                registry,
                issuer_unit,
                targets or registry.children(issuer_unit),
                title,
                instructions,
                deadline.at,
                deadline.provisional,
                acknowledge_required,
                counted_from=self.deadlines.clock(),  # CAL-1: recounted from here
                working_days=working_days if on is None else None,
            )
            received = _received(actor, registry, task, issuer_unit, deadline)
            return _issued(task, received)

        return self.ledger.commit(build, idem)

    def change(
        self,
        principal: Principal,
        command: TaskChange,
        idem: IdempotencyKey | None = None,
    ) -> dict[str, Any]:
        """Only the issuing unit (or above it) may cancel or extend, with a reason."""

        def build() -> Outcome:
            task = self.ledger.load(Task, command.task_id, UnknownTask)
            actor = acting_role(
                principal.person_id,
                principal.roles,
                task.issuer_unit,
                self.ledger.registry(),
            )
            roots: list[Assignment] = []
            if isinstance(command, CancelTask):
                task.cancel(actor, command.reason)
            else:
                roots = self._extend(task, actor, command)
            return Outcome(
                [task, *roots],
                {
                    "task_id": str(task.id),
                    "version": task.version,
                    "status": "cancelled" if task.cancelled else "open",
                },
            )

        return self.ledger.commit(build, idem)

    def change_task(
        self,
        principal: Principal,
        task_id: UUID,
        action: str,
        fields: Mapping[str, Any],
        idem: IdempotencyKey | None = None,
    ) -> dict[str, Any]:
        """The change named by its action (scripts, tests): see `task_change`."""
        return self.change(principal, task_change(action, task_id, fields), idem)

    def _extend(
        self, task: Task, actor: Actor, command: ExtendTask
    ) -> list[Assignment]:
        """The new deadline reaches the task and the assignments it issued directly."""
        deadline = self.deadlines.task_deadline(command.on, command.working_days)
        task.extend(actor, deadline.at, deadline.provisional, command.reason)
        roots = [
            self.ledger.load(Assignment, assignment_id_for(task.id, unit), UnknownTask)
            for unit in task.targets
        ]
        for root in roots:
            root.extend(actor, deadline.at, deadline.provisional, command.reason)
        return roots

    def handle(
        self,
        principal: Principal,
        command: AssignmentCommand,
        idem: IdempotencyKey | None = None,
    ) -> dict[str, Any]:
        """One command on an assignment, by the unit (or the resident) holding it."""

        def build() -> Outcome:
            assignment = self.ledger.load(
                Assignment, command.assignment_id, UnknownTask, command.expected_version
            )
            self.ledger.load(Task, assignment.task_id, UnknownTask).require_open()
            registry = self.ledger.registry()
            actor = self._holder_actor(principal, assignment, registry)
            created = command.apply(self, assignment, actor, registry)
            return Outcome([assignment, *created], summary(assignment))

        return self.ledger.commit(build, idem)

    def act(
        self,
        principal: Principal,
        assignment_id: UUID,
        action: str,
        fields: Mapping[str, Any],
        expected_version: int | None = None,
        idem: IdempotencyKey | None = None,
    ) -> dict[str, Any]:
        """The command named by its action (scripts, the demo): see `assignment_command`."""
        command = assignment_command(action, assignment_id, fields, expected_version)
        return self.handle(principal, command, idem)

    def _holder_actor(
        self, principal: Principal, assignment: Assignment, registry: Registry
    ) -> Actor:
        if assignment.is_notice:
            if assignment.resident_id != principal.person_id:
                raise OutsideJurisdiction(
                    "only the resident it was sent to can acknowledge it",
                    rule_id="BZ-D2",
                    zh="只有接收该任务的居民本人可以确认收到",
                )
            return principal.as_resident()
        return acting_role(
            principal.person_id, principal.roles, _unit_of(assignment), registry
        )

    def delegate(
        self,
        assignment: Assignment,
        actor: Actor,
        registry: Registry,
        command: DelegateAssignment,
    ) -> list[Assignment]:
        candidates = self.children_of(assignment, registry)
        wanted = command.to or sorted(candidates)
        at, provisional = assignment.deadline, False
        if command.on or command.working_days:
            deadline = self.deadlines.task_deadline(command.on, command.working_days)
            at, provisional = deadline.at, deadline.provisional
        return assignment.delegate(actor, wanted, candidates, at, provisional)

    def children_of(
        self, assignment: Assignment, registry: Registry
    ) -> dict[str, Holder]:
        """Units directly below the holder; below a group, its residents; nothing below a resident."""
        if assignment.is_notice:
            return {}
        if Level(assignment.level) is Level.GROUP:
            members = self.ledger.group_roll(_unit_of(assignment)).members
            return {
                resident_holder(pid): Holder(
                    resident_holder(pid), RESIDENT_LEVEL, resident_id=pid
                )
                for pid in sorted(members)
            }
        return {
            code: unit_holder(registry, code)
            for code in registry.children(_unit_of(assignment))
        }


def _unit_of(assignment: Assignment) -> str:
    """The unit holding a unit's assignment: only a resident's notice has none."""
    return cast(str, assignment.unit)
