"""回访 A staff return visit (BZ-A3): community staff record, on a resident's behalf, the
resident's confirmation, dispute or rating of a resolved request, with the channel used.

The visit is its own event (who visited, how, what the resident said), followed by the
same confirmation, dispute or rating the resident could have given, with the staff
member as its actor — so the request moves exactly as if the resident had answered,
and assessment can tell resident-given from staff-recorded answers by the actor's role.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from domain.actors import ActedEvent, Actor
from domain.errors import InvalidValue, TransitionNotAllowed
from domain.supervision import DueFor, no_deadlines

if TYPE_CHECKING:
    from domain.requests import Request

RULE_ID = "BZ-A3"


class VisitChannel(str, Enum):
    """How staff reached the resident."""

    PHONE = "phone"  # 电话回访
    VISIT = "visit"  # 上门回访


class VisitOutcome(str, Enum):
    """What the resident said, as the request action it amounts to."""

    CONFIRM = "confirm"  # 确认办结
    DISPUTE = "dispute"  # 不认可
    RATE = "rate"  # 评价满意度


class ReturnVisitRecorded(ActedEvent):
    """Staff reached the resident by `channel`; the outcome follows as its own event."""

    resident_id: str
    channel: str
    outcome: str

    def apply(self, aggregate: Request) -> None:
        pass


def _check_visit(
    request: Request, outcome: VisitOutcome, score: int | None, reason: str
) -> None:
    """The state allows the outcome and its value is given (BZ-A1)."""
    allowed = request.allowed_actions()
    if outcome.value not in allowed:
        raise TransitionNotAllowed(
            f"a return visit cannot record {outcome.value!r}: the request is {request.status.value}",
            rule_id=RULE_ID,
            allowed=allowed,
            zh=f"回访不能记录“{outcome.value}”：诉求当前为 {request.status.value}",
        )
    if outcome is VisitOutcome.RATE and (score is None or not 1 <= score <= 5):
        raise InvalidValue(
            "a return visit's rating records a satisfaction of 1 to 5",
            rule_id="BZ-A1",
            zh="回访评价须记录 1–5 分的满意度",
        )
    if outcome is VisitOutcome.DISPUTE and not reason.strip():
        raise InvalidValue(
            "a return visit that disputes the resolution records the resident's reason",
            rule_id=RULE_ID,
            zh="回访记录不认可时须写明居民的理由",
        )


def record_return_visit(
    request: Request,
    actor: Actor,
    channel: VisitChannel,
    outcome: VisitOutcome,
    *,
    score: int | None = None,
    reason: str = "",
    due_for: DueFor = no_deadlines,
) -> None:
    """Every check first (the state allows the outcome, its value is given), then the events."""
    _check_visit(request, outcome, score, reason)
    request.trigger_event(
        request.ReturnVisitRecorded,
        resident_id=request.resident_id,
        channel=channel.value,
        outcome=outcome.value,
        **actor.event_fields(),
    )
    if outcome is VisitOutcome.CONFIRM:
        request.confirm(actor)
    elif outcome is VisitOutcome.DISPUTE:
        request.dispute(actor, reason, due_for)
    else:
        request.rate(actor, score or 0)
