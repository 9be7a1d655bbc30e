"""Top-down tasks (BZ-D2): issue to units below, fan out level by level, report back up."""

from __future__ import annotations

from datetime import date
from typing import Any, cast
from uuid import UUID

from application.access.granted import Granted, grant_actor, grant_on, task_reach
from application.access.grants import Grant, Reach
from application.calendar.deadlines import Deadlines
from application.ledger import IdempotencyKey, Ledger, Outcome
from application.principals import Principal
from application.tasks.commands import (
    AssignmentCommand,
    CancelTask,
    DelegateAssignment,
    ExtendTask,
    TaskChange,
)
from domain.actors import Actor
from domain.assignments import RESIDENT_LEVEL, Assignment, Holder
from domain.calendar import Deadline
from domain.errors import UnknownTask
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
        grant: Grant | None = None,
    ) -> dict[str, Any]:
        """To the issuer's children by default, or to chosen units anywhere below it, by
        the issuer the route's grant found."""

        def build() -> Outcome:
            registry = self.ledger.registry()
            actor = _issuer(principal, issuer_unit, registry, grant)
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
        grant: Grant | None = None,
    ) -> dict[str, Any]:
        """Only the issuing unit (or above it) may cancel or extend, with a reason."""
        held = self._task_granted(
            grant or self._task_grant(principal, command), command
        )

        def build() -> Outcome:
            task, actor = held.aggregate(), held.actor()
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

    def _task_grant(self, principal: Principal, command: TaskChange) -> Grant:
        task = self.ledger.load(Task, command.task_id, UnknownTask)
        operation = (
            "tasks.cancel" if isinstance(command, CancelTask) else "tasks.extend"
        )
        return grant_on(self.ledger, principal, operation, task, task_reach(task))

    def _task_granted(self, grant: Grant, command: TaskChange) -> Granted[Task]:
        def load() -> Task:
            return self.ledger.load(Task, command.task_id, UnknownTask)

        return Granted(self.ledger, grant, load, task_reach, command.task_id)

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
        grant: Grant | None = None,
    ) -> dict[str, Any]:
        """One command on an assignment, by the unit (or the resident) holding it, in the
        grant the route resolved (resolved here for a caller with none)."""
        held = self._granted(grant or self._grant(principal, command), command)

        def build() -> Outcome:
            assignment = held.aggregate(command.expected_version)
            self.ledger.load(Task, assignment.task_id, UnknownTask).require_open()
            registry = held.registry()
            created = command.apply(self, assignment, held.actor(), registry)
            return Outcome([assignment, *created], summary(assignment))

        return self.ledger.commit(build, idem)

    def _grant(self, principal: Principal, command: AssignmentCommand) -> Grant:
        assignment = self._assignment(command.assignment_id)
        operation = f"assignments.{command.action}"
        reach = Reach.of_assignment(assignment)
        return grant_on(self.ledger, principal, operation, assignment, reach)

    def _granted(self, grant: Grant, command: AssignmentCommand) -> Granted[Assignment]:
        def load() -> Assignment:
            return self._assignment(command.assignment_id)

        reach_of = Reach.of_assignment
        return Granted(self.ledger, grant, load, reach_of, command.assignment_id)

    def _assignment(self, assignment_id: UUID) -> Assignment:
        return self.ledger.load(Assignment, assignment_id, UnknownTask)

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


def _issuer(
    principal: Principal, issuer_unit: str, registry: Registry, grant: Grant | None
) -> Actor:
    """The grant's actor; for a caller with none (a script), the role reaching the issuer."""
    if grant is not None:
        return grant_actor(grant)
    return acting_role(principal.person_id, principal.roles, issuer_unit, registry)


def _unit_of(assignment: Assignment) -> str:
    """The unit holding a unit's assignment: only a resident's notice has none."""
    return cast(str, assignment.unit)
