"""A resident's request (诉求) moving bottom-up (BZ-D1), and its state machine.

Every command checks its rule first and raises a named error listing the
actions the current state allows; only then is the past-tense event triggered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain import request_events as events
from domain.actors import Actor
from domain.errors import InvalidValue, TransitionNotAllowed
from domain.levels import Level
from domain.personal import HoldsPersonalData
from domain.registry import Registry
from domain.request_actions import allowed_request_actions
from domain.request_deadlines import recomputed_fields, running_dues
from domain.request_moves import (
    arrival,
    delegation_target,
    escalation_target,
    reassignment_target,
)
from domain.request_raising import raise_request
from domain.return_visits import ReturnVisitRecorded
from domain.supervision import (
    DeadlinePassedBase,
    DueFor,
    StayDue,
    Supervised,
    UrgeAnsweredBase,
    UrgedBase,
    no_deadlines,
    parse,
)
from domain.vocabulary import WAITING, Category, Channel, Status, label


class Request(HoldsPersonalData, Supervised, Aggregate):
    # Each event is named here, so eventsourcing stores it as `Request.<name>`.
    RequestRaised = events.RequestRaised
    RequestAccepted = events.RequestAccepted
    RequestEscalated = events.RequestEscalated
    RequestDelegated = events.RequestDelegated
    Reassigned = events.Reassigned
    RequestResolved = events.RequestResolved
    RequestClosed = events.RequestClosed
    RequestWithdrawn = events.RequestWithdrawn
    ResolutionConfirmed = events.ResolutionConfirmed
    ResolutionDisputed = events.ResolutionDisputed
    TopicLinked = events.TopicLinked
    SatisfactionRated = events.SatisfactionRated
    DeadlinesRecomputed = events.DeadlinesRecomputed
    ReturnVisitRecorded = ReturnVisitRecorded  # 回访 (domain/return_visits.py)
    DeadlinePassed = DeadlinePassedBase
    RequestUrged = UrgedBase
    UrgeAnswered = UrgeAnsweredBase

    topics: tuple[str, ...] = ()
    close_due: datetime | None = None  # set once resolved

    @classmethod
    def urged_event(cls) -> type:
        return cls.RequestUrged

    @event(RequestRaised)
    def __init__(
        self,
        resident_id: str,
        group: str,
        category: str,
        channel: str,
        title: str,
        description: str,
        location: str,
        accept_due: str | None,
        resolve_due: str | None,
        overall_due: str | None,
        provisional: bool,
        counted_from: str | None,
        actor_id: str,
        actor_role: str,
        actor_unit: str | None,
    ) -> None:
        self.resident_id, self.group = resident_id, group
        self.category, self.channel = Category(category), Channel(channel)
        self.move_to(group, Level.GROUP, Status.NEW, accept_due, resolve_due)
        self.overall_due, self.provisional = parse(overall_due), provisional
        self.counted_from = self.raised_from = parse(counted_from)
        self.resolved_by: tuple[str, Level] = (group, Level.GROUP)
        self.rated_this_round = False

    @classmethod
    def create_id(cls, **_: object) -> UUID:
        return uuid4()

    raise_ = classmethod(raise_request)

    def data_subject(self, event_fields: dict[str, Any]) -> str:
        return self.resident_id

    def move_to(
        self,
        unit: str,
        level: str | Level,
        status: Status,
        accept_due: str | None,
        resolve_due: str | None,
    ) -> None:
        self.holding_unit, self.holding_level, self.status = unit, Level(level), status
        self.accept_due, self.resolve_due = parse(accept_due), parse(resolve_due)

    # ---- deadlines (the overall clock keeps running across escalations) --
    def recompute_deadlines(
        self, actor: Actor, due: StayDue, overall_due: datetime | None
    ) -> bool:
        """Record new deadlines for an open request if the calendar now in force changes them."""
        current = (
            self.accept_due,
            self.resolve_due,
            self.overall_due,
            self.provisional,
        )
        wanted = (due.accept, due.resolve, overall_due, due.provisional)
        if not self.is_open() or current == wanted:
            return False
        fields = recomputed_fields(due, overall_due)
        self.trigger_event(self.DeadlinesRecomputed, **fields, **actor.event_fields())
        return True

    def is_open(self) -> bool:
        return self.status in WAITING

    def dues(self) -> dict[str, datetime]:
        return running_dues(
            self.status,
            self.accept_due,
            self.resolve_due,
            self.overall_due,
            self.close_due,
        )

    # ---- what the state allows ------------------------------------------
    def allowed_actions(self) -> list[str]:
        return allowed_request_actions(
            self.status, self.holding_level, self.open_urges, self.rated_this_round
        )

    def _require(self, action: str, rule_id: str) -> None:
        allowed = self.allowed_actions()
        if action not in allowed:
            raise TransitionNotAllowed(
                f"cannot {action} a request that is {self.status.value} "
                f"at {self.holding_unit}",
                zh=f"{self.holding_unit} 处于“{label('status', self.status.value)}”"
                f"的诉求不能{label('action', action)}",
                rule_id=rule_id,
                allowed=allowed,
            )

    # ---- unit commands ------------------------------------------------
    def accept(self, actor: Actor) -> None:
        self._require("accept", "BZ-D1")
        self.trigger_event(
            self.RequestAccepted, unit=self.holding_unit, **actor.event_fields()
        )

    def escalate(
        self,
        actor: Actor,
        registry: Registry,
        reason: str,
        to_unit: str | None = None,
        allow_skip: bool = False,
        due_for: DueFor = no_deadlines,
    ) -> None:
        """One level up with a reason (BZ-D1); a skip only where the profile allows it."""
        self._require("escalate", "BZ-D1")
        target, skipped = escalation_target(
            registry, self.holding_unit, to_unit, allow_skip, self.allowed_actions()
        )
        moved = arrival(self.holding_unit, target, due_for)
        self.trigger_event(
            self.RequestEscalated,
            **moved,
            reason=reason,
            skipped_units=skipped,
            **actor.event_fields(),
        )

    def delegate(
        self,
        actor: Actor,
        registry: Registry,
        to_unit: str,
        instructions: str,
        due_for: DueFor = no_deadlines,
    ) -> None:
        """交办: hand the request down to a unit below the holder."""
        self._require("delegate", "BZ-D1")
        target = delegation_target(registry, self.holding_unit, to_unit)
        moved = arrival(self.holding_unit, target, due_for)
        self.trigger_event(
            self.RequestDelegated,
            **moved,
            instructions=instructions,
            **actor.event_fields(),
        )

    def reassign(
        self,
        actor: Actor,
        registry: Registry,
        to_unit: str,
        reason: str,
        due_for: DueFor = no_deadlines,
    ) -> None:
        """改派 to a sibling of the wrong unit; no rule names it, BZ-D1 is the closest."""
        self._require("reassign", "BZ-D1")
        target = reassignment_target(
            registry, self.holding_unit, to_unit, reason, self.allowed_actions()
        )
        moved = arrival(self.holding_unit, target, due_for)
        self.trigger_event(
            self.Reassigned, **moved, reason=reason, **actor.event_fields()
        )

    def resolve(
        self, actor: Actor, resolution: str, close_due: datetime | None = None
    ) -> None:
        """办结; unanswered by `close_due`, the request closes by itself."""
        self._require("resolve", "BZ-D1")
        self.trigger_event(
            self.RequestResolved,
            unit=self.holding_unit,
            resolution=resolution,
            close_due=close_due.isoformat() if close_due else None,
            **actor.event_fields(),
        )

    def close_unanswered(self, actor: Actor) -> None:
        if self.status is not Status.RESOLVED:
            raise TransitionNotAllowed(
                "only a resolved request closes for want of an answer",
                zh="只有已办结的诉求才会因无人答复而关闭",
                rule_id="BZ-D1",
                allowed=self.allowed_actions(),
            )
        self.trigger_event(
            self.RequestClosed,
            cause=f"no answer to the resolution by {self.close_due}",
            **actor.event_fields(),
        )

    # ---- resident commands --------------------------------------------
    def withdraw(self, actor: Actor, reason: str) -> None:
        self._require("withdraw", "BZ-D1")
        self.trigger_event(self.RequestWithdrawn, reason=reason, **actor.event_fields())

    def confirm(self, actor: Actor) -> None:
        self._require("confirm", "BZ-D1")
        self.trigger_event(self.ResolutionConfirmed, **actor.event_fields())

    def dispute(
        self, actor: Actor, reason: str, due_for: DueFor = no_deadlines
    ) -> None:
        """回访 disagreement: reopens the request at the unit that resolved it."""
        self._require("dispute", "BZ-D1")
        unit, level = self.resolved_by
        self.trigger_event(
            self.ResolutionDisputed,
            reason=reason,
            to_unit=unit,
            to_level=level.value,
            **due_for(level).event_fields(),
            **actor.event_fields(),
        )

    def link_topic(self, actor: Actor, topic_id: str) -> None:
        if topic_id not in self.topics:
            self.trigger_event(
                self.TopicLinked, topic_id=topic_id, **actor.event_fields()
            )

    def rate(self, actor: Actor, score: int) -> None:
        if not 1 <= score <= 5:
            raise InvalidValue(
                "satisfaction is rated 1 to 5",
                zh="满意度评分为 1 至 5",
                rule_id="BZ-A1",
            )
        self._require("rate", "BZ-A1")
        self.trigger_event(self.SatisfactionRated, score=score, **actor.event_fields())
