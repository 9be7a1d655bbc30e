"""Sittings of a topic (WZ-5.6) and the major-decision procedure that may follow (LS-2.4.12).

The host, the recorder and the community's staff run a sitting; participants sign themselves in
and, online, cast their own ballots; the recorder enters on-site counts. Settling a sitting
records the outcome on its topic in the same transaction, with the filing due by the end of the
next day (WZ-5.7-a) and the communication within two calendar days (WZ-5.7-c).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast
from uuid import UUID

from application.access.granted import Granted
from application.access.grants import Grant, Reach
from application.deliberation.acting import acting, topic_grant
from application.deliberation.queries import topic_reach
from application.deliberation.service import DeliberationService
from application.deliberation.sitting_commands import (
    SITTING_ACTIONS as SITTING_ACTIONS,  # the access walk
)
from application.deliberation.sitting_commands import (
    RecordPaperCounts,
    SittingCommand,
)
from application.ledger import IdempotencyKey, Outcome
from application.people.refs import sitting_member
from application.principals import Principal
from domain.actors import Actor
from domain.deliberation.aftermath import record_outcome, start_sitting
from domain.deliberation.major_decision import MajorDecision, major_decision_id_for
from domain.deliberation.mixed_voting import record_paper_counts
from domain.deliberation.outcome import Outcome as Result
from domain.deliberation.outcome import Tally
from domain.deliberation.participants import ParticipantCategory
from domain.deliberation.planning import adjourn_topic
from domain.deliberation.procedure import ProcedureRules
from domain.deliberation.sittings import Sitting
from domain.deliberation.topics import Topic
from domain.errors import UnknownTopic

CONVENOR_ACTIONS = {"redraft_rules", "close_without_result"}  # WZ-5.5-a
# a participant may do these for themselves
SELF_SERVICE = {
    "sign_in",
    "cast",
    "request_floor",
}


def drafted_rules(topic: Topic) -> ProcedureRules | None:
    """The rules the convenor drafted for this round (WZ-5.5-a), put to the sitting's first vote."""
    drafted = getattr(topic, "drafted_rules", None)
    return ProcedureRules.from_fields(drafted) if drafted else None


def sitting_summary(sitting: Sitting) -> dict[str, Any]:
    return {
        "sitting_id": str(sitting.id),
        "topic_id": sitting.topic_id,
        "version": sitting.version,
        "outcome": sitting.outcome.value if sitting.outcome else None,
        "allowed_actions": sitting.allowed_actions(),
    }


class SittingService:
    def __init__(self, topics: DeliberationService):
        self.topics, self.ledger, self.deadlines = (
            topics,
            topics.ledger,
            topics.deadlines,
        )

    def open(
        self,
        principal: Principal,
        topic_id: UUID,
        mode: str,
        expected_version: int | None = None,
        idem: IdempotencyKey | None = None,
        grant: Grant | None = None,
    ) -> dict[str, Any]:
        acting_in, held = self.topics.acting_on(
            principal, "topics.open_sitting", topic_id, grant
        )

        def build() -> Outcome:
            topic = held.aggregate(expected_version)
            actor = acting(acting_in, {topic.convenor})
            plan = topic.arrangements or {}
            sitting = Sitting.open(
                actor,
                str(topic.id),
                self.topics.profile_of(topic),
                mode,
                plan.get("form", ""),
                {
                    k: ParticipantCategory(v)
                    for k, v in plan.get("participants", {}).items()
                },
                topic.proposer_id,
                plan.get("host", ""),
                topic.recorder or "",
                sequence=len(topic.sittings) + 1,
                previous_sitting=topic.sittings[-1] if topic.sittings else None,
                rules=drafted_rules(topic),
            )
            start_sitting(topic, actor, str(sitting.id))
            return Outcome([topic, sitting], sitting_summary(sitting))

        return self.ledger.commit(build, idem)

    def handle(
        self,
        principal: Principal,
        command: SittingCommand,
        idem: IdempotencyKey | None = None,
        grant: Grant | None = None,
    ) -> dict[str, Any]:
        """One command in a sitting, by its officers, a participant, or the staff, in the
        route's grant (resolved here, by the same check, for a caller with none)."""
        operation = f"sittings.{command.action}"
        acting_in, held = self._acting_on(
            principal, operation, command.sitting_id, grant
        )

        def build() -> Outcome:
            sitting = held.aggregate(command.expected_version)
            topic = self.ledger.topic(sitting.topic_id)
            actor = self._actor(acting_in, sitting, topic, command.action)
            self._named(sitting, command).apply(sitting, actor)
            followers = self._followers(actor, sitting, topic, command.action)
            return Outcome([sitting, *followers], sitting_summary(sitting))

        return self.ledger.commit(build, idem)

    def record_paper_counts(
        self,
        principal: Principal,
        command: RecordPaperCounts,
        idem: IdempotencyKey | None = None,
        grant: Grant | None = None,
    ) -> dict[str, Any]:
        """WZ-5.3-d: the recorder enters the room's paper count in a combined sitting."""
        operation = "sittings.record_paper_counts"
        acting_in, held = self._acting_on(
            principal, operation, command.sitting_id, grant
        )

        def build() -> Outcome:
            sitting = held.aggregate(command.expected_version)
            topic = self.ledger.topic(sitting.topic_id)
            actor = self._actor(acting_in, sitting, topic, "record_counts")
            known = set(sitting.participants)
            record_paper_counts(
                sitting,
                actor,
                command.item,
                [sitting_member(self.ledger, known, v) for v in command.voters],
                (command.yes, command.no, command.abstain),
            )
            return Outcome([sitting], sitting_summary(sitting))

        return self.ledger.commit(build, idem)

    def _granted(self, grant: Grant | None, sitting_id: UUID) -> Granted[Sitting]:
        """The sitting the grant's check loaded (application/access/granted.py)."""

        def load() -> Sitting:
            return self.ledger.sitting(sitting_id)

        def reach_of(sitting: Sitting) -> Reach:
            return topic_reach(self.ledger, self.ledger.topic(sitting.topic_id))

        return Granted(self.ledger, grant, load, reach_of, sitting_id)

    def _named(self, sitting: Sitting, command: SittingCommand) -> SittingCommand:
        """Participants named by reference or id, as the sitting knows them (WZ-5.6-a)."""
        known, ledger = set(sitting.participants), self.ledger
        one: str | None = getattr(command, "participant", None)
        many: tuple[str, ...] | None = getattr(command, "participants", None)
        changes: dict[str, Any] = {}
        if one:
            changes["participant"] = sitting_member(ledger, known, one)
        if many:
            changes["participants"] = tuple(
                sitting_member(ledger, known, key) for key in many
            )
        return replace(command, **changes) if changes else command

    def _followers(
        self, actor: Actor, sitting: Sitting, topic: Topic, action: str
    ) -> list[Topic | MajorDecision]:
        if action == "settle":
            return self._after_settling(actor, sitting, topic)
        if action == "close_without_result":
            adjourn_topic(topic, actor, str(sitting.id))  # WZ-5.6-b: planned again
            return [topic]
        return []

    def _acting_on(
        self,
        principal: Principal,
        operation: str,
        sitting_id: UUID,
        grant: Grant | None,
    ) -> tuple[Grant, Granted[Sitting]]:
        """The route's grant, or the one `allow(operation)` would give (a script, the demo)."""
        if grant is None:
            sitting = self.ledger.sitting(sitting_id)
            topic = self.ledger.topic(sitting.topic_id)
            grant = topic_grant(self.ledger, principal, operation, topic, sitting)
        return grant, self._granted(grant, sitting_id)

    @staticmethod
    def _actor(grant: Grant, sitting: Sitting, topic: Topic, action: str) -> Actor:
        """The grant's actor; through a role on the topic, only the officers the action
        names, or a participant doing it for themselves."""
        officers = {sitting.host, sitting.recorder} | (
            {sitting.proposer_id} if action == "explain" else set()
        )
        if action in CONVENOR_ACTIONS:
            officers = {sitting.host, topic.convenor or sitting.host}
        if action in SELF_SERVICE:
            officers |= set(sitting.participants)
        return acting(grant, officers)

    def _after_settling(
        self, actor: Actor, sitting: Sitting, topic: Topic
    ) -> list[Topic | MajorDecision]:
        calendar, now = self.deadlines.calendar(), self.deadlines.clock()
        if sitting.outcome is None:
            return []
        record_outcome(
            topic,
            actor,
            str(sitting.id),
            cast(Result, sitting.outcome),  # settled just now: the outcome is set
            calendar.end_of_next_day(now).at,
            calendar.within_calendar_days(
                now, self.topics.profile_of(topic).deadlines.communicate_within_days
            ).at,
        )
        if sitting.outcome is Result.MAJOR_DECISION:
            return [
                topic,
                MajorDecision.start(
                    actor, str(topic.id), self.topics.profile_of(topic)
                ),
            ]
        return [topic]

    def major_decision(
        self,
        principal: Principal,
        topic_id: UUID,
        stage: str,
        meeting: str,
        counts: dict[str, int] | None,
        skip_reason: str | None,
        idem: IdempotencyKey | None = None,
        content: str = "",
        grant: Grant | None = None,
    ) -> dict[str, Any]:
        acting_in, held = self.topics.acting_on(
            principal, "topics.major_decision", topic_id, grant
        )

        def build() -> Outcome:
            topic = held.aggregate()
            procedure = self.ledger.load(
                MajorDecision, major_decision_id_for(str(topic.id)), UnknownTopic
            )
            actor = acting(acting_in)
            if skip_reason is not None:
                procedure.skip(actor, stage, skip_reason)
                passed = False
            else:
                passed = procedure.record(
                    actor, stage, meeting, Tally(**counts) if counts else None, content
                )
            return Outcome([procedure], stage_summary(topic, stage, passed, procedure))

        return self.ledger.commit(build, idem)


def stage_summary(
    topic: Topic, stage: str, passed: bool, procedure: MajorDecision
) -> dict[str, Any]:
    return {
        "topic_id": str(topic.id),
        "stage": stage,
        "passed": passed,
        "allowed_actions": procedure.allowed_actions(),
        "version": procedure.version,
    }
