"""回访 A staff return visit recorded on a resident's behalf (BZ-A3)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import Field

from api.access import allow
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency
from api.one_hop import OneHopRoute
from api.schemas import CommandRead, Reason, Versioned
from application.requests.return_visits import RecordReturnVisit
from domain.return_visits import VisitChannel, VisitOutcome

router = APIRouter(prefix="/requests", tags=["requests 诉求"], route_class=OneHopRoute)


class ReturnVisitBody(Versioned):
    """社区工作人员电话或上门回访后，代居民记录确认、不认可或满意度评价。"""

    channel: VisitChannel = Field(description="回访方式：phone 电话、visit 上门")
    outcome: VisitOutcome = Field(
        description="居民的答复：confirm 确认办结、dispute 不认可、rate 评价"
    )
    score: int | None = Field(None, ge=1, le=5, description="满意度 1–5（评价时必填）")
    reason: Reason | None = Field(None, description="不认可的理由（不认可时必填）")


@router.post(
    "/{request_id}/return_visit",
    response_model=CommandRead,
    dependencies=[allow("requests.return_visit")],
    summary="回访：社区工作人员代居民记录确认、不认可或评价（BZ-A3）",
)
def record_return_visit(
    request_id: UUID,
    body: ReturnVisitBody,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> CommandRead:
    command = RecordReturnVisit(
        request_id=request_id,
        channel=body.channel,
        outcome=body.outcome,
        score=body.score,
        reason=body.reason or "",
        expected_version=body.expected_version,
    )
    recorded = ctx.return_visits.record(
        principal, command, idempotency(principal, idempotency_key, request, body)
    )
    return CommandRead.model_validate(recorded)
