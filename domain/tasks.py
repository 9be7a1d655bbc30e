"""Top-down work (BZ-D2): a task issued by a unit, and one assignment per receiving holder.

The task is the issuer's (title, instructions, deadline, cancel, extend); each
receiving unit or resident has an Assignment of its own, so a thousand groups
completing at once never contend on one aggregate. An assignment delegated
further creates its children's assignments in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.calendar import Deadline
from domain.errors import InvalidValue, TransitionNotAllowed
from domain.registry import Registry


def assignment_id_for(task_id: UUID | str, holder: str) -> UUID:
    """`holder` is a unit code, or `resident:<person id>` for a resident's notice."""
    return uuid5(NAMESPACE_URL, f"gov:assignment:{task_id}:{holder}")


def resident_holder(person_id: str) -> str:
    return f"resident:{person_id}"


class Task(Aggregate):
    class TaskIssued(Aggregate.Created):
        class_version = 2
        issuer_unit: str
        title: str
        instructions: str
        deadline: str
        provisional: bool
        acknowledge_required: bool
        targets: list[str]
        counted_from: str | None  # CAL-1: a deadline in working days is counted again
        working_days: int | None  # from here once the year's schedule is loaded
        actor_id: str
        actor_role: str
        actor_unit: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["counted_from"], state["working_days"] = None, None

    class TaskExtended(ActedEvent):
        # the issuer's free text, as on each assignment it extends (PIPL-47)
        personal_fields = ("reason",)
        # keyed to its author, like staff notes on assignments
        subject_field = "actor_id"
        deadline: str
        provisional: bool
        reason: str

        def apply(self, aggregate: Task) -> None:
            aggregate.deadline = datetime.fromisoformat(self.deadline)
            aggregate.provisional, aggregate.working_days = self.provisional, None

    class DeadlineRecomputed(ActedEvent):
        """CAL-1: a schedule loaded later recounted the task's provisional deadline."""

        deadline: str
        provisional: bool

        def apply(self, aggregate: Task) -> None:
            aggregate.deadline = datetime.fromisoformat(self.deadline)
            aggregate.provisional = self.provisional

    class TaskCancelled(ActedEvent):
        personal_fields = ("reason",)
        subject_field = "actor_id"
        reason: str

        def apply(self, aggregate: Task) -> None:
            aggregate.cancelled = True

    @event(TaskIssued)
    def __init__(
        self,
        issuer_unit: str,
        title: str,
        instructions: str,
        deadline: str,
        provisional: bool,
        acknowledge_required: bool,
        targets: list[str],
        counted_from: str | None,
        working_days: int | None,
        actor_id: str,
        actor_role: str,
        actor_unit: str | None,
    ) -> None:
        self.issuer_unit, self.title, self.targets = issuer_unit, title, targets
        self.deadline = datetime.fromisoformat(deadline)
        self.provisional, self.working_days = provisional, working_days
        self.counted_from = (
            datetime.fromisoformat(counted_from) if counted_from else None
        )
        self.acknowledge_required, self.cancelled = acknowledge_required, False

    @classmethod
    def create_id(cls, **_: object) -> UUID:
        return uuid4()

    @classmethod
    def issue(
        cls,
        actor: Actor,
        registry: Registry,
        issuer_unit: str,
        targets: list[str],
        title: str,
        instructions: str,
        deadline: datetime,
        provisional: bool,
        acknowledge_required: bool,
        counted_from: datetime | None = None,
        working_days: int | None = None,
    ) -> Task:
        """To chosen units anywhere below the issuer (BZ-D2)."""
        check_targets(registry, issuer_unit, targets)
        return cls(
            issuer_unit=issuer_unit,
            title=title,
            instructions=instructions,
            deadline=deadline.isoformat(),
            provisional=provisional,
            acknowledge_required=acknowledge_required,
            targets=sorted(set(targets)),
            counted_from=counted_from.isoformat() if counted_from else None,
            working_days=working_days,
            **actor.event_fields(),
        )

    def require_open(self) -> None:
        if self.cancelled:
            raise TransitionNotAllowed(
                "the task was cancelled", zh="任务已撤销", rule_id="BZ-D2"
            )

    def extend(
        self, actor: Actor, deadline: datetime, provisional: bool, reason: str
    ) -> None:
        self.require_open()
        if deadline <= self.deadline:
            raise InvalidValue(
                "an extension must move the deadline later",
                zh="延期后的期限必须晚于原期限",
                rule_id="BZ-D2",
            )
        self.trigger_event(
            self.TaskExtended,
            deadline=deadline.isoformat(),
            provisional=provisional,
            reason=reason,
            **actor.event_fields(),
        )

    def recompute_deadline(self, actor: Actor, deadline: Deadline) -> bool:
        """CAL-1: record the recounted deadline of a provisional task; False if nothing changed."""
        if self.cancelled or not self.provisional:
            return False
        if deadline.at == self.deadline and deadline.provisional:
            return False
        self.trigger_event(
            self.DeadlineRecomputed,
            deadline=deadline.at.isoformat(),
            provisional=deadline.provisional,
            **actor.event_fields(),
        )
        return True

    def cancel(self, actor: Actor, reason: str) -> None:
        self.require_open()
        self.trigger_event(self.TaskCancelled, reason=reason, **actor.event_fields())


def check_targets(registry: Registry, issuer_unit: str, targets: list[str]) -> None:
    """At least one receiving unit, each active and below the issuer (BZ-D2)."""
    if not targets:
        raise InvalidValue(
            "a task needs at least one receiving unit",
            zh="任务至少要有一个接收单位",
            rule_id="BZ-D2",
        )
    for unit in targets:
        registry.active_unit(unit)
        if unit == issuer_unit or not registry.is_within(unit, issuer_unit):
            raise InvalidValue(
                f"{unit} is not below {issuer_unit}",
                zh=f"{unit} 不是 {issuer_unit} 的下级",
                rule_id="BZ-D2",
            )
