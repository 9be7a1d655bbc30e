"""Deadlines and urging (督办), shared by requests and task assignments.

A deadline passing is recorded once: the aggregate remembers which deadline
(kind and due time) it has recorded and refuses the same one again, so two
schedulers racing, or one restarted, write it exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from domain.actors import SYSTEM, ActedEvent, Actor
from domain.errors import DomainError, TransitionNotAllowed
from domain.levels import Level


class AlreadyRecorded(DomainError):
    """That deadline's passing is already in the log."""

    default_rule = "CAL-1"


class StayDueFields(TypedDict):
    """A stay's deadlines as the event fields that carry them."""

    accept_due: str | None
    resolve_due: str | None
    provisional: bool
    counted_from: str | None


@dataclass(frozen=True)
class StayDue:
    """Deadlines of one stay at a unit: to accept, and to resolve or escalate."""

    accept: datetime | None = None
    resolve: datetime | None = None
    provisional: bool = False
    # kept so a later calendar can recompute the same deadlines
    counted_from: datetime | None = None

    def event_fields(self) -> StayDueFields:
        return {
            "accept_due": _iso(self.accept),
            "resolve_due": _iso(self.resolve),
            "provisional": self.provisional,
            "counted_from": _iso(self.counted_from),
        }


DueFor = Callable[[Level], StayDue]


def no_deadlines(_: Level) -> StayDue:
    return StayDue()


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def parse(moment: str | None) -> datetime | None:
    return datetime.fromisoformat(moment) if moment else None


class DeadlinePassedBase(ActedEvent):
    kind: str
    due: str

    def apply(self, aggregate: Any) -> None:
        aggregate.passed = aggregate.passed | {f"{self.kind}@{self.due}"}


class UrgedBase(ActedEvent):
    personal_fields = ("note",)
    subject_id: str
    by_unit: str
    note: str

    def apply(self, aggregate: Any) -> None:
        aggregate.open_urges += 1


class UrgeAnsweredBase(ActedEvent):
    personal_fields = ("note",)
    subject_id: str
    note: str

    def apply(self, aggregate: Any) -> None:
        aggregate.open_urges = 0


class Supervised:
    """Mixin: an aggregate with deadlines that may pass and be urged."""

    passed: frozenset[str] = frozenset()
    open_urges: int = 0
    DeadlinePassed: type
    UrgeAnswered: type

    if TYPE_CHECKING:  # supplied by the aggregate this mixin is combined with

        def trigger_event(self, event_class: type, **kwargs: Any) -> None: ...

    @classmethod
    def urged_event(cls) -> type:
        """The aggregate's own past-tense name for being urged (e.g. RequestUrged)."""
        raise NotImplementedError

    def is_open(self) -> bool:
        raise NotImplementedError

    def dues(self) -> dict[str, datetime]:
        """The deadlines now running, by kind."""
        raise NotImplementedError

    def is_overdue(self, now: datetime) -> bool:
        return self.is_open() and any(due < now for due in self.dues().values())

    def record_deadline_passed(self, kind: str, now: datetime) -> None:
        due = self.dues().get(kind)
        if due is None or due >= now:
            raise TransitionNotAllowed(
                f"no running {kind} deadline has passed",
                zh="没有已过的在办期限",
                rule_id="CAL-1",
            )
        if f"{kind}@{due.isoformat()}" in self.passed:
            raise AlreadyRecorded(
                f"the {kind} deadline {due.isoformat()} is already recorded as passed",
                zh=f"{kind} 期限 {due.isoformat()} 已记录为逾期，不再重复记录",
            )
        self.trigger_event(
            self.DeadlinePassed, kind=kind, due=due.isoformat(), **SYSTEM.event_fields()
        )

    def urge(self, actor: Actor, note: str, now: datetime) -> None:
        """督办: only an overdue, open item can be urged; the urge shows in the holder's inbox."""
        if not self.is_overdue(now):
            raise TransitionNotAllowed(
                "only an overdue item can be urged",
                zh="只有已超期的事项才能督办",
                rule_id="BZ-D2",
                allowed=["wait for the deadline"],
            )
        self.trigger_event(
            self.urged_event(),
            by_unit=actor.unit or "",
            note=note,
            **actor.event_fields(),
        )

    def answer_urge(self, actor: Actor, note: str) -> None:
        if not self.open_urges:
            raise TransitionNotAllowed(
                "there is no urge to answer", zh="没有待答复的督办", rule_id="BZ-D2"
            )
        self.trigger_event(self.UrgeAnswered, note=note, **actor.event_fields())
