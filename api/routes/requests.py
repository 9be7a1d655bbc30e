"""诉求 Requests: raise one, act on it, read it with its timeline."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request, status
from pydantic import BaseModel

from api.access import allow
from api.commands import add_command_route
from api.deps import (
    AsOf,
    Ctx,
    CurrentPrincipal,
    IdempotencyHeader,
    MinPosition,
    idempotency,
    see_position,
)
from api.reads.requests import RequestRead, UrgedRead
from api.routes.services import present
from api.schemas import (
    AcceptBody,
    CommandRead,
    ConfirmBody,
    DelegateBody,
    EscalateBody,
    NoteBody,
    RateBody,
    ReasonBody,
    ReassignBody,
    RequestCreate,
    ResolveBody,
)
from application.access import Grant
from application.request_reassign import ReassignRequest

router = APIRouter(prefix="/requests", tags=["requests 诉求"])

ACTIONS: dict[str, tuple[type[BaseModel], str]] = {
    "accept": (AcceptBody, "受理：本单位接手办理"),
    "escalate": (EscalateBody, "上报：逐级上行一级，须说明理由（BZ-D1）"),
    "delegate": (DelegateBody, "交办：上级单位下派给其下级单位办理"),
    "resolve": (ResolveBody, "办结：说明办理结果"),
    "withdraw": (ReasonBody, "撤回：居民在办结前撤回诉求"),
    "confirm": (ConfirmBody, "确认：居民确认办结，诉求关闭"),
    "dispute": (ReasonBody, "不认可：居民对办理结果有异议，退回办结单位重新办理"),
    "rate": (RateBody, "评价：居民满意度 1–5（回访）"),
    "answer_urge": (NoteBody, "答复督办：办理单位说明进展"),
}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandRead,
    summary="提出诉求",
    dependencies=[allow("requests.raise")],
)
def raise_request(
    body: RequestCreate,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> CommandRead:
    raised = ctx.requests.raise_request(
        principal,
        title=body.title,
        description=body.description,
        category=body.category,
        location=body.location,
        channel=body.channel,
        on_behalf_of=body.on_behalf_of,
        idem=idempotency(principal, idempotency_key, request, body),
    )
    return CommandRead.model_validate(raised)


@router.get(
    "/{request_id}",
    response_model=RequestRead,
    response_model_exclude_unset=True,
    summary="诉求详情、所经各级用时与完整时间线",
)
def read_request(
    request_id: UUID,
    grant: Annotated[Grant, allow("requests.read")],
    ctx: Ctx,
    min_position: MinPosition = None,
    as_of: AsOf = None,
) -> RequestRead:
    if as_of is not None:
        found = present(ctx.as_of, "as_of").request(str(request_id), as_of)
    else:
        see_position(ctx, min_position)
        found = ctx.queries.request(str(request_id))
    ctx.access_log.record(
        grant, f"request:{request_id}", {found["resident_id"]: found["origin_group"]}
    )
    return RequestRead.model_validate(found)


for _action, (_model, _summary) in ACTIONS.items():
    add_command_route(
        router,
        operation=f"requests.{_action}",
        id_name="request_id",
        id_type=UUID,
        action=_action,
        body_model=_model,
        summary=_summary,
        response_model=CommandRead,
        call=lambda ctx, who, item, action, params, version, key: ctx.requests.act(
            who, item, action, params, version, key
        ),
    )


@router.post(
    "/{request_id}/urge",
    response_model=UrgedRead,
    dependencies=[allow("requests.urge")],
    summary="督办：上级单位或监督委员会督促逾期诉求",
)
def urge_request(
    request_id: UUID,
    body: NoteBody,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> UrgedRead:
    urged = ctx.supervision.urge(
        principal,
        "request",
        request_id,
        body.note,
        idempotency(principal, idempotency_key, request, body),
    )
    return UrgedRead.model_validate(urged)


@router.post(
    "/{request_id}/reassign",
    response_model=CommandRead,
    summary="改派：分派错了单位，转给同一上级下的同级单位，须说明理由（BZ-D1）",
)
def reassign_request(
    request_id: UUID,
    body: ReassignBody,
    grant: Annotated[Grant, allow("requests.reassign")],
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> CommandRead:
    command = ReassignRequest(
        request_id, body.to_unit, body.reason, body.expected_version
    )
    reassigned = ctx.requests.reassign(
        grant, command, idempotency(principal, idempotency_key, request, body)
    )
    return CommandRead.model_validate(reassigned)
