"""One receiving unit's (or resident's) share of a task, and its state machine (BZ-D2).

received → acknowledged → delegated (fan-out to some or all children) or handled
itself → completed; any open assignment may be returned up with a reason. A
resident's assignment is a policy notice: acknowledging it is reading it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.assignment_rules import action_refused, check_delegation
from domain.personal import HoldsPersonalData
from domain.supervision import (
    DeadlinePassedBase,
    Supervised,
    UrgeAnsweredBase,
    UrgedBase,
)
from domain.tasks import assignment_id_for
from domain.tasks_deadlines import DeadlineRecomputedBase

RESIDENT_LEVEL = "resident"
OPEN = ("received", "acknowledged", "delegated")
UNIT_ACTIONS = {
    "received": ("acknowledge", "return"),
    "acknowledged": ("delegate", "progress", "complete", "return"),
    "delegated": ("progress", "complete", "return"),
}


@dataclass(frozen=True)
class Holder:
    """Who holds an assignment: a unit, or a resident (level `resident`)."""

    key: str
    level: str
    unit: str | None = None
    resident_id: str | None = None


class StatusChange(ActedEvent):
    """An event that moves the assignment to `new_status`."""

    new_status: ClassVar[str]

    def apply(self, aggregate: Assignment) -> None:
        aggregate.status = self.new_status


class Assignment(HoldsPersonalData, Supervised, Aggregate):
    class AssignmentReceived(Aggregate.Created):
        task_id: str
        holder: str
        level: str
        unit: str | None
        resident_id: str | None
        assigned_by: str
        path: list[str]
        deadline: str
        provisional: bool
        acknowledge_required: bool
        actor_id: str
        actor_role: str
        actor_unit: str | None

    class AssignmentAcknowledged(StatusChange):
        new_status = "acknowledged"

    class AssignmentDelegated(StatusChange):
        new_status = "delegated"
        to_holders: list[str]
        deadline: str
        provisional: bool

    class ProgressReported(ActedEvent):
        personal_fields = ("note",)
        subject_id: str
        note: str

    class AssignmentExtended(ActedEvent):
        personal_fields = ("reason",)
        subject_id: str
        deadline: str
        provisional: bool
        reason: str

        def apply(self, aggregate: Assignment) -> None:
            aggregate.deadline = datetime.fromisoformat(self.deadline)

    class DeadlineRecomputed(DeadlineRecomputedBase):  # CAL-1
        pass

    class AssignmentCompleted(StatusChange):
        new_status = "completed"
        personal_fields = ("note",)
        subject_id: str
        note: str

    class AssignmentReturned(StatusChange):
        new_status = "returned"
        personal_fields = ("reason",)
        subject_id: str
        reason: str

    class DeadlinePassed(DeadlinePassedBase):
        pass

    class AssignmentUrged(UrgedBase):
        pass

    class UrgeAnswered(UrgeAnsweredBase):
        pass

    @event(AssignmentReceived)
    def __init__(
        self,
        task_id: str,
        holder: str,
        level: str,
        unit: str | None,
        resident_id: str | None,
        assigned_by: str,
        path: list[str],
        deadline: str,
        provisional: bool,
        acknowledge_required: bool,
        actor_id: str,
        actor_role: str,
        actor_unit: str | None,
    ) -> None:
        self.task_id, self.holder, self.level, self.unit, self.resident_id = (
            task_id,
            holder,
            level,
            unit,
            resident_id,
        )
        self.path, self.deadline = path, datetime.fromisoformat(deadline)
        self.acknowledge_required, self.status = acknowledge_required, "received"

    @classmethod
    def create_id(cls, task_id: str, holder: str, **_: object) -> UUID:
        return assignment_id_for(task_id, holder)

    @classmethod
    def urged_event(cls) -> type:
        return cls.AssignmentUrged

    @classmethod
    def receive(
        cls,
        actor: Actor,
        task_id: str,
        holder: Holder,
        assigned_by: str,
        path: list[str],
        deadline: datetime,
        provisional: bool,
        acknowledge_required: bool,
    ) -> Assignment:
        return cls(
            task_id=task_id,
            holder=holder.key,
            level=holder.level,
            unit=holder.unit,
            resident_id=holder.resident_id,
            assigned_by=assigned_by,
            path=[*path, holder.key],
            deadline=deadline.isoformat(),
            provisional=provisional,
            acknowledge_required=acknowledge_required,
            **actor.event_fields(),
        )

    # ---- state ---------------------------------------------------------
    def data_subject(self, event_fields: dict[str, Any]) -> str:
        """A resident's notice is about the resident; a unit's notes are about their author."""
        if self.is_notice and self.resident_id is not None:
            return self.resident_id
        return str(event_fields["actor_id"])

    @property
    def is_notice(self) -> bool:
        return self.level == RESIDENT_LEVEL

    def is_open(self) -> bool:
        if self.is_notice:
            return self.status == "received" and self.acknowledge_required
        return self.status in OPEN

    def dues(self) -> dict[str, datetime]:
        return {"deadline": self.deadline} if self.is_open() else {}

    def allowed_actions(self) -> list[str]:
        if self.is_notice:
            actions = {"acknowledge"} if self.status == "received" else set()
        else:
            actions = set(UNIT_ACTIONS.get(self.status, ()))
        if self.open_urges and self.is_open():
            actions.add("answer_urge")
        return sorted(actions)

    def _require(self, action: str) -> None:
        allowed = self.allowed_actions()
        if action not in allowed:
            raise action_refused(action, str(self.status), allowed)

    # ---- commands ------------------------------------------------------
    def acknowledge(self, actor: Actor) -> None:
        self._require("acknowledge")
        self.trigger_event(self.AssignmentAcknowledged, **actor.event_fields())

    def delegate(
        self,
        actor: Actor,
        wanted: list[str],
        candidates: dict[str, Holder],
        deadline: datetime,
        provisional: bool,
    ) -> list[Assignment]:
        """Fan out to some or all children, with a sub-deadline no later than this one's."""
        self._require("delegate")
        keys = sorted(set(wanted))
        check_delegation(keys, candidates, deadline, self.deadline)
        self.trigger_event(
            self.AssignmentDelegated,
            to_holders=keys,
            deadline=deadline.isoformat(),
            provisional=provisional,
            **actor.event_fields(),
        )
        return [
            Assignment.receive(
                actor,
                self.task_id,
                candidates[key],
                self.holder,
                self.path,
                deadline,
                provisional,
                self.acknowledge_required,
            )
            for key in keys
        ]

    def extend(
        self, actor: Actor, deadline: datetime, provisional: bool, reason: str
    ) -> None:
        """The issuer's extension reaches the assignments it issued directly."""
        if self.is_open() and deadline > self.deadline:
            self.trigger_event(
                self.AssignmentExtended,
                deadline=deadline.isoformat(),
                provisional=provisional,
                reason=reason,
                **actor.event_fields(),
            )

    def report_progress(self, actor: Actor, note: str) -> None:
        self._require("progress")
        self.trigger_event(self.ProgressReported, note=note, **actor.event_fields())

    def complete(self, actor: Actor, note: str) -> None:
        self._require("complete")
        self.trigger_event(self.AssignmentCompleted, note=note, **actor.event_fields())

    def return_up(self, actor: Actor, reason: str) -> None:
        """A unit that cannot complete returns it to the unit that assigned it, with a reason."""
        self._require("return")
        self.trigger_event(
            self.AssignmentReturned, reason=reason, **actor.event_fields()
        )
