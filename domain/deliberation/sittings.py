"""One sitting of a deliberation (WZ-5.6-a): sign-in, the rules vote, the proposer's explanation,
speeches under the rules, expert statements, votes item by item, and the outcome.

On site, the recorder enters each vote's counts (attributed to the recorder); online, each
eligible participant present casts their own ballot and the count is computed. A closed vote is
sealed: nothing changes it afterwards.
"""

from __future__ import annotations

from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.deliberation.outcome import Outcome, Tally, check_quorum, settle
from domain.deliberation.participants import NO_RULES_FORMS, VOTING, ParticipantCategory
from domain.deliberation.profiles import RuleProfile, profile
from domain.deliberation.sitting_record import (
    DiscussionNotedBase,
    MediaAttachedBase,
    SittingRecord,
)
from domain.deliberation.speaking import Hand, next_speaker
from domain.deliberation.voting import (
    BallotCastBase,
    Ballots,
    CountsRecordedBase,
    VoteClosedBase,
    VoteEvents,
    VoteOpenedBase,
)
from domain.errors import InvalidValue, OutsideJurisdiction, TransitionNotAllowed
from domain.personal import HoldsPersonalData


class Sitting(HoldsPersonalData, VoteEvents, SittingRecord, Aggregate):
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

    class FloorRequested(ActedEvent):
        participant: str
        position: str

        def apply(self, aggregate: Sitting) -> None:
            aggregate.hands = [
                *aggregate.hands,
                Hand(self.participant, self.position, aggregate.raised_count),
            ]
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
            aggregate.hands = [
                h for h in aggregate.hands if h.participant != self.participant
            ]
            aggregate.spoken = {
                **aggregate.spoken,
                self.participant: aggregate.spoken.get(self.participant, 0) + 1,
            }
            aggregate.last_position = self.position

    class ExpertStated(ActedEvent):
        personal_fields = ("summary",)
        subject_id: str
        participant: str
        summary: str

    class OutcomeSettled(ActedEvent):
        personal_fields = ("implementation_plan",)
        subject_id: str
        outcome: str
        decisive_item: str | None
        implementation_plan: str

        def apply(self, aggregate: Sitting) -> None:
            aggregate.outcome = Outcome(self.outcome)

    @event(SittingOpened)
    def __init__(
        self,
        topic_id,
        sequence,
        previous_sitting,
        mode,
        form,
        participants,
        proposer_id,
        host,
        recorder,
        profile,
        actor_id,
        actor_role,
        actor_unit,
    ) -> None:  # noqa: ARG002
        self.topic_id, self.sequence, self.mode, self.form = (
            topic_id,
            sequence,
            mode,
            form,
        )
        self.previous_sitting = previous_sitting
        self.participants = {p: ParticipantCategory(c) for p, c in participants.items()}
        self.proposer_id, self.host, self.recorder, self.profile_key = (
            proposer_id,
            host,
            recorder,
            profile,
        )
        self.present: frozenset[str] = frozenset()
        self.rules_adopted, self.explained = form in NO_RULES_FORMS, False
        self.hands: list[Hand] = []
        self.raised_count, self.spoken, self.last_position = 0, {}, None
        self.ballots = Ballots()
        self.outcome: Outcome | None = None

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
    ) -> Sitting:
        if mode not in ("on_site", "online"):
            raise InvalidValue(
                "a sitting is on site or online",
                rule_id="SX-T1",
                allowed=["on_site", "online"],
            )
        if not any(c in VOTING for c in participants.values()):
            raise InvalidValue(
                "a sitting needs stakeholders who can vote", rule_id="WZ-5.5-d"
            )
        return cls(
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

    # ---- state ---------------------------------------------------------
    @property
    def rule_profile(self) -> RuleProfile:
        return profile(self.profile_key.split("@")[0])

    @property
    def eligible(self) -> frozenset[str]:
        return frozenset(p for p, c in self.participants.items() if c in VOTING)

    def data_subject(self, event_fields: dict) -> str:
        """A speech or statement is its speaker's; the agreed plan and a discussion note are their author's."""
        if "outcome" in event_fields or "aspect" in event_fields:
            return event_fields["actor_id"]
        return event_fields.get("participant") or self.proposer_id

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

    def next_speaker(self) -> Hand | None:
        return next_speaker(self.hands, self.spoken, self.last_position)

    def _refuse(
        self, message: str, rule_id: str, allowed: list[str] | None = None
    ) -> None:
        raise TransitionNotAllowed(
            message, rule_id=rule_id, allowed=allowed or self.allowed_actions()
        )

    def allowed_actions(self) -> list[str]:
        return sorted(self._actions())

    def _actions(self) -> list[str]:
        return ["attach_media", *self._steps()]

    def _steps(self) -> list[str]:
        if self.outcome is not None:
            return []
        if self.ballots.open_item is not None:
            return ["cast" if self.mode == "online" else "record_counts", "close_vote"]
        if not self.rules_adopted:
            return ["sign_in", "open_vote"]
        if not self.explained:
            return ["sign_in", "explain"]
        actions = [
            "sign_in",
            "request_floor",
            "expert_statement",
            "note_discussion",
            "settle" if self.ballots.voted_items() else None,
        ]
        actions.append("speak" if self.hands else "open_vote")
        return [a for a in actions if a]

    def _participant(self, person: str) -> ParticipantCategory:
        if person not in self.participants:
            raise OutsideJurisdiction(
                f"{person} is not a participant of this sitting", rule_id="WZ-5.3-c"
            )
        return self.participants[person]

    def _present(self, person: str) -> None:
        self._participant(person)
        if person not in self.present:
            self._refuse(f"{person} has not signed in", "WZ-5.6-a", ["sign_in"])

    # ---- commands --------------------------------------------------------
    def sign_in(self, actor: Actor, participant: str) -> None:
        self._participant(participant)
        if participant in self.present or self.outcome is not None:
            self._refuse(f"{participant} is already signed in", "WZ-5.6-a")
        self.trigger_event(
            self.SignedIn, participant=participant, **actor.event_fields()
        )

    def explain(self, actor: Actor, summary: str) -> None:
        """WZ-5.6-a(c): the proposer explains first, once the rules are adopted (WZ-5.6-b)."""
        self._require_rules()
        if self.explained:
            self._refuse("the proposer has explained the topic already", "WZ-5.6-a")
        self.trigger_event(
            self.ProposerExplained, summary=summary, **actor.event_fields()
        )

    def request_floor(self, actor: Actor, participant: str, position: str) -> None:
        self._require_debate()
        self._present(participant)
        if position not in ("for", "against"):
            raise InvalidValue(
                "a speaker states a position first: for or against",
                rule_id="WZ-5.5-b",
                allowed=["for", "against"],
            )
        if self.spoken.get(participant, 0) >= self._limit():
            self._refuse(
                f"{participant} has spoken {self._limit()} times: no further speech",
                "WZ-5.5-b",
            )
        if any(h.participant == participant for h in self.hands):
            self._refuse(f"{participant} is already waiting to speak", "WZ-5.5-b")
        self.trigger_event(
            self.FloorRequested,
            participant=participant,
            position=position,
            **actor.event_fields(),
        )

    def speak(self, actor: Actor, participant: str, seconds: int, summary: str) -> None:
        """The host gives the floor in the order of the rules; the recorder notes duration and gist."""
        self._require_debate()
        turn = self.next_speaker()
        if turn is None or turn.participant != participant:
            self._refuse(
                f"it is {turn.participant if turn else 'nobody'}'s turn to speak",
                "WZ-5.5-b",
            )
        if seconds < 0:
            raise InvalidValue(
                "a speech lasts zero or more seconds", rule_id="WZ-5.5-b"
            )
        self.trigger_event(
            self.SpeechRecorded,
            participant=participant,
            position=turn.position,
            seconds=seconds,
            over_time=seconds > 60 * self.rule_profile.speech_minutes,
            summary=summary,
            **actor.event_fields(),
        )

    def expert_statement(self, actor: Actor, participant: str, summary: str) -> None:
        self._require_debate()
        if self._participant(participant) is not ParticipantCategory.EXPERT:
            raise InvalidValue(
                f"{participant} is not an expert of this sitting", rule_id="WZ-5.6-a"
            )
        self.trigger_event(
            self.ExpertStated,
            participant=participant,
            summary=summary,
            **actor.event_fields(),
        )

    def settle(
        self, actor: Actor, implementation_plan: str = "", major_decision: bool = False
    ) -> Outcome:
        """WZ-5.6-c: exactly one outcome, computed from the votes by the pinned profile."""
        if (
            self.outcome is not None
            or not self.ballots.voted_items()
            or self.ballots.open_item is not None
        ):
            self._refuse(
                "settle once, after at least one item was voted and every vote is closed",
                "WZ-5.6-c",
            )
        decisive = self.ballots.first_failed()
        outcome = (
            Outcome.MAJOR_DECISION
            if major_decision
            else (
                settle(self.rule_profile, self.ballots.closed[decisive])
                if decisive
                else Outcome.CONSENSUS
            )
        )
        if outcome is Outcome.CONSENSUS and not implementation_plan.strip():
            raise InvalidValue(
                "a consensus records an executable implementation plan",
                rule_id="WZ-5.6-c",
            )
        self.trigger_event(
            self.OutcomeSettled,
            outcome=outcome.value,
            decisive_item=decisive,
            implementation_plan=implementation_plan,
            **actor.event_fields(),
        )
        return outcome

    # ---- checks ----------------------------------------------------------
    def _limit(self) -> int:
        return self.rule_profile.speeches_per_person

    def _require_rules(self) -> None:
        if not self.rules_adopted:
            self._refuse(
                "deliberation starts only once the rules of procedure are adopted",
                "WZ-5.6-b",
            )

    def _require_debate(self) -> None:
        self._require_rules()
        if not self.explained:
            self._refuse("the proposer explains the topic first", "WZ-5.6-a")
        if self.ballots.open_item is not None or self.outcome is not None:
            self._refuse(
                "no speeches while a vote is open or after the outcome", "WZ-5.5-c"
            )

    def check_quorum(self) -> None:
        check_quorum(self.rule_profile, len(self.participants), len(self.present))
