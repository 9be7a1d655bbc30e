"""The major-decision procedure (五议两公开, LS-2.4.12; WZ-5.6-c(d)) as the profile's sequence of stages.

Each stage is recorded in order with its meeting, attendance and vote; a stage with a quorum or
a pass share that is not met stops the procedure there (it may be held again). Optional stages
may be skipped with a reason. The two publications are stages without a vote.
"""

from __future__ import annotations

from typing import ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.deliberation.outcome import Tally
from domain.deliberation.profiles import RuleProfile, Stage, profile
from domain.errors import InvalidValue, TransitionNotAllowed


def major_decision_id_for(topic_id: str) -> UUID:
    """One procedure per topic."""
    return uuid5(NAMESPACE_URL, f"gov:major-decision:{topic_id}")


class MajorDecision(Aggregate):
    class Started(Aggregate.Created):
        topic_id: str
        profile: str
        actor_id: str
        actor_role: str
        actor_unit: str | None

    class StageRecorded(ActedEvent):
        personal_fields: ClassVar[tuple[str, ...]] = ("reason",)
        subject_field = "actor_id"  # a skip's reason is its author's own text
        stage: str
        meeting: str
        members: int
        present: int
        yes: int
        no: int
        abstain: int
        passed: bool
        skipped: bool
        reason: str

        def apply(self, aggregate: MajorDecision) -> None:
            if self.passed or self.skipped:
                aggregate.done = [*aggregate.done, self.stage]
            if not self.skipped:
                aggregate.tallies = {**aggregate.tallies, self.stage: self.counts()}

        def counts(self) -> dict[str, int]:
            return {
                "members": self.members,
                "present": self.present,
                "yes": self.yes,
                "no": self.no,
                "abstain": self.abstain,
            }

    class StagePublished(StageRecorded):
        """LS-2.4.12 (两公开): the resolution, with its vote, or the implementation result,
        made public; a stage without a vote, shown on the public board."""

        personal_fields = ("reason", "content")
        topic_id: str
        content: str
        vote: dict[str, int]

    @event(Started)
    def __init__(
        self,
        topic_id: str,
        profile: str,
        actor_id: str | None,  # recorded on the event (Actor.event_fields)
        actor_role: str | None,
        actor_unit: str | None,
    ) -> None:  # noqa: ARG002
        self.topic_id, self.profile_key = topic_id, profile
        self.done: list[str] = []
        self.tallies: dict[str, dict[str, int]] = {}

    @classmethod
    def create_id(cls, topic_id: str, **_: object) -> UUID:
        return major_decision_id_for(topic_id)

    @classmethod
    def start(
        cls, actor: Actor, topic_id: str, rule_profile: RuleProfile
    ) -> MajorDecision:
        if not rule_profile.major_decision:
            raise InvalidValue(
                "this profile defines no major-decision procedure",
                rule_id="LS-2.4.12",
                zh="此规则配置未规定五议两公开程序",
            )
        return cls(
            topic_id=topic_id, profile=rule_profile.pinned(), **actor.event_fields()
        )

    @property
    def stages(self) -> tuple[Stage, ...]:
        return profile(self.profile_key).major_decision

    def next_stage(self) -> Stage | None:
        return next((s for s in self.stages if s.key not in self.done), None)

    def allowed_actions(self) -> list[str]:
        stage = self.next_stage()
        return (
            []
            if stage is None
            else [
                f"record:{stage.key}",
                *([f"skip:{stage.key}"] if stage.optional else []),
            ]
        )

    def record(
        self,
        actor: Actor,
        stage_key: str,
        meeting: str,
        tally: Tally | None = None,
        content: str = "",
    ) -> bool:
        """Record the next stage; returns whether it passed (a stage without a vote always does)."""
        stage = self._expect(stage_key)
        if stage.publishes is not None:
            self._publish(actor, stage, meeting, content)
            return True
        if (stage.quorum or stage.passing) and tally is None:
            raise InvalidValue(
                f"{stage.name} is decided by a vote: give its counts",
                rule_id="LS-2.4.12",
                zh=f"{stage.name} 以表决决定：请给出表决票数",
            )
        passed = tally is None or _meets(stage, tally)
        counts = tally or Tally(0, 0, 0, 0, 0)
        self.trigger_event(
            self.StageRecorded,
            stage=stage.key,
            meeting=meeting,
            members=counts.eligible,
            present=counts.present,
            yes=counts.yes,
            no=counts.no,
            abstain=counts.abstain,
            passed=passed,
            skipped=False,
            reason="",
            **actor.event_fields(),
        )
        return passed

    def _publish(self, actor: Actor, stage: Stage, meeting: str, content: str) -> None:
        """LS-2.4.12: what is made public is stated; a resolution's vote goes with it."""
        if not content.strip():
            raise InvalidValue(
                f"{stage.name}: give the text made public",
                rule_id="LS-2.4.12",
                zh=f"{stage.name}须填写公开的内容（决议或实施结果）",
            )
        self.trigger_event(
            self.StagePublished,
            stage=stage.key,
            meeting=meeting,
            **dict.fromkeys(("members", "present", "yes", "no", "abstain"), 0),
            passed=True,
            skipped=False,
            reason="",
            topic_id=self.topic_id,
            content=content.strip(),
            vote=self.tallies.get(stage.publishes or "", {}),
            **actor.event_fields(),
        )

    def skip(self, actor: Actor, stage_key: str, reason: str) -> None:
        stage = self._expect(stage_key)
        if not stage.optional:
            raise TransitionNotAllowed(
                f"{stage.name} cannot be skipped",
                rule_id="LS-2.4.12",
                allowed=self.allowed_actions(),
                zh=f"{stage.name} 不能跳过",
            )
        self.trigger_event(
            self.StageRecorded,
            stage=stage.key,
            meeting="",
            members=0,
            present=0,
            yes=0,
            no=0,
            abstain=0,
            passed=False,
            skipped=True,
            reason=reason,
            **actor.event_fields(),
        )

    def _expect(self, stage_key: str) -> Stage:
        stage = self.next_stage()
        if stage is None or stage.key != stage_key:
            raise TransitionNotAllowed(
                f"the next stage is {stage.key if stage else 'none: the procedure is done'}",
                rule_id="LS-2.4.12",
                allowed=self.allowed_actions(),
                zh=f"下一环节是 {stage.key if stage else '无：程序已完成'}",
            )
        return stage


def _meets(stage: Stage, tally: Tally) -> bool:
    quorum_ok = stage.quorum is None or stage.quorum.threshold.met(
        tally.present, tally.eligible
    )
    return quorum_ok and (stage.passing is None or tally.meets(stage.passing))
