"""One sitting of a deliberation (WZ-5.6-a): sign-in, the rules vote, the proposer's explanation,
speeches under the rules, expert statements, votes item by item, and the outcome.

On site, the recorder enters each vote's counts (attributed to the recorder); online, each
eligible participant present casts their own ballot and the count is computed. A closed vote is
sealed: nothing changes it afterwards.
"""

from __future__ import annotations

from typing import Any, NoReturn
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.deliberation.ballots import Ballots
from domain.deliberation.debate import (
    Debate,
    ExpertStatedBase,
    FloorRequestedBase,
    SpeechRecordedBase,
)
from domain.deliberation.mixed_voting import MixedVoting, PaperCountedBase
from domain.deliberation.outcome import Outcome, Tally, check_quorum
from domain.deliberation.participants import NO_RULES_FORMS, VOTING, ParticipantCategory
from domain.deliberation.procedure import ProcedureRules
from domain.deliberation.profiles import RuleProfile, profile
from domain.deliberation.settling import OutcomeSettledBase, Settling
from domain.deliberation.sitting_checks import SittingChecks
from domain.deliberation.sitting_record import (
    DiscussionNotedBase,
    MediaAttachedBase,
    SittingRecord,
)
from domain.deliberation.sitting_rules import (
    ClosedWithoutResultBase,
    RulesTabledBase,
    SittingRules,
)
from domain.deliberation.sitting_steps import check_opening, next_steps
from domain.deliberation.speaking import Hand
from domain.deliberation.voting import (
    BallotCastBase,
    CountsRecordedBase,
    VoteClosedBase,
    VoteEvents,
    VoteOpenedBase,
)
from domain.errors import OutsideJurisdiction, TransitionNotAllowed
from domain.personal import HoldsPersonalData


class Sitting(
    HoldsPersonalData,
    Debate,
    SittingChecks,
    SittingRules,
    Settling,
    MixedVoting,
    VoteEvents,
    SittingRecord,
    Aggregate,
):
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

    class VoteOpened(VoteOpenedBase):
        pass

    class BallotCast(BallotCastBase):
        pass

    class CountsRecorded(CountsRecordedBase):
        pass

    class VoteClosed(VoteClosedBase):
        pass

    class PaperCounted(PaperCountedBase):
        pass

    class MediaAttached(MediaAttachedBase):
        pass

    class DiscussionNoted(DiscussionNotedBase):
        pass

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

    class FloorRequested(FloorRequestedBase):
        pass

    class SpeechRecorded(SpeechRecordedBase):
        pass

    class ExpertStated(ExpertStatedBase):
        pass

    class RulesTabled(RulesTabledBase):
        pass

    class ClosedWithoutResult(ClosedWithoutResultBase):
        pass

    class OutcomeSettled(OutcomeSettledBase):
        pass

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
        self.topic_id, self.sequence = topic_id, sequence
        self.mode, self.form = mode, form
        self.previous_sitting = previous_sitting
        self.participants = {p: ParticipantCategory(c) for p, c in participants.items()}
        self.proposer_id, self.host, self.recorder = proposer_id, host, recorder
        self.profile_key = profile
        self.present: frozenset[str] = frozenset()
        self.rules_adopted, self.explained = form in NO_RULES_FORMS, False
        self.hands: list[Hand] = []
        self.raised_count, self.spoken, self.last_position = 0, {}, None
        self.ballots = Ballots()
        self.outcome: Outcome | None = None
        self.draft_rules: ProcedureRules | None = None
        self.adopted_rules: ProcedureRules | None = None
        self.closed_without_result = False

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
        """`rules`: the topic's drafted rules of procedure, put to the sitting's first vote (WZ-5.6-b)."""
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
            sitting.table_rules(actor, rules)
        return sitting

    # ---- state ---------------------------------------------------------
    @property
    def rule_profile(self) -> RuleProfile:
        return profile(self.profile_key)

    @property
    def eligible(self) -> frozenset[str]:
        return frozenset(p for p, c in self.participants.items() if c in VOTING)

    def data_subject(self, event_fields: dict[str, Any]) -> str:
        """A speech or statement is its speaker's; the agreed plan and a discussion note are their author's."""
        if "outcome" in event_fields or "aspect" in event_fields:
            return str(event_fields["actor_id"])
        return str(event_fields.get("participant") or self.proposer_id)

    def role_holders(self) -> frozenset[str]:
        """The proposer, host, recorder and participants of this sitting."""
        return frozenset(
            p
            for p in (self.proposer_id, self.host, self.recorder, *self.participants)
            if p
        )

    def tally(self, yes: int, no: int, abstain: int) -> Tally:
        return Tally(
            eligible=len(self.eligible),
            present=len(self.eligible & self.present),
            yes=yes,
            no=no,
            abstain=abstain,
        )

    def _refuse(
        self, message: str, rule_id: str, allowed: list[str] | None = None, *, zh: str
    ) -> NoReturn:
        raise TransitionNotAllowed(
            message, zh=zh, rule_id=rule_id, allowed=allowed or self.allowed_actions()
        )

    def allowed_actions(self) -> list[str]:
        return sorted(self._actions())

    def _actions(self) -> list[str]:
        return ["attach_media", *self._steps()]

    def _steps(self) -> list[str]:
        return next_steps(self)

    def _participant(self, person: str) -> ParticipantCategory:
        if person not in self.participants:
            raise OutsideJurisdiction(
                f"{person} is not a participant of this sitting",
                rule_id="WZ-5.3-c",
                zh=f"{person} 不是本次会议的参与人员",
            )
        return self.participants[person]

    def _present(self, person: str) -> None:
        self._participant(person)
        if person not in self.present:
            self._refuse(
                f"{person} has not signed in",
                "WZ-5.6-a",
                ["sign_in"],
                zh=f"{person} 尚未签到：请先签到",
            )

    # ---- commands --------------------------------------------------------
    def sign_in(self, actor: Actor, participant: str) -> None:
        self._participant(participant)
        closed = self.outcome is not None or self.closed_without_result
        if participant in self.present or closed:
            self._refuse(
                f"{participant} is already signed in",
                "WZ-5.6-a",
                zh=f"{participant} 已签到",
            )
        self.trigger_event(
            self.SignedIn, participant=participant, **actor.event_fields()
        )

    def explain(self, actor: Actor, summary: str) -> None:
        """WZ-5.6-a(c): the proposer explains first, once the rules are adopted (WZ-5.6-b)."""
        self._require_rules()
        if self.explained:
            self._refuse(
                "the proposer has explained the topic already",
                "WZ-5.6-a",
                zh="提议人已说明过议题",
            )
        self.trigger_event(
            self.ProposerExplained, summary=summary, **actor.event_fields()
        )

    def check_quorum(self) -> None:
        check_quorum(self.rule_profile, len(self.participants), len(self.present))
