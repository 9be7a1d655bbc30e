"""街道纠正 The street corrects a result that breaks law or policy (WZ-5.7-b)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import Field

from api.access import allow
from api.deliberation_schemas import TopicCommandRead
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency
from api.one_hop import OneHopRoute
from api.schemas import Reason, Versioned
from application.access.grants import Grant
from application.deliberation.correction import CorrectResult, correct_result
from domain.deliberation.outcome import Outcome

router = APIRouter(prefix="/topics", tags=["topics 协商议题"], route_class=OneHopRoute)


class CorrectionBody(Versioned):
    decision: Literal["set_aside", "corrected"] = Field(
        description="撤销结果、议题重新协商（set_aside），或记录纠正后的结果（corrected）"
    )
    basis: Reason = Field(description="依据的法律法规或政策条文")
    note: Reason = Field(description="结果违反了什么、如何纠正")
    corrected_outcome: Literal["consensus", "terminated"] | None = Field(
        None, description="纠正后的结果（仅 corrected）：达成一致或终止协商"
    )


@router.post(
    "/{topic_id}/correct_result",
    response_model=TopicCommandRead,
    summary="街道纠正违法违规的结果：撤销并重新协商，或记录纠正后的结果，附法律依据（WZ-5.7-b）",
)
def correct_topic_result(
    topic_id: UUID,
    body: CorrectionBody,
    principal: CurrentPrincipal,
    ctx: Ctx,
    grant: Annotated[Grant, allow("topics.correct_result")],
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> TopicCommandRead:
    corrected = correct_result(
        ctx.deliberation,
        principal,
        correction_command(topic_id, body),
        idempotency(principal, idempotency_key, request, body),
        grant,
    )
    return TopicCommandRead.model_validate(corrected)


def correction_command(topic_id: UUID, body: CorrectionBody) -> CorrectResult:
    """The body mapped once into the command (the route and the topic page's form)."""
    return CorrectResult(
        topic_id=topic_id,
        decision=body.decision,
        basis=body.basis,
        note=body.note,
        corrected_outcome=Outcome(body.corrected_outcome)
        if body.corrected_outcome
        else None,
        expected_version=body.expected_version,
    )
