"""诉求的办理命令 The commands on a request: one route each, building its typed command
(application/request_commands.py) for `RequestService.handle`."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request

from api.access import allow
from api.action_bodies import action_bodies
from api.deps import Ctx, CurrentPrincipal, IdempotencyHeader, idempotency
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
from application.request_commands import (
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

router = APIRouter(prefix="/requests", tags=["requests 诉求"])


@router.post(
    "/{request_id}/accept",
    response_model=CommandRead,
    summary="受理：本单位接手办理",
    dependencies=[allow("requests.accept")],
)
def accept_request(
    request_id: UUID,
    body: AcceptBody,
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
    return CommandRead.model_validate(ctx.requests.handle(principal, command, key))


@router.post(
    "/{request_id}/escalate",
    response_model=CommandRead,
    summary="上报：逐级上行一级，须说明理由（BZ-D1）",
    dependencies=[allow("requests.escalate")],
)
def escalate_request(
    request_id: UUID,
    body: EscalateBody,
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
    return CommandRead.model_validate(ctx.requests.handle(principal, command, key))


@router.post(
    "/{request_id}/delegate",
    response_model=CommandRead,
    summary="交办：上级单位下派给其下级单位办理",
    dependencies=[allow("requests.delegate")],
)
def delegate_request(
    request_id: UUID,
    body: DelegateBody,
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
    return CommandRead.model_validate(ctx.requests.handle(principal, command, key))


@router.post(
    "/{request_id}/resolve",
    response_model=CommandRead,
    summary="办结：说明办理结果",
    dependencies=[allow("requests.resolve")],
)
def resolve_request(
    request_id: UUID,
    body: ResolveBody,
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
    return CommandRead.model_validate(ctx.requests.handle(principal, command, key))


@router.post(
    "/{request_id}/withdraw",
    response_model=CommandRead,
    summary="撤回：居民在办结前撤回诉求",
    dependencies=[allow("requests.withdraw")],
)
def withdraw_request(
    request_id: UUID,
    body: ReasonBody,
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
    return CommandRead.model_validate(ctx.requests.handle(principal, command, key))


@router.post(
    "/{request_id}/confirm",
    response_model=CommandRead,
    summary="确认：居民确认办结，诉求关闭",
    dependencies=[allow("requests.confirm")],
)
def confirm_request(
    request_id: UUID,
    body: ConfirmBody,
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
    return CommandRead.model_validate(ctx.requests.handle(principal, command, key))


@router.post(
    "/{request_id}/dispute",
    response_model=CommandRead,
    summary="不认可：居民对办理结果有异议，退回办结单位重新办理",
    dependencies=[allow("requests.dispute")],
)
def dispute_request(
    request_id: UUID,
    body: ReasonBody,
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
    return CommandRead.model_validate(ctx.requests.handle(principal, command, key))


@router.post(
    "/{request_id}/rate",
    response_model=CommandRead,
    summary="评价：居民满意度 1–5（回访）",
    dependencies=[allow("requests.rate")],
)
def rate_request(
    request_id: UUID,
    body: RateBody,
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
    return CommandRead.model_validate(ctx.requests.handle(principal, command, key))


@router.post(
    "/{request_id}/answer_urge",
    response_model=CommandRead,
    summary="答复督办：办理单位说明进展",
    dependencies=[allow("requests.answer_urge")],
)
def answer_urge_request(
    request_id: UUID,
    body: NoteBody,
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
    return CommandRead.model_validate(ctx.requests.handle(principal, command, key))


# each action's body model and summary, read off the routes above (the pages' forms)
ACTIONS = action_bodies(router)
