"""A deliberation topic (协商议题) from proposal to review (WZ-5.1, WZ-5.2, JH-4.1/4.2, SX-T1).

proposed → registered → approved | rejected; the proposer is then told the result (WZ-5.2-c).
The rule profile in force is pinned on approval, so later changes of profile never change it.
Later stages (plan, announcement, sitting, outcome, implementation) extend this aggregate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.calendar import china_text
from domain.deliberation.aftermath import (
    PER_RESULT,
    Aftermath,
    DeliberationReopenedBase,
    OutcomeRecordedBase,
    SittingStartedBase,
    StepRecordedBase,
)
from domain.deliberation.consultations import ConsultationRecordedBase, Consultations
from domain.deliberation.planning import (
    Planning,
    RulesDraftedBase,
    TopicAnnouncedBase,
    TopicPlannedBase,
)
from domain.deliberation.profiles import RuleProfile
from domain.deliberation.vocabulary import (
    ENTITLED,
    MustDeliberate,
    MustNotDeliberate,
    ProposerKind,
    ReviewCheck,
    TopicCategory,
    TopicClass,
)
from domain.errors import InvalidValue, OutsideJurisdiction, TransitionNotAllowed
from domain.personal import HoldsPersonalData
from domain.supervision import DeadlinePassedBase, Supervised

AFTER_RESULT = ["file", "communicate", "post", "archive", "correct", "refer", "consult"]
NEXT = {
    "proposed": ["register"],
    "registered": ["review"],
    "approved": ["notify_proposer", "plan", "consult"],
    "rejected": ["notify_proposer"],
    "planned": ["draft_rules", "announce", "consult"],
    "announced": ["open_sitting", "consult"],
    "redeliberate": ["plan", *AFTER_RESULT],
    "terminated": [*AFTER_RESULT, "explain_dissent", "appraise"],
    "implementing": [
        *AFTER_RESULT,
        "implement",
        "explain_dissent",
        "report",
        "appraise",
        "reopen",
    ],
    "major_decision": AFTER_RESULT,
}
AUTHORED = (
    "step",
    "phase",
    "problem",
)  # fields of events whose free text is their author's own


@dataclass(frozen=True)
class Review:
    """What the joint two-committee meeting recorded about one topic (WZ-5.2-a, JH-4.1/4.2)."""

    meeting: str
    attendees: tuple[str, ...]
    checks: dict[ReviewCheck, tuple[bool, str]]
    must: tuple[MustDeliberate, ...] = ()
    must_not: dict[MustNotDeliberate, str] | None = None

    def refusal(self) -> str | None:
        """Why the topic cannot be approved, or None."""
        failed = [
            f"{c.value}: {reason}" for c, (ok, reason) in self.checks.items() if not ok
        ]
        barred = [f"{k.value}: {reason}" for k, reason in (self.must_not or {}).items()]
        return "; ".join(failed + barred) or None


@dataclass(frozen=True)
class Roles:
    convenor: str
    recorder: str
    guide: str


class Topic(
    HoldsPersonalData, Planning, Aftermath, Consultations, Supervised, Aggregate
):
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

    class TopicReviewed(ActedEvent):
        personal_fields = ("reasons",)
        subject_id: str
        meeting: str
        attendees: list[str]
        checks: dict[str, bool]
        must: list[str]
        must_not: list[str]
        reasons: dict[str, str]
        approved: bool
        convenor: str | None
        recorder: str | None
        guide: str | None
        profile: str | None
        topic_class: str | None
        plan_due: str | None
        sit_due: str | None

        def apply(self, aggregate: Topic) -> None:
            aggregate.status = "approved" if self.approved else "rejected"
            aggregate.profile, aggregate.convenor = self.profile, self.convenor
            aggregate.recorder, aggregate.topic_class = self.recorder, self.topic_class
            aggregate.guide = self.guide
            aggregate.due_at = {
                k: v for k, v in (("plan", self.plan_due), ("sit", self.sit_due)) if v
            }

    class TopicPlanned(TopicPlannedBase):
        pass

    class RulesDrafted(RulesDraftedBase):
        pass

    class TopicAnnounced(TopicAnnouncedBase):
        pass

    class SittingStarted(SittingStartedBase):
        pass

    class OutcomeRecorded(OutcomeRecordedBase):
        pass

    class StepRecorded(StepRecordedBase):
        pass

    class DeadlinePassed(DeadlinePassedBase):
        pass

    class ConsultationRecorded(ConsultationRecordedBase):
        pass

    class DeliberationReopened(DeliberationReopenedBase):
        pass

    class ProposerNotified(ActedEvent):
        channel: str

        def apply(self, aggregate: Topic) -> None:
            aggregate.proposer_notified = True

    @event(TopicProposed)
    def __init__(
        self,
        community,
        category,
        proposer_kind,
        proposer_id,
        channel,
        title,
        description,
        linked_requests,
        actor_id,
        actor_role,
        actor_unit,
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
        self.arrangements: dict | None = None
        self.sittings: list[str] = []
        self.outcome = None
        self.due_at: dict[str, str] = {}
        self.steps: dict[str, int] = {}
        self.settled_at: datetime | None = None
        self.implement_due: str | None = None
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
        linked_requests: list[str] = (),
    ) -> Topic:
        """WZ-5.1-a: only those entitled to the category may propose it; the channel is kept (WZ-5.1-b)."""
        if kind not in ENTITLED[category]:
            allowed = sorted(c.value for c, kinds in ENTITLED.items() if kind in kinds)
            raise OutsideJurisdiction(
                f"a {kind.value} may not propose a {category.value} topic",
                rule_id="WZ-5.1-a",
                allowed=allowed,
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

    def data_subject(self, event_fields: dict) -> str:
        """The proposal and its review are about the proposer; a later step's note (a report, a correction,
        an explanation), a consultation's summary or a reopening's problem is its author's own text and stays
        when the proposer is erased."""
        return (
            event_fields["actor_id"]
            if any(f in event_fields for f in AUTHORED)
            else self.proposer_id
        )

    # ---- deadlines the scheduler records as passed (WZ-5.3, WZ-5.7, WZ-5.8-c) ------------------
    def is_open(self) -> bool:
        return self.status not in ("proposed", "registered", "rejected")

    def dues(self) -> dict[str, datetime]:
        running = {
            "approved": ("plan", "sit"),
            "planned": ("sit",),
            "announced": ("sit",),
        }.get(self.status, ())
        if self.outcome is not None:
            running = tuple(k for k in ("file", "communicate") if not self.steps.get(k))
            running += (
                ("implement",) if self.implement_due and not self.completed else ()
            )
        found = {**self.due_at, "implement": self.implement_due}
        return {k: datetime.fromisoformat(found[k]) for k in running if found.get(k)}

    def allowed_actions(self) -> list[str]:
        actions = list(NEXT.get(self.status, []))
        if self.proposer_notified and "notify_proposer" in actions:
            actions.remove("notify_proposer")
        done = {"draft_rules"} if self.rules_drafted else set()
        done |= {step for step in PER_RESULT if self.steps.get(step)}
        return sorted(a for a in actions if a not in done)

    def _require(self, action: str, rule_id: str) -> None:
        if action not in self.allowed_actions():
            raise TransitionNotAllowed(
                f"cannot {action.replace('_', ' ')} a topic that is {self.status}",
                rule_id=rule_id,
                allowed=self.allowed_actions(),
            )

    def register(
        self, actor: Actor, number: str, topic_class: TopicClass | None = None
    ) -> None:
        """WZ-5.1-c: the residents' committee registers every topic; SX-T1 classes it."""
        self._require("register", "WZ-5.1-c")
        self.trigger_event(
            self.TopicRegistered,
            number=number,
            topic_class=topic_class.value if topic_class else None,
            **actor.event_fields(),
        )

    def review(
        self,
        actor: Actor,
        review: Review,
        profile: RuleProfile,
        roles: Roles | None,
        topic_class: TopicClass | None = None,
        dues: dict[str, datetime] | None = None,
    ) -> None:
        """WZ-5.2-a/b, JH-4.2: approve with convenor, recorder and guide, or reject with the reasons."""
        self._require("review", "WZ-5.2-a")
        _check_review(review, profile)
        refusal, chosen = (
            review.refusal(),
            topic_class.value if topic_class else self.topic_class,
        )
        if refusal is None:
            _check_approval(roles, profile, chosen)
        approved, dues = refusal is None, dues or {}
        self.trigger_event(
            self.TopicReviewed,
            **_reviewed_fields(review, approved, roles, profile),
            topic_class=chosen,
            plan_due=_iso(dues.get("plan")) if approved else None,
            sit_due=_iso(dues.get("sit")) if approved else None,
            **actor.event_fields(),
        )

    def notify_proposer(self, actor: Actor, channel: str) -> None:
        """WZ-5.2-c: the proposer is told the result (and a rejection's reason) after the meeting."""
        self._require("notify_proposer", "WZ-5.2-c")
        self.trigger_event(
            self.ProposerNotified, channel=channel, **actor.event_fields()
        )


def _iso(moment: datetime | None) -> str | None:
    return china_text(moment) if moment else None


def _check_review(review: Review, profile: RuleProfile) -> None:
    if not review.attendees:
        raise InvalidValue(
            "the joint meeting's attendance is recorded", rule_id="WZ-5.2-a"
        )
    missing = set(ReviewCheck) - set(review.checks)
    if missing or any(not reason.strip() for _, reason in review.checks.values()):
        raise InvalidValue(
            "each of the three checks is recorded with its reason",
            rule_id="WZ-5.2-a",
            allowed=sorted(c.value for c in ReviewCheck),
        )
    if profile.review_screen and review.must_not is None:
        raise InvalidValue(
            "this profile screens every topic against the five must-not items",
            rule_id="JH-4.2",
            allowed=sorted(m.value for m in MustNotDeliberate),
        )
    if profile.review_screen and not review.must and not review.must_not:
        raise InvalidValue(
            "name the must-deliberate item the topic falls under",
            rule_id="JH-4.1",
            allowed=sorted(m.value for m in MustDeliberate),
        )


def _check_approval(
    roles: Roles | None, profile: RuleProfile, topic_class: str | TopicClass | None
) -> None:
    if roles is None or not all((roles.convenor, roles.recorder, roles.guide)):
        raise InvalidValue(
            "an approved topic gets a convenor, a recorder and a guide",
            rule_id="WZ-5.2-b",
        )
    if profile.topic_classes and topic_class is None:
        raise InvalidValue(
            "class the topic immediate or in-depth",
            rule_id="SX-T1",
            allowed=[c.value for c in TopicClass],
        )


def _reviewed_fields(
    review: Review, approved: bool, roles: Roles | None, profile: RuleProfile
) -> dict:
    reasons = {c.value: reason for c, (_, reason) in review.checks.items()}
    reasons |= {
        f"must_not:{k.value}": reason for k, reason in (review.must_not or {}).items()
    }
    return {
        "meeting": review.meeting,
        "attendees": list(review.attendees),
        "checks": {c.value: ok for c, (ok, _) in review.checks.items()},
        "must": [m.value for m in review.must],
        "must_not": sorted(k.value for k in (review.must_not or {})),
        "reasons": reasons,
        "approved": approved,
        "convenor": roles.convenor if approved and roles else None,
        "recorder": roles.recorder if approved and roles else None,
        "guide": roles.guide if approved and roles else None,
        "profile": profile.pinned() if approved else None,
    }
