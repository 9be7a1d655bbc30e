"""The events of a resident's request (诉求, BZ-D1): what happened, and how it changes the request.

`domain.requests.Request` names each of them as its own attribute; eventsourcing then
redefines them under the aggregate, so they are stored as `domain.requests:Request.<name>`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate

from domain.actors import ActedEvent
from domain.arrivals import Arrived
from domain.supervision import parse
from domain.vocabulary import Status

if TYPE_CHECKING:
    from domain.requests import Request


class RequestRaised(Aggregate.Created):
    personal_fields = ("title", "description", "location")
    subject_field = "resident_id"
    resident_id: str
    group: str
    category: str
    channel: str
    title: str
    description: str
    location: str
    accept_due: str | None
    resolve_due: str | None
    overall_due: str | None
    provisional: bool
    counted_from: str | None
    actor_id: str
    actor_role: str
    actor_unit: str | None


class DeadlinesRecomputed(ActedEvent):
    """A calendar loaded later changed deadlines that were provisional (CAL-1)."""

    accept_due: str | None
    resolve_due: str | None
    overall_due: str | None
    provisional: bool

    def apply(self, aggregate: Request) -> None:
        aggregate.accept_due = parse(self.accept_due)
        aggregate.resolve_due = parse(self.resolve_due)
        aggregate.overall_due = parse(self.overall_due)
        aggregate.provisional = self.provisional


class RequestAccepted(ActedEvent):
    unit: str

    def apply(self, aggregate: Request) -> None:
        aggregate.status = Status.ACCEPTED


class RequestEscalated(Arrived):
    personal_fields = ("reason",)
    subject_id: str
    from_unit: str
    reason: str
    skipped_units: list[str]


class RequestDelegated(Arrived):
    personal_fields = ("instructions",)
    subject_id: str
    from_unit: str
    instructions: str
    arrival_status = Status.DELEGATED


class Reassigned(Arrived):
    """改派: handed across to a sibling of the holder, which was the wrong unit for it."""

    personal_fields = ("reason",)
    subject_id: str
    from_unit: str
    reason: str


class RequestResolved(ActedEvent):
    personal_fields = ("resolution",)
    subject_id: str
    unit: str
    resolution: str
    close_due: str | None

    def apply(self, aggregate: Request) -> None:
        aggregate.status = Status.RESOLVED
        aggregate.resolved_by = (self.unit, aggregate.holding_level)
        aggregate.rated_this_round = False
        aggregate.close_due = parse(self.close_due)


class RequestClosed(ActedEvent):
    """Closed by the system: the resident did not answer the resolution in time."""

    cause: str

    def apply(self, aggregate: Request) -> None:
        aggregate.status = Status.CLOSED


class RequestWithdrawn(ActedEvent):
    personal_fields = ("reason",)
    subject_id: str
    reason: str

    def apply(self, aggregate: Request) -> None:
        aggregate.status = Status.WITHDRAWN


class ResolutionConfirmed(ActedEvent):
    def apply(self, aggregate: Request) -> None:
        aggregate.status = Status.CLOSED


class ResolutionDisputed(Arrived):
    """Reopened at `to_unit`, the unit that resolved it."""

    personal_fields = ("reason",)
    subject_id: str
    reason: str
    arrival_status = Status.REOPENED


class TopicLinked(ActedEvent):
    """Taken up as (part of) a deliberation topic (WZ-5.1); the topic links back."""

    topic_id: str

    def apply(self, aggregate: Request) -> None:
        aggregate.topics = (*aggregate.topics, self.topic_id)


class SatisfactionRated(ActedEvent):
    score: int

    def apply(self, aggregate: Request) -> None:
        aggregate.rated_this_round = True
