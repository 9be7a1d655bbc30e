"""WZ-E1 (SX 评价与改进) deliberation figures for every unit at once: a community's topics,
sittings, one-time success, participation, filing, communication (WZ-5.7-c) and implementation on time, each counted
for the community and every unit above it.

Read from the topic and sitting events in log order (the deliberation read model keeps only
each topic's latest result and no sign-ins, so the history comes from the log); each event
placed in service time like the request facts (application/assessment/facts.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from eventsourcing.domain import DomainEvent
from eventsourcing.utils import get_topic

from application.assessment.facts import Offsets
from application.assessment.figures import rate
from application.ledger import Ledger
from domain.deliberation.profiles import Deadlines
from domain.deliberation.sittings import Sitting
from domain.deliberation.topics import Topic

TOPIC = "domain.deliberation.topics:Topic."
SITTING = "domain.deliberation.sittings:Sitting."
BATCH = 5000
Above = Callable[[str], Iterable[str]]
# (topic or sitting id, event type, wall time, the event)
Event = tuple[str, str, datetime, Any]
# WZ-E1's figures count in the period; `overdue_reviews` is read now (like overdue_now):
# topics still waiting for the joint two-committee review, which meets at least monthly
# (WZ-5.2-a), longer than their profile's interval, for the community staff and supervision
# committee. A waiting topic has no pin yet: the profile in force in its community decides.
Interval = Callable[[str], timedelta]  # community → its profile's review interval


def A_MONTH(_: str) -> timedelta:  # noqa: N802 (a constant's role: the default interval)
    """A profile that says nothing keeps a month (WZ-5.2-a)."""
    return Deadlines().review_interval()


@dataclass
class DeliberationTally:
    proposed: set[str] = field(default_factory=set)
    registered: set[str] = field(default_factory=set)
    sittings: set[str] = field(default_factory=set)
    eligible: int = 0
    present: int = 0
    settled: set[str] = field(default_factory=set)
    first_time: set[str] = field(default_factory=set)
    filed: int = 0
    filed_on_time: int = 0
    communicated: int = 0
    communicated_on_time: int = 0
    implemented: int = 0
    implemented_on_time: int = 0
    overdue_reviews: set[str] = field(default_factory=set)


def event_topics() -> tuple[str, ...]:
    """The stored topic of every topic and sitting event class (the log is read for these only:
    the database filters, so a year of request events costs no decoding or transfer here)."""
    return tuple(
        sorted(
            topic
            for aggregate in (Topic, Sitting)
            for member in vars(aggregate).values()
            if isinstance(member, type) and issubclass(member, DomainEvent)
            if (topic := get_topic(member)).startswith((TOPIC, SITTING))
        )
    )


def deliberation_events(ledger: Ledger) -> Iterator[Event]:
    """Every topic and sitting event in log order."""
    start, topics = 1, event_topics()
    while True:
        notes = ledger.recorder.select_notifications(
            start=start, limit=BATCH, topics=topics
        )
        for note in notes:
            event: Any = ledger.mapper.to_domain_event(note)
            kind = type(event).__name__
            yield str(event.originator_id), kind, event.timestamp, event
        if len(notes) < BATCH:
            return
        start = notes[-1].id + 1


class DeliberationTallies:
    def __init__(
        self, above: Above, start: datetime, end: datetime, interval: Interval = A_MONTH
    ):
        self.above, self.start, self.end, self.interval = above, start, end, interval
        self.by_unit: dict[str, DeliberationTally] = defaultdict(DeliberationTally)
        self.community: dict[str, str] = {}  # topic or sitting id → community
        self.sequence: dict[str, int] = {}  # sitting id → its place in the topic
        self.present: dict[str, set[str]] = defaultdict(set)  # sitting → signed in
        self.waiting: dict[str, datetime] = {}  # topic not yet reviewed → proposed at

    def scan(
        self, events: Iterable[Event], offsets: Offsets, now: datetime
    ) -> DeliberationTallies:
        for oid, kind, wall, event in events:
            at = offsets.service_time(wall)
            self._follow(oid, kind, event)
            self._waiting(oid, kind, at)
            if self.start <= at < self.end:
                for tally in self._at(oid):
                    self._count(tally, oid, kind, event)
            if kind == "SignedIn":  # a sitting's sign-in counts once per person
                self.present[oid].add(event.participant)
        for topic_id, proposed_at in self.waiting.items():
            if proposed_at + self.interval(self.community[topic_id]) < now:
                for tally in self._at(topic_id):
                    tally.overdue_reviews.add(topic_id)
        return self

    def _waiting(self, oid: str, kind: str, at: datetime) -> None:
        if kind == "TopicProposed":
            self.waiting[oid] = at
        elif kind == "TopicReviewed":
            self.waiting.pop(oid, None)

    def _at(self, oid: str) -> list[DeliberationTally]:
        community = self.community.get(oid)
        return [self.by_unit[u] for u in self.above(community)] if community else []

    def _follow(self, oid: str, kind: str, event: Any) -> None:
        if kind == "TopicProposed":
            self.community[oid] = event.community
        elif kind == "SittingOpened" and event.topic_id in self.community:
            self.community[oid] = self.community[event.topic_id]
        elif kind == "SittingStarted":
            self.sequence[event.sitting_id] = event.sequence

    def _count(self, tally: DeliberationTally, oid: str, kind: str, e: Any) -> None:
        if kind == "TopicProposed":
            tally.proposed.add(oid)
        elif kind == "TopicRegistered":
            tally.registered.add(oid)
        elif kind == "SittingOpened":
            tally.sittings.add(oid)
            tally.eligible += len(e.participants)
        elif kind == "SignedIn" and oid in tally.sittings:
            if e.participant not in self.present[oid]:
                tally.present += 1
        elif kind == "OutcomeRecorded":
            tally.settled.add(oid)
            if self.sequence.get(e.sitting_id) == 1 and e.outcome == "consensus":
                tally.first_time.add(oid)
        elif kind in ("StepRecorded", "ImplementationReported"):
            _step(tally, e)


def _step(tally: DeliberationTally, e: Any) -> None:
    if e.step == "file":
        tally.filed += 1
        tally.filed_on_time += 0 if e.late else 1
    elif e.step == "communicate":  # WZ-5.7-c: within 2 days of the result
        tally.communicated += 1
        tally.communicated_on_time += 0 if e.late else 1
    elif e.step == "report" and e.details.get("complete"):
        tally.implemented += 1
        tally.implemented_on_time += 0 if e.late else 1


def deliberation_figures(tally: DeliberationTally) -> dict[str, int | float | None]:
    settled = len(tally.settled)
    return {
        "topics_proposed": len(tally.proposed),
        "topics_registered": len(tally.registered),
        "sittings_held": len(tally.sittings),
        "topics_settled": settled,
        "settled_first_time": len(tally.first_time),
        "one_time_success_rate": rate(len(tally.first_time), settled),
        "eligible": tally.eligible,
        "present": tally.present,
        "participation_rate": rate(tally.present, tally.eligible),
        "filed": tally.filed,
        "filed_on_time": tally.filed_on_time,
        "filed_on_time_rate": rate(tally.filed_on_time, tally.filed),
        "communicated": tally.communicated,
        "communicated_on_time": tally.communicated_on_time,
        "communicated_on_time_rate": rate(
            tally.communicated_on_time, tally.communicated
        ),
        "implemented": tally.implemented,
        "implemented_on_time": tally.implemented_on_time,
        "implemented_on_time_rate": rate(tally.implemented_on_time, tally.implemented),
        "overdue_reviews": len(tally.overdue_reviews),
    }
