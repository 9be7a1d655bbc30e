"""诉求 Requests: raise one, act on it, read it with its timeline."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request, status

from api.access import allow
from api.deps import (
    AsOf,
    Ctx,
    CurrentPrincipal,
    IdempotencyHeader,
    MinPosition,
    idempotency,
    see_position,
)
from api.one_hop import OneHopRoute
from api.reads.requests import RequestRead, UrgedRead
from api.routes.request_actions import ACTIONS as ACTIONS  # the pages, tests
from api.routes.services import present
from api.schemas import (
    CommandRead,
    NoteBody,
    ReassignBody,
    RequestCreate,
)
from application.access.grants import Grant
from application.requests.reassign import ReassignRequest

router = APIRouter(prefix="/requests", tags=["requests 诉求"], route_class=OneHopRoute)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandRead,
    summary="提出诉求",
)
def raise_request(
    body: RequestCreate,
    grant: Annotated[Grant, allow("requests.raise")],
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
        grant=grant,
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


@router.post(
    "/{request_id}/urge",
    response_model=UrgedRead,
    summary="督办：上级单位或监督委员会督促逾期诉求",
)
def urge_request(
    request_id: UUID,
    body: NoteBody,
    principal: CurrentPrincipal,
    ctx: Ctx,
    grant: Annotated[Grant, allow("requests.urge")],
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> UrgedRead:
    urged = ctx.supervision.urge(
        principal,
        "request",
        request_id,
        body.note,
        idempotency(principal, idempotency_key, request, body),
        grant,
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
