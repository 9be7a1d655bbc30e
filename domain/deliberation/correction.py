"""The street's correction of a result that breaks law or policy (WZ-5.7-b).

The street either sets the result aside, sending the topic back to re-deliberation (planned and
sat again), or records the corrected result, which is then filed and communicated afresh like
any result (WZ-5.7-a, WZ-5.7-c). Either way the legal or policy basis is recorded with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from domain.actors import ActedEvent, Actor
from domain.calendar import china_text
from domain.deliberation.aftermath import AFTER, PER_RESULT
from domain.deliberation.outcome import Outcome
from domain.errors import InvalidValue, OutsideJurisdiction
from domain.levels import Role

if TYPE_CHECKING:
    from domain.deliberation.topics import Topic

SET_ASIDE, CORRECTED = "set_aside", "corrected"
DECISIONS = (SET_ASIDE, CORRECTED)
# a corrected result is one the street can state itself; a major decision starts 五议两公开
CORRECTABLE = (Outcome.CONSENSUS, Outcome.TERMINATED)
RULE = "WZ-5.7-b"


class ResultCorrectedBase(ActedEvent):
    """`step` is always "correct": the note is the street's own text (see Topic.data_subject)."""

    personal_fields = ("note",)
    subject_id: str
    step: str
    decision: str
    basis: str
    corrected_outcome: str | None
    file_due: str | None
    communicate_due: str | None
    note: str

    def apply(self, aggregate: Topic) -> None:
        steps = {k: n for k, n in aggregate.steps.items() if k not in PER_RESULT}
        aggregate.steps = {**steps, "correct": steps.get("correct", 0) + 1}
        aggregate.implement_due = None
        if self.corrected_outcome is None:
            aggregate.status, aggregate.outcome = "redeliberate", None
            aggregate.due_at = {}
            return
        outcome = Outcome(self.corrected_outcome)
        aggregate.status, aggregate.outcome = AFTER[outcome], outcome
        aggregate.settled_at = self.timestamp
        aggregate.due_at = {
            kind: due
            for kind, due in (
                ("file", self.file_due),
                ("communicate", self.communicate_due),
            )
            if due
        }


def correct_result(
    topic: Topic,
    actor: Actor,
    decision: str,
    basis: str,
    note: str,
    corrected: Outcome | None,
    dues: tuple[datetime, datetime],
) -> None:
    """WZ-5.7-b: the street staff over the community, after a result, with its basis."""
    topic.require("correct_result", RULE)
    if actor.role is not Role.STREET_STAFF:
        raise OutsideJurisdiction(
            "the street corrects a result", rule_id=RULE, zh="协商结果由街道纠正"
        )
    _check(decision, basis, note, corrected, topic.outcome)
    file_due, communicate_due = dues
    topic.trigger_event(
        topic.ResultCorrected,
        step="correct",
        decision=decision,
        basis=basis.strip(),
        corrected_outcome=corrected.value if corrected else None,
        file_due=china_text(file_due) if corrected else None,
        communicate_due=china_text(communicate_due) if corrected else None,
        note=note.strip(),
        **actor.event_fields(),
    )


def _check(
    decision: str,
    basis: str,
    note: str,
    corrected: Outcome | None,
    current: Outcome | None,
) -> None:
    if decision not in DECISIONS:
        raise InvalidValue(
            "set the result aside or record the corrected result",
            rule_id=RULE,
            allowed=list(DECISIONS),
            zh="请撤销该结果，或记录纠正后的结果",
        )
    if not basis.strip() or not note.strip():
        raise InvalidValue(
            "a correction states its legal or policy basis and what is wrong",
            rule_id=RULE,
            zh="纠正须写明法律或政策依据以及错在哪里",
        )
    if (decision == CORRECTED) != (corrected is not None):
        raise InvalidValue(
            "a corrected result names the result; setting aside names none",
            rule_id=RULE,
            zh="纠正后的结果须写明结果；撤销则不写结果",
        )
    if corrected is not None and (corrected not in CORRECTABLE or corrected == current):
        raise InvalidValue(
            "the corrected result is consensus or termination, and differs from the "
            "result corrected",
            rule_id=RULE,
            allowed=[o.value for o in CORRECTABLE if o != current],
            zh="纠正后的结果须为达成共识或终止，且与被纠正的结果不同",
        )
