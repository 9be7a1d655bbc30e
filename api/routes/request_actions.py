"""诉求的办理命令 The commands on a request: one route each, building its typed command
(application/requests/commands.py) for `RequestService.handle`."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request

from api.access import allow
from api.action_bodies import action_bodies
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency
from api.one_hop import OneHopRoute
from api.schemas import (
    AcceptBody,
    CommandRead,
    ConfirmBody,
    DelegateBody,
    EscalateBody,
    NoteBody,
    RateBody,
    ReasonBody,
    ResolveBody,
)
from application.access.grants import Grant
from application.requests.commands import (
    AcceptRequest,
    AnswerRequestUrge,
    ConfirmRequest,
    DelegateRequest,
    DisputeRequest,
    EscalateRequest,
    RateRequest,
    ResolveRequest,
    WithdrawRequest,
)

router = APIRouter(prefix="/requests", tags=["requests 诉求"], route_class=OneHopRoute)


@router.post(
    "/{request_id}/accept",
    response_model=CommandRead,
    summary="受理：本单位接手办理",
)
def accept_request(
    request_id: UUID,
    body: AcceptBody,
    grant: Annotated[Grant, allow("requests.accept")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> CommandRead:
    command = AcceptRequest(
        request_id=request_id,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return CommandRead.model_validate(
        ctx.requests.handle(principal, command, key, grant)
    )


@router.post(
    "/{request_id}/escalate",
    response_model=CommandRead,
    summary="上报：逐级上行一级，须说明理由（BZ-D1）",
)
def escalate_request(
    request_id: UUID,
    body: EscalateBody,
    grant: Annotated[Grant, allow("requests.escalate")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> CommandRead:
    command = EscalateRequest(
        request_id=request_id,
        reason=body.reason,
        to_unit=body.to_unit,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return CommandRead.model_validate(
        ctx.requests.handle(principal, command, key, grant)
    )


@router.post(
    "/{request_id}/delegate",
    response_model=CommandRead,
    summary="交办：上级单位下派给其下级单位办理",
)
def delegate_request(
    request_id: UUID,
    body: DelegateBody,
    grant: Annotated[Grant, allow("requests.delegate")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> CommandRead:
    command = DelegateRequest(
        request_id=request_id,
        to_unit=body.to_unit,
        instructions=body.instructions,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return CommandRead.model_validate(
        ctx.requests.handle(principal, command, key, grant)
    )


@router.post(
    "/{request_id}/resolve",
    response_model=CommandRead,
    summary="办结：说明办理结果",
)
def resolve_request(
    request_id: UUID,
    body: ResolveBody,
    grant: Annotated[Grant, allow("requests.resolve")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> CommandRead:
    command = ResolveRequest(
        request_id=request_id,
        resolution=body.resolution,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return CommandRead.model_validate(
        ctx.requests.handle(principal, command, key, grant)
    )


@router.post(
    "/{request_id}/withdraw",
    response_model=CommandRead,
    summary="撤回：居民在办结前撤回诉求",
)
def withdraw_request(
    request_id: UUID,
    body: ReasonBody,
    grant: Annotated[Grant, allow("requests.withdraw")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> CommandRead:
    command = WithdrawRequest(
        request_id=request_id,
        reason=body.reason,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return CommandRead.model_validate(
        ctx.requests.handle(principal, command, key, grant)
    )


@router.post(
    "/{request_id}/confirm",
    response_model=CommandRead,
    summary="确认：居民确认办结，诉求关闭",
)
def confirm_request(
    request_id: UUID,
    body: ConfirmBody,
    grant: Annotated[Grant, allow("requests.confirm")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> CommandRead:
    command = ConfirmRequest(
        request_id=request_id,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return CommandRead.model_validate(
        ctx.requests.handle(principal, command, key, grant)
    )


@router.post(
    "/{request_id}/dispute",
    response_model=CommandRead,
    summary="不认可：居民对办理结果有异议，退回办结单位重新办理",
)
def dispute_request(
    request_id: UUID,
    body: ReasonBody,
    grant: Annotated[Grant, allow("requests.dispute")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> CommandRead:
    command = DisputeRequest(
        request_id=request_id,
        reason=body.reason,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return CommandRead.model_validate(
        ctx.requests.handle(principal, command, key, grant)
    )


@router.post(
    "/{request_id}/rate",
    response_model=CommandRead,
    summary="评价：居民满意度 1–5（回访）",
)
def rate_request(
    request_id: UUID,
    body: RateBody,
    grant: Annotated[Grant, allow("requests.rate")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> CommandRead:
    command = RateRequest(
        request_id=request_id,
        score=body.score,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return CommandRead.model_validate(
        ctx.requests.handle(principal, command, key, grant)
    )


@router.post(
    "/{request_id}/answer_urge",
    response_model=CommandRead,
    summary="答复督办：办理单位说明进展",
)
def answer_urge_request(
    request_id: UUID,
    body: NoteBody,
    grant: Annotated[Grant, allow("requests.answer_urge")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> CommandRead:
    command = AnswerRequestUrge(
        request_id=request_id,
        note=body.note,
        expected_version=body.expected_version,
    )
    key = idempotency(principal, idempotency_key, request, body)
    return CommandRead.model_validate(
        ctx.requests.handle(principal, command, key, grant)
    )


# each action's body model and summary, read off the routes above (the pages' forms)
ACTIONS = action_bodies(router)
