"""The commands on a topic before it sits (WZ-5.1-c … WZ-5.6-f), one frozen dataclass
per use case; `apply` says who acts and calls the topic. `DeliberationService.handle`
runs them (and the steps after the outcome, application/deliberation/topic_steps.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar, TypedDict
from uuid import UUID

from application.access.grants import Grant
from application.deliberation.acting import acting
from application.deliberation.deadlines import plan_and_sit_dues
from application.people.refs import named_participants, named_person
from domain.deliberation.consultations import consult
from domain.deliberation.participants import ParticipantCategory
from domain.deliberation.planning import announce_topic, draft_rules, plan_topic
from domain.deliberation.review import review_topic
from domain.deliberation.thresholds import Threshold
from domain.deliberation.topics import Review, Roles, Topic
from domain.deliberation.vocabulary import (
    MustDeliberate,
    MustNotDeliberate,
    ReviewCheck,
    TopicClass,
)

if TYPE_CHECKING:
    from application.deliberation.service import DeliberationService


@dataclass(frozen=True, kw_only=True)
class TopicCommand:
    action: ClassVar[str]
    topic_id: UUID
    expected_version: int | None = None

    def apply(self, svc: DeliberationService, grant: Grant, topic: Topic) -> None:
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class RegisterTopic(TopicCommand):
    action = "register"
    number: str
    topic_class: TopicClass | None = None

    def apply(self, svc: DeliberationService, grant: Grant, topic: Topic) -> None:
        topic.register(acting(grant), self.number, _class(self.topic_class))


class CheckAnswer(TypedDict):
    check: ReviewCheck
    passed: bool
    reason: str


@dataclass(frozen=True, kw_only=True)
class ReviewTopic(TopicCommand):
    action = "review"
    meeting: str
    attendees: list[str]
    checks: list[CheckAnswer]
    must: list[MustDeliberate] | None = None
    must_not: dict[MustNotDeliberate, str] | None = None
    convenor: str | None = None
    recorder: str | None = None
    guide: str | None = None
    topic_class: TopicClass | None = None

    def apply(self, svc: DeliberationService, grant: Grant, topic: Topic) -> None:
        actor, profile = (
            acting(grant),
            svc.profile_in_force(topic.community),
        )
        chosen = _class(self.topic_class) or _class(topic.topic_class)
        now = svc.deadlines.clock()
        dues = plan_and_sit_dues(svc.deadlines.calendar(), profile, chosen, now)
        review_topic(
            topic,
            actor,
            self.review(),
            profile,
            self.named_roles(svc),
            chosen,
            {k: d.at for k, d in dues.items()},
            provisional={k for k, d in dues.items() if d.provisional},
            counted_from=now,
        )

    def review(self) -> Review:
        return Review(
            self.meeting,
            tuple(self.attendees),
            {ReviewCheck(c["check"]): (c["passed"], c["reason"]) for c in self.checks},
            tuple(MustDeliberate(m) for m in self.must or []),
            None
            if self.must_not is None
            else {MustNotDeliberate(k): v for k, v in self.must_not.items()},
        )

    def roles(self) -> Roles | None:
        if not self.convenor:
            return None
        # a missing recorder or guide is refused by the review (WZ-5.2-b)
        return Roles(self.convenor, self.recorder or "", self.guide or "")

    def named_roles(self, svc: DeliberationService) -> Roles | None:
        """WZ-5.2-b: each role named by the person's reference or id."""
        roles = self.roles()
        if roles is None:
            return None

        def named(key: str) -> str:
            return named_person(svc.ledger, key, "WZ-5.2-b") if key else key

        return Roles(named(roles.convenor), named(roles.recorder), named(roles.guide))


@dataclass(frozen=True, kw_only=True)
class NotifyProposer(TopicCommand):
    action = "notify_proposer"
    channel: str

    def apply(self, svc: DeliberationService, grant: Grant, topic: Topic) -> None:
        topic.notify_proposer(acting(grant), self.channel)


@dataclass(frozen=True, kw_only=True)
class PlanTopic(TopicCommand):
    action = "plan"
    when: datetime
    place: str
    form: str
    host: str
    participants: dict[str, ParticipantCategory]

    def apply(self, svc: DeliberationService, grant: Grant, topic: Topic) -> None:
        participants = named_participants(
            svc.ledger,
            {k: ParticipantCategory(v) for k, v in self.participants.items()},
        )
        plan_topic(
            topic,
            acting(grant, {topic.convenor}),
            _aware(self.when),
            self.place,
            self.form,
            named_person(svc.ledger, self.host, "WZ-5.3-a"),
            participants,
            now=svc.deadlines.clock(),
        )


class Passing(TypedDict):
    numerator: int
    denominator: int
    strict: bool


def threshold(passing: Passing | None) -> Threshold | None:
    if passing is None:
        return None
    return Threshold(passing["numerator"], passing["denominator"], passing["strict"])


@dataclass(frozen=True, kw_only=True)
class DraftRules(TopicCommand):
    action = "draft_rules"
    speech_minutes: int | None = None
    speeches_per_person: int | None = None
    passing: Passing | None = None

    def apply(self, svc: DeliberationService, grant: Grant, topic: Topic) -> None:
        draft_rules(
            topic,
            acting(grant, {topic.convenor}),
            svc.profile_of(topic),
            self.speech_minutes,
            self.speeches_per_person,
            threshold(self.passing),
        )


@dataclass(frozen=True, kw_only=True)
class AnnounceTopic(TopicCommand):
    action = "announce"
    channels: list[str]

    def apply(self, svc: DeliberationService, grant: Grant, topic: Topic) -> None:
        announce_topic(topic, acting(grant), self.channels)


@dataclass(frozen=True, kw_only=True)
class ConsultResidents(TopicCommand):
    action = "consult"
    phase: str
    form: str
    summary: str
    households: int = 0
    people: int = 0

    def apply(self, svc: DeliberationService, grant: Grant, topic: Topic) -> None:
        consult(
            topic,
            acting(grant, {topic.convenor}),
            self.phase,
            self.form,
            self.households,
            self.people,
            self.summary,
        )


def _class(value: str | None) -> TopicClass | None:
    return TopicClass(value) if value else None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
