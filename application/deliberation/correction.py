"""The street's correction of an unlawful result, as a typed command (WZ-5.7-b)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.access.grants import Grant
from application.deliberation.acting import acting
from application.deliberation.service import DeliberationService, topic_summary
from application.ledger import IdempotencyKey, Outcome
from application.principals import Principal
from domain.deliberation.correction import correct_result as correct_topic
from domain.deliberation.outcome import Outcome as Result


@dataclass(frozen=True)
class CorrectResult:
    """`decision`: set_aside (back to re-deliberation) or corrected (with `corrected_outcome`);
    `basis`: the law or policy the result breaks; `note`: what is wrong and what is corrected."""

    topic_id: UUID
    decision: str
    basis: str
    note: str
    corrected_outcome: Result | None = None
    expected_version: int | None = None


def correct_result(
    service: DeliberationService,
    principal: Principal,
    command: CorrectResult,
    idem: IdempotencyKey | None = None,
    grant: Grant | None = None,
) -> dict[str, Any]:
    """The street staff over the community correct the topic's result; a corrected result is
    filed by the end of the next day and communicated within the profile's days, afresh."""

    acting_in, held = service.acting_on(
        principal, "topics.correct_result", command.topic_id, grant
    )

    def build() -> Outcome:
        topic = held.aggregate(command.expected_version)
        actor = acting(acting_in)
        calendar, now = service.deadlines.calendar(), service.deadlines.clock()
        days = service.profile_of(topic).deadlines.communicate_within_days
        correct_topic(
            topic,
            actor,
            command.decision,
            command.basis,
            command.note,
            command.corrected_outcome,
            (
                calendar.end_of_next_day(now).at,
                calendar.within_calendar_days(now, days).at,
            ),
        )
        return Outcome([topic], topic_summary(topic))

    return service.ledger.commit(build, idem)
