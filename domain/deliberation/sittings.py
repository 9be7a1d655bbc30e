"""One sitting of a deliberation (WZ-5.6-a): sign-in, the rules vote, the proposer's explanation,
speeches under the rules, expert statements, votes item by item, and the outcome. On site, the
recorder enters each vote's counts; online, each eligible participant present casts their own
ballot. A closed vote is sealed: nothing changes it afterwards.

The Sitting holds its state and its events; the commands after opening are plain functions over
it, a module a part of the proceedings: debate (sign-in, explanation, speeches), sitting_rules,
voting, mixed_voting (a combined sitting's paper count), settling, sitting_record.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.deliberation.ballots import RULES, Ballots
from domain.deliberation.mixed_voting import SPLIT_FIELDS
from domain.deliberation.outcome import Outcome, Tally
from domain.deliberation.participants import NO_RULES_FORMS, VOTING, ParticipantCategory
from domain.deliberation.procedure import ProcedureRules
from domain.deliberation.profiles import RuleProfile, profile
from domain.deliberation.sitting_rules import table_rules
from domain.deliberation.sitting_steps import check_opening, next_steps
from domain.deliberation.speaking import Hand, next_speaker
from domain.personal import HoldsPersonalData


class Sitting(HoldsPersonalData, Aggregate):
    class SittingOpened(Aggregate.Created):
        topic_id: str
        sequence: int
        previous_sitting: str | None
        mode: str
        form: str
        participants: dict[str, str]
        proposer_id: str
        host: str
        recorder: str
        profile: str
        actor_id: str
        actor_role: str
        actor_unit: str | None

    class RulesTabled(ActedEvent):
        """The draft put to the sitting's rules vote; after a rejection, the redrafted one."""

        speech_minutes: int
        speeches_per_person: int
        passing: str

        def apply(self, aggregate: Sitting) -> None:
            fields = ("speech_minutes", "speeches_per_person", "passing")
            drafted = {f: getattr(self, f) for f in fields}
            aggregate.draft_rules = ProcedureRules.from_fields(drafted)
            aggregate.ballots = aggregate.ballots.retabled()

    class ClosedWithoutResult(
        ActedEvent
    ):  # rules voted down: the topic is planned again
        def apply(self, aggregate: Sitting) -> None:
            aggregate.closed_without_result = True

    class SignedIn(ActedEvent):
        participant: str

        def apply(self, aggregate: Sitting) -> None:
            aggregate.present = aggregate.present | {self.participant}

    class ProposerExplained(ActedEvent):
        personal_fields = ("summary",)
        subject_id: str
        summary: str

        def apply(self, aggregate: Sitting) -> None:
            aggregate.explained = True

    class FloorRequested(ActedEvent):
        participant: str
        position: str

        def apply(self, aggregate: Sitting) -> None:
            hand = Hand(self.participant, self.position, aggregate.raised_count)
            aggregate.hands = [*aggregate.hands, hand]
            aggregate.raised_count += 1

    class SpeechRecorded(ActedEvent):
        personal_fields = ("summary",)
        subject_id: str
        participant: str
        position: str
        seconds: int
        over_time: bool
        summary: str

        def apply(self, aggregate: Sitting) -> None:
            who, spoken = self.participant, aggregate.spoken
            aggregate.hands = [h for h in aggregate.hands if h.participant != who]
            aggregate.spoken = {**spoken, who: spoken.get(who, 0) + 1}
            aggregate.last_position = self.position

    class ExpertStated(ActedEvent):
        personal_fields = ("summary",)
        subject_id: str
        participant: str
        summary: str

    class VoteOpened(ActedEvent):
        class_version = 2
        item: str
        text: str
        amends: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["amends"] = None  # votes opened before amendments amend nothing

        def apply(self, aggregate: Sitting) -> None:
            aggregate.ballots = aggregate.ballots.opened(self.item, self.amends)

    class BallotCast(ActedEvent):
        voter: str
        choice: str

        def apply(self, aggregate: Sitting) -> None:
            aggregate.ballots = aggregate.ballots.with_ballot(self.voter, self.choice)

    class CountsRecorded(ActedEvent):
        yes: int
        no: int
        abstain: int

        def apply(self, aggregate: Sitting) -> None:
            counts = (self.yes, self.no, self.abstain)
            aggregate.ballots = aggregate.ballots.with_counts(counts)

    class PaperCounted(ActedEvent):  # the room's paper count of the open item, and who
        item: str
        voters: list[str]
        yes: int
        no: int
        abstain: int

        def apply(self, aggregate: Sitting) -> None:
            counts = (self.yes, self.no, self.abstain)
            aggregate.ballots = aggregate.ballots.with_paper(counts, self.voters)

    class VoteClosed(ActedEvent):
        """v2 (WZ-5.3-d): a combined sitting's paper and online counts apart (docs/upcasting.md)."""

        class_version = 2
        item: str
        eligible: int
        present: int
        yes: int
        no: int
        abstain: int
        threshold: str
        passed: bool
        paper_yes: int | None = None
        paper_no: int | None = None
        paper_abstain: int | None = None
        online_yes: int | None = None
        online_no: int | None = None
        online_abstain: int | None = None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(dict.fromkeys(SPLIT_FIELDS))  # the split was not recorded

        def apply(self, aggregate: Sitting) -> None:
            tally = Tally(self.eligible, self.present, self.yes, self.no, self.abstain)
            ballots = aggregate.ballots.closed_with(self.item, tally, self.passed)
            aggregate.ballots = ballots
            if self.item == RULES and self.passed:
                aggregate.rules_adopted = True
                aggregate.adopted_rules = aggregate.draft_rules

    class OutcomeSettled(ActedEvent):
        personal_fields = ("implementation_plan",)
        subject_id: str
        outcome: str
        decisive_item: str | None
        implementation_plan: str

        def apply(self, aggregate: Sitting) -> None:
            aggregate.outcome = Outcome(self.outcome)

    class MediaAttached(ActedEvent):  # a reference (archive number, URL), not the media
        kind: str
        reference: str

    class DiscussionNoted(ActedEvent):
        personal_fields = ("note",)
        subject_id: str
        aspect: str
        note: str

    @event(SittingOpened)
    def __init__(
        self,
        topic_id: str,
        sequence: int,
        previous_sitting: str | None,
        mode: str,
        form: str,
        participants: dict[str, str],
        proposer_id: str,
        host: str,
        recorder: str,
        profile: str,
        actor_id: str | None,  # recorded on the event (Actor.event_fields)
        actor_role: str | None,
        actor_unit: str | None,
    ) -> None:  # noqa: ARG002
        self.topic_id, self.sequence, self.profile_key = topic_id, sequence, profile
        self.mode, self.form, self.previous_sitting = mode, form, previous_sitting
        self.participants = {p: ParticipantCategory(c) for p, c in participants.items()}
        self.proposer_id, self.host, self.recorder = proposer_id, host, recorder
        self.present: frozenset[str] = frozenset()
        self.rules_adopted, self.explained = form in NO_RULES_FORMS, False
        self.hands: list[Hand] = []
        self.spoken: dict[str, int] = {}
        self.last_position: str | None = None
        self.ballots = Ballots()
        self.outcome: Outcome | None = None
        self.draft_rules: ProcedureRules | None = None
        self.adopted_rules: ProcedureRules | None = None
        self.raised_count, self.closed_without_result = 0, False

    @classmethod
    def create_id(cls, **_: object) -> UUID:
        return uuid4()

    @classmethod
    def open(
        cls,
        actor: Actor,
        topic_id: str,
        rule_profile: RuleProfile,
        mode: str,
        form: str,
        participants: dict[str, ParticipantCategory],
        proposer_id: str,
        host: str,
        recorder: str,
        sequence: int = 1,
        previous_sitting: str | None = None,
        rules: ProcedureRules | None = None,
    ) -> Sitting:
        """`rules`: the topic's drafted rules, put to the sitting's first vote (WZ-5.6-b)."""
        check_opening(mode, participants)
        sitting = cls(
            topic_id=topic_id,
            sequence=sequence,
            previous_sitting=previous_sitting,
            mode=mode,
            form=form,
            participants={p: c.value for p, c in participants.items()},
            proposer_id=proposer_id,
            host=host,
            recorder=recorder,
            profile=rule_profile.pinned(),
            **actor.event_fields(),
        )
        if rules is not None and form not in NO_RULES_FORMS:
            table_rules(sitting, actor, rules)
        return sitting

    @property
    def rule_profile(self) -> RuleProfile:
        return profile(self.profile_key)

    @property
    def eligible(self) -> frozenset[str]:
        return frozenset(p for p, c in self.participants.items() if c in VOTING)

    @property
    def applied_rules(self) -> ProcedureRules:
        """The adopted rules; the profile's defaults where the sitting adopted none."""
        return self.adopted_rules or ProcedureRules.of_profile(self.rule_profile)

    def next_speaker(self) -> Hand | None:
        return next_speaker(self.hands, self.spoken, self.last_position)

    def data_subject(self, event_fields: dict[str, Any]) -> str:
        """A speech or statement is its speaker's; the plan and a discussion note its author's."""
        if "outcome" in event_fields or "aspect" in event_fields:
            return str(event_fields["actor_id"])
        return str(event_fields.get("participant") or self.proposer_id)

    def role_holders(self) -> frozenset[str]:
        """The proposer, host, recorder and participants of this sitting."""
        named = (self.proposer_id, self.host, self.recorder, *self.participants)
        return frozenset(p for p in named if p)

    def allowed_actions(self) -> list[str]:
        return sorted(["attach_media", *next_steps(self)])
