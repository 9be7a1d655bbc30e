"""The floor of a sitting (WZ-5.6-a, WZ-5.5-b): sign-in, the proposer's explanation, speeches and
expert statements under the adopted rules.

A speaker states a position first and asks for the floor; the host gives it in the order of the
queue (speaking.py); the adopted rules limit speeches per person and mark a speech over their
time limit. Plain functions over the Sitting, each checking before it records its event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.actors import Actor
from domain.deliberation.participants import ParticipantCategory
from domain.deliberation.sitting_checks import (
    participant,
    refuse,
    require_debate,
    require_present,
    require_rules,
)
from domain.errors import InvalidValue

if TYPE_CHECKING:
    from domain.deliberation.sittings import Sitting

POSITIONS = ("for", "against")


def sign_in(sitting: Sitting, actor: Actor, person: str) -> None:
    participant(sitting, person)
    closed = sitting.outcome is not None or sitting.closed_without_result
    if person in sitting.present or closed:
        refuse(
            sitting,
            f"{person} is already signed in",
            "WZ-5.6-a",
            zh=f"{person} 已签到",
        )
    sitting.trigger_event(sitting.SignedIn, participant=person, **actor.event_fields())


def explain(sitting: Sitting, actor: Actor, summary: str) -> None:
    """WZ-5.6-a(c): the proposer explains first, once the rules are adopted (WZ-5.6-b)."""
    require_rules(sitting)
    if sitting.explained:
        refuse(
            sitting,
            "the proposer has explained the topic already",
            "WZ-5.6-a",
            zh="提议人已说明过议题",
        )
    sitting.trigger_event(
        sitting.ProposerExplained, summary=summary, **actor.event_fields()
    )


def request_floor(sitting: Sitting, actor: Actor, person: str, position: str) -> None:
    require_debate(sitting)
    require_present(sitting, person)
    if position not in POSITIONS:
        raise InvalidValue(
            "a speaker states a position first: for or against",
            rule_id="WZ-5.5-b",
            allowed=list(POSITIONS),
            zh="发言人须先表明立场：赞成或反对",
        )
    limit = sitting.applied_rules.speeches_per_person
    if sitting.spoken.get(person, 0) >= limit:
        refuse(
            sitting,
            f"{person} has spoken {limit} times: no further speech",
            "WZ-5.5-b",
            zh=f"{person} 已发言 {limit} 次，不能再发言",
        )
    if any(h.participant == person for h in sitting.hands):
        refuse(
            sitting,
            f"{person} is already waiting to speak",
            "WZ-5.5-b",
            zh=f"{person} 已在等候发言",
        )
    sitting.trigger_event(
        sitting.FloorRequested,
        participant=person,
        position=position,
        **actor.event_fields(),
    )


def speak(
    sitting: Sitting, actor: Actor, person: str, seconds: int, summary: str
) -> None:
    """The host gives the floor in the order of the rules; the recorder notes duration and gist."""
    require_debate(sitting)
    turn = sitting.next_speaker()
    if turn is None or turn.participant != person:
        refuse(
            sitting,
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
    sitting.trigger_event(
        sitting.SpeechRecorded,
        participant=person,
        position=turn.position,
        seconds=seconds,
        over_time=sitting.applied_rules.over_time(seconds),
        summary=summary,
        **actor.event_fields(),
    )


def expert_statement(sitting: Sitting, actor: Actor, person: str, summary: str) -> None:
    require_debate(sitting)
    if participant(sitting, person) is not ParticipantCategory.EXPERT:
        raise InvalidValue(
            f"{person} is not an expert of this sitting",
            rule_id="WZ-5.6-a",
            zh=f"{person} 不是本次会议的专家",
        )
    sitting.trigger_event(
        sitting.ExpertStated,
        participant=person,
        summary=summary,
        **actor.event_fields(),
    )
