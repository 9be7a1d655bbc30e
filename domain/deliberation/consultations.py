"""Door-to-door and written consultations around a sitting (WZ-5.6-f): before it, to research and
gather views; after it, to visit again and track how the result is received. `consult` records one on the Topic,
which nests a subclass of the event.

Recorded by the convenor or the community's staff, with the form, how many households and people
were reached, and a summary of what was heard (the author's own free text, so a personal field).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.actors import ActedEvent, Actor
from domain.deliberation.planning import convenor_or_staff
from domain.errors import InvalidValue, TransitionNotAllowed
from domain.vocabulary import label

if TYPE_CHECKING:
    from domain.deliberation.topics import Topic

CONSULTATION_FORMS = ("door_to_door", "written")
PHASE_ZH = {"before": "会前", "after": "会后"}
PHASES = {
    "before": (
        "approved",
        "planned",
        "announced",
        "redeliberate",
    ),  # a sitting is to come
    "after": ("redeliberate", "terminated", "implementing", "major_decision"),
}  # a sitting has a result


class ConsultationRecordedBase(ActedEvent):
    personal_fields = ("summary",)
    subject_id: str
    phase: str
    form: str
    households: int
    people: int
    summary: str


def consult(
    topic: Topic,
    actor: Actor,
    phase: str,
    form: str,
    households: int,
    people: int,
    summary: str,
) -> None:
    topic.require("consult", "WZ-5.6-f")
    convenor_or_staff(actor, topic.convenor)
    if phase not in PHASES:
        raise InvalidValue(
            f"unknown phase {phase!r}",
            rule_id="WZ-5.6-f",
            allowed=list(PHASES),
            zh=f"未知的征询阶段 {phase!r}：可选阶段见 allowed_actions",
        )
    if topic.status not in PHASES[phase]:
        raise TransitionNotAllowed(
            f"a topic that is {topic.status} has no {phase}-sitting consultation",
            rule_id="WZ-5.6-f",
            allowed=[p for p, during in PHASES.items() if topic.status in during],
            zh=f"议题当前为“{label('topic_status', topic.status)}”，没有{PHASE_ZH.get(phase, phase)}征询",
        )
    _check(form, households, people, summary)
    topic.trigger_event(
        topic.ConsultationRecorded,
        phase=phase,
        form=form,
        households=households,
        people=people,
        summary=summary.strip(),
        **actor.event_fields(),
    )


def _check(form: str, households: int, people: int, summary: str) -> None:
    if form not in CONSULTATION_FORMS:
        raise InvalidValue(
            f"{form!r} is not door-to-door or written",
            rule_id="WZ-5.6-f",
            allowed=list(CONSULTATION_FORMS),
            zh=f"{form!r} 不是入户或书面征询：请选择入户或书面",
        )
    if min(households, people) < 0 or households + people == 0:
        raise InvalidValue(
            "say how many households or people were reached",
            rule_id="WZ-5.6-f",
            zh="请写明征询到了多少户或多少人",
        )
    if not summary.strip():
        raise InvalidValue(
            "summarise what was heard", rule_id="WZ-5.6-f", zh="请概述征询听到的意见"
        )
