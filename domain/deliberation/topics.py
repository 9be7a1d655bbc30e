"""A deliberation topic (协商议题) from proposal to review (WZ-5.1, WZ-5.2, JH-4.1/4.2, SX-T1).

proposed → registered → approved | rejected; the proposer is then told the result (WZ-5.2-c).
The rule profile in force is pinned on approval, so later changes of profile never change it.
Later stages (plan, announcement, sitting, outcome, implementation) extend this aggregate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.deliberation.aftermath import (
    PER_RESULT,
    DeliberationReopenedBase,
    OutcomeRecordedBase,
    SittingStartedBase,
    StepRecordedBase,
)
from domain.deliberation.consultations import ConsultationRecordedBase
from domain.deliberation.correction import ResultCorrectedBase
from domain.deliberation.outcome import Outcome
from domain.deliberation.planning import (
    RulesDraftedBase,
    SittingAdjournedBase,
    TopicAnnouncedBase,
    TopicPlannedBase,
)
from domain.deliberation.review import Review, Roles, TopicReviewedBase
from domain.deliberation.topic_deadlines import (
    DeadlinesRecomputedBase,
    is_open,
    running_dues,
)
from domain.deliberation.topic_states import NEXT
from domain.deliberation.vocabulary import (
    ENTITLED,
    ProposerKind,
    TopicCategory,
    TopicClass,
)
from domain.errors import OutsideJurisdiction, TransitionNotAllowed
from domain.personal import HoldsPersonalData
from domain.supervision import DeadlinePassedBase, Supervised
from domain.vocabulary import label

__all__ = [
    "Review",
    "Roles",
    "Topic",
]  # the review's values, where callers have always found them

AUTHORED = (
    "step",
    "phase",
    "problem",
)  # fields of events whose free text is their author's own


class Topic(HoldsPersonalData, Supervised, Aggregate):
    """The topic's state and its events; the commands after registration are plain functions
    over it, one module a stage (review, planning, consultations, aftermath, report,
    correction, topic_deadlines), each reading only what the Topic defines here."""

    class TopicProposed(Aggregate.Created):
        personal_fields = ("title", "description")
        subject_field = "proposer_id"
        community: str
        category: str
        proposer_kind: str
        proposer_id: str
        channel: str
        title: str
        description: str
        linked_requests: list[str]
        actor_id: str
        actor_role: str
        actor_unit: str | None

    class TopicRegistered(ActedEvent):
        number: str
        topic_class: str | None

        def apply(self, aggregate: Topic) -> None:
            aggregate.status, aggregate.number, aggregate.topic_class = (
                "registered",
                self.number,
                self.topic_class,
            )

    class TopicReviewed(TopicReviewedBase):
        pass

    class TopicPlanned(TopicPlannedBase):
        pass

    class RulesDrafted(RulesDraftedBase):
        pass

    class TopicAnnounced(TopicAnnouncedBase):
        pass

    class SittingAdjourned(SittingAdjournedBase):
        pass

    class SittingStarted(SittingStartedBase):
        pass

    class OutcomeRecorded(OutcomeRecordedBase):
        pass

    class StepRecorded(StepRecordedBase):
        pass

    class ImplementationReported(StepRecorded):
        """WZ-5.8-d: the report in its four parts (a step `report`, so every reader of steps sees it)."""

        personal_fields = ("note", "progress", "problems", "effects", "funds_labour")
        progress: str
        problems: str
        effects: str
        funds_labour: str

    class DeadlinePassed(DeadlinePassedBase):
        pass

    class ConsultationRecorded(ConsultationRecordedBase):
        pass

    class DeliberationReopened(DeliberationReopenedBase):
        pass

    class DeadlinesRecomputed(DeadlinesRecomputedBase):
        pass

    class ResultCorrected(ResultCorrectedBase):
        pass

    class ProposerNotified(ActedEvent):
        channel: str

        def apply(self, aggregate: Topic) -> None:
            aggregate.proposer_notified = True

    @event(TopicProposed)
    def __init__(
        self,
        community: str,
        category: str,
        proposer_kind: str,
        proposer_id: str,
        channel: str,
        title: str,
        description: str,
        linked_requests: list[str],
        actor_id: str | None,  # recorded on the event (Actor.event_fields)
        actor_role: str | None,
        actor_unit: str | None,
    ) -> None:  # noqa: ARG002
        self.community, self.category, self.proposer_id = (
            community,
            TopicCategory(category),
            proposer_id,
        )
        self.linked_requests, self.status = list(linked_requests), "proposed"
        self.number: str | None = None
        self.topic_class: str | None = None
        self.profile: str | None = None
        self.convenor: str | None = None
        self.recorder: str | None = None
        self.guide: str | None = None
        self.proposer_notified, self.rules_drafted, self.announced = False, False, False
        self.arrangements: dict[str, Any] | None = None
        self.drafted_rules: dict[str, Any] | None = None
        self.sittings: list[str] = []
        self.outcome: Outcome | None = None
        self.due_at: dict[str, str] = {}
        self.steps: dict[str, int] = {}
        self.settled_at: datetime | None = None
        self.implement_due: str | None = None
        self.implement_provisional = False
        self.counted_from: str | None = None
        self.provisional: frozenset[str] = frozenset()
        self.completed = False

    @classmethod
    def create_id(cls, **_: object) -> UUID:
        return uuid4()

    def role_holders(self) -> frozenset[str]:
        """Everyone holding a role on the topic: proposer, convenor, recorder, guide, the planned host and
        participants (the access matrix's `topic role`; a sitting adds its own participants)."""
        plan = self.arrangements or {}
        named = {
            self.proposer_id,
            self.convenor,
            self.recorder,
            self.guide,
            plan.get("host"),
            *plan.get("participants", {}),
        }
        return frozenset(p for p in named if p)

    @classmethod
    def propose(
        cls,
        actor: Actor,
        community: str,
        category: TopicCategory,
        kind: ProposerKind,
        proposer_id: str,
        channel: str,
        title: str,
        description: str,
        linked_requests: Sequence[str] = (),
    ) -> Topic:
        """WZ-5.1-a: only those entitled to the category may propose it; the channel is kept (WZ-5.1-b)."""
        if kind not in ENTITLED[category]:
            allowed = sorted(c.value for c, kinds in ENTITLED.items() if kind in kinds)
            raise OutsideJurisdiction(
                f"a {kind.value} may not propose a {category.value} topic",
                rule_id="WZ-5.1-a",
                allowed=allowed,
                zh=f"{kind.value} 不能提出 {category.value} 类议题：可提出的类别见 allowed_actions",
            )
        return cls(
            community=community,
            category=category.value,
            proposer_kind=kind.value,
            proposer_id=proposer_id,
            channel=channel,
            title=title,
            description=description,
            linked_requests=sorted(set(linked_requests)),
            **actor.event_fields(),
        )

    def is_open(self) -> bool:
        return is_open(self)

    def dues(self) -> dict[str, datetime]:
        return running_dues(self)

    def data_subject(self, event_fields: dict[str, Any]) -> str:
        """The proposal and its review are about the proposer; a later step's note (a report, a correction,
        an explanation), a consultation's summary or a reopening's problem is its author's own text and stays
        when the proposer is erased."""
        authored = any(f in event_fields for f in AUTHORED)
        return str(event_fields["actor_id"]) if authored else self.proposer_id

    def allowed_actions(self) -> list[str]:
        actions = list(NEXT.get(self.status, []))
        if self.proposer_notified and "notify_proposer" in actions:
            actions.remove("notify_proposer")
        done = {"draft_rules"} if self.rules_drafted else set()
        done |= {step for step in PER_RESULT if self.steps.get(step)}
        return sorted(a for a in actions if a not in done)

    def require(self, action: str, rule_id: str) -> None:
        if action not in self.allowed_actions():
            raise TransitionNotAllowed(
                f"cannot {action.replace('_', ' ')} a topic that is {self.status}",
                rule_id=rule_id,
                allowed=self.allowed_actions(),
                zh=f"议题当前为“{label('topic_status', self.status)}”，不能{label('action', action)}："
                "可办理的操作见 allowed_actions",
            )

    def register(
        self, actor: Actor, number: str, topic_class: TopicClass | None = None
    ) -> None:
        """WZ-5.1-c: the residents' committee registers every topic; SX-T1 classes it."""
        self.require("register", "WZ-5.1-c")
        self.trigger_event(
            self.TopicRegistered,
            number=number,
            topic_class=topic_class.value if topic_class else None,
            **actor.event_fields(),
        )

    def notify_proposer(self, actor: Actor, channel: str) -> None:
        """WZ-5.2-c: the proposer is told the result (and a rejection's reason) after the meeting."""
        self.require("notify_proposer", "WZ-5.2-c")
        self.trigger_event(
            self.ProposerNotified, channel=channel, **actor.event_fields()
        )
