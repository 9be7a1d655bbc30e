"""Speeches and expert statements of a sitting, under the adopted rules (WZ-5.5-b, WZ-5.6-a).

A speaker states a position first and asks for the floor; the host gives it in the order of the
queue (speaking.py); the adopted rules limit speeches per person and mark a speech over their
time limit. Commands of the Sitting, which nests subclasses of these events.
"""

from __future__ import annotations

from typing import Any

from domain.actors import ActedEvent, Actor
from domain.deliberation.participants import ParticipantCategory
from domain.deliberation.sitting_state import SittingState
from domain.deliberation.speaking import Hand, next_speaker
from domain.errors import InvalidValue

POSITIONS = ("for", "against")


class FloorRequestedBase(ActedEvent):
    participant: str
    position: str

    def apply(self, aggregate: Any) -> None:
        aggregate.hands = [
            *aggregate.hands,
            Hand(self.participant, self.position, aggregate.raised_count),
        ]
        aggregate.raised_count += 1


class SpeechRecordedBase(ActedEvent):
    personal_fields = ("summary",)
    subject_id: str
    participant: str
    position: str
    seconds: int
    over_time: bool
    summary: str

    def apply(self, aggregate: Any) -> None:
        aggregate.hands = [
            h for h in aggregate.hands if h.participant != self.participant
        ]
        aggregate.spoken = {
            **aggregate.spoken,
            self.participant: aggregate.spoken.get(self.participant, 0) + 1,
        }
        aggregate.last_position = self.position


class ExpertStatedBase(ActedEvent):
    personal_fields = ("summary",)
    subject_id: str
    participant: str
    summary: str


class Debate(SittingState):
    """Mixin of the Sitting: its speaking commands."""

    FloorRequested: type
    SpeechRecorded: type
    ExpertStated: type

    def next_speaker(self) -> Hand | None:
        return next_speaker(self.hands, self.spoken, self.last_position)

    def request_floor(self, actor: Actor, participant: str, position: str) -> None:
        self._require_debate()
        self._present(participant)
        if position not in POSITIONS:
            raise InvalidValue(
                "a speaker states a position first: for or against",
                rule_id="WZ-5.5-b",
                allowed=list(POSITIONS),
                zh="发言人须先表明立场：赞成或反对",
            )
        limit = self.applied_rules.speeches_per_person
        if self.spoken.get(participant, 0) >= limit:
            self._refuse(
                f"{participant} has spoken {limit} times: no further speech",
                "WZ-5.5-b",
                zh=f"{participant} 已发言 {limit} 次，不能再发言",
            )
        if any(h.participant == participant for h in self.hands):
            self._refuse(
                f"{participant} is already waiting to speak",
                "WZ-5.5-b",
                zh=f"{participant} 已在等候发言",
            )
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
                zh=f"现在轮到 {turn.participant if turn else '无人'} 发言",
            )
        if seconds < 0:
            raise InvalidValue(
                "a speech lasts zero or more seconds",
                rule_id="WZ-5.5-b",
                zh="发言时长须为零秒或以上",
            )
        self.trigger_event(
            self.SpeechRecorded,
            participant=participant,
            position=turn.position,
            seconds=seconds,
            over_time=self.applied_rules.over_time(seconds),
            summary=summary,
            **actor.event_fields(),
        )

    def expert_statement(self, actor: Actor, participant: str, summary: str) -> None:
        self._require_debate()
        category = self._participant(participant)
        if category is not ParticipantCategory.EXPERT:
            raise InvalidValue(
                f"{participant} is not an expert of this sitting",
                rule_id="WZ-5.6-a",
                zh=f"{participant} 不是本次会议的专家",
            )
        self.trigger_event(
            self.ExpertStated,
            participant=participant,
            summary=summary,
            **actor.event_fields(),
        )
