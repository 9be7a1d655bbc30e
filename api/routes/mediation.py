"""调解 A two-party dispute rejected at review (JH-4.2) becomes a mediation case at the resident
group (BZ-N1): its parties, each session, and an agreement or a referral to the community's
people's mediation committee."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field

from api.access import allow
from api.deliberation_schemas import PersonId
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency
from api.one_hop import OneHopRoute
from api.schemas import Body, Code, Reason
from application.deliberation.mediation import (
    HoldSession,
    MediationService,
    OpenMediation,
    RecordAgreement,
    RecordFailure,
    case_summary,
)

router = APIRouter(prefix="/topics", tags=["mediation 调解"], route_class=OneHopRoute)

People = list[PersonId]


class MediationRead(BaseModel):
    case_id: str = Field(description="调解案件编号")
    topic_id: str = Field(description="被驳回的议题")
    group: str = Field(description="调解所在居民小组")
    parties: list[str] = Field(description="当事人")
    status: str = Field(description="open 调解中、agreed 达成协议、referred 移交调委会")
    sessions: int = Field(description="已调解次数")
    version: int = Field(description="版本")
    allowed_actions: list[str] = Field(description="当前允许的操作")
    position: int | None = Field(None, description="该命令产生的日志位置")
    replayed: bool = Field(False, description="同一 Idempotency-Key 的重放答复")


class OpenBody(Body):
    group: Code = Field(description="调解所在的居民小组")
    parties: People = Field(
        min_length=2, max_length=20, description="当事人编号（如 P0039）或标识"
    )


class SessionBody(Body):
    present: People = Field(min_length=1, max_length=20, description="到场当事人")
    summary: Reason = Field(description="调解经过与各方意见")


class AgreementBody(Body):
    terms: Reason = Field(description="调解协议内容")
    signed_by: People = Field(
        min_length=2, max_length=20, description="签字确认的当事人（须为全部当事人）"
    )


class FailureBody(Body):
    reason: Reason = Field(description="未达成协议的原因；移交社区人民调解委员会")


@router.post(
    "/{topic_id}/mediation",
    status_code=status.HTTP_201_CREATED,
    response_model=MediationRead,
    dependencies=[allow("topics.open_mediation")],
    summary="两方纠纷（五不议第五项，JH-4.2）转居民小组调解：立案并列明当事人（BZ-N1）",
)
def open_mediation(
    topic_id: UUID,
    body: OpenBody,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> MediationRead:
    opened = MediationService(ctx.ledger).open(
        principal,
        OpenMediation(topic_id, body.group, tuple(body.parties)),
        idempotency(principal, idempotency_key, request, body),
    )
    return MediationRead.model_validate(opened)


@router.get(
    "/{topic_id}/mediation",
    response_model=MediationRead,
    dependencies=[allow("topics.mediation")],
    summary="调解案件现状（BZ-N1）",
)
def read_mediation(topic_id: UUID, ctx: Ctx) -> MediationRead:
    case = MediationService(ctx.ledger).case(topic_id)
    return MediationRead.model_validate(case_summary(case))


@router.post(
    "/{topic_id}/mediation/sessions",
    response_model=MediationRead,
    dependencies=[allow("topics.mediation_session")],
    summary="记录一次调解（BZ-N1）",
)
def hold_session(
    topic_id: UUID,
    body: SessionBody,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> MediationRead:
    held = MediationService(ctx.ledger).act(
        principal,
        HoldSession(topic_id, tuple(body.present), body.summary),
        idempotency(principal, idempotency_key, request, body),
    )
    return MediationRead.model_validate(held)


@router.post(
    "/{topic_id}/mediation/agreement",
    response_model=MediationRead,
    dependencies=[allow("topics.mediation_agreement")],
    summary="达成调解协议，全部当事人签字确认（BZ-N1）",
)
def reach_agreement(
    topic_id: UUID,
    body: AgreementBody,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> MediationRead:
    agreed = MediationService(ctx.ledger).act(
        principal,
        RecordAgreement(topic_id, body.terms, tuple(body.signed_by)),
        idempotency(principal, idempotency_key, request, body),
    )
    return MediationRead.model_validate(agreed)


@router.post(
    "/{topic_id}/mediation/failure",
    response_model=MediationRead,
    dependencies=[allow("topics.mediation_failure")],
    summary="调解不成，移交社区人民调解委员会（BZ-N1）",
)
def record_failure(
    topic_id: UUID,
    body: FailureBody,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> MediationRead:
    failed = MediationService(ctx.ledger).act(
        principal,
        RecordFailure(topic_id, body.reason),
        idempotency(principal, idempotency_key, request, body),
    )
    return MediationRead.model_validate(failed)
