"""我的 The caller: who they are, and their own requests."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.access import allow
from api.deps import (
    AsOf,
    Ctx,
    CurrentPrincipal,
    Cursor,
    IdempotencyHeader,
    Limit,
    MinPosition,
    idempotency,
    see_position,
)
from api.schemas import ConsentRead, ConsentUpdate, PageRead
from domain.levels import RESIDENT_DUTIES, RESIDENT_VENUE

router = APIRouter(prefix="/me", tags=["me 我的"])


@router.get("", dependencies=[allow("me.read")], summary="当前身份、居住小组与角色")
def whoami(principal: CurrentPrincipal) -> dict[str, Any]:
    return {
        "person_id": principal.person_id,
        "ref": principal.ref,
        "home_group": principal.home_group,
        "roles": [{"role": r.value, "unit": u} for r, u in sorted(principal.roles)],
        # BZ-L2, BZ-L3: a resident is the fifth level, with its own part and its own venue
        "as_resident": {"duties": list(RESIDENT_DUTIES), "venue": RESIDENT_VENUE}
        if principal.home_group
        else None,
    }


@router.get(
    "/requests",
    dependencies=[allow("me.requests")],
    response_model=PageRead,
    summary="我的诉求：当前状态与所在单位",
)
def my_requests(
    principal: CurrentPrincipal,
    ctx: Ctx,
    cursor: Cursor = 0,
    limit: Limit = 50,
    min_position: MinPosition = None,
    as_of: AsOf = None,
) -> dict[str, Any]:
    if as_of is not None:
        return ctx.as_of.my_requests(principal, cursor, limit, as_of)
    see_position(ctx, min_position)
    return ctx.queries.my_requests(principal, cursor, limit)


@router.put(
    "/publication-consent",
    response_model=ConsentRead,
    dependencies=[allow("me.publication_consent")],
    summary="同意或撤回在公开内容中显示我的个人信息",
)
def set_publication_consent(
    body: ConsentUpdate,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> dict[str, Any]:
    return ctx.publication.set_consent(
        principal, body.consent, idempotency(principal, idempotency_key, request, body)
    )


@router.get(
    "/deliberations",
    dependencies=[allow("me.deliberations")],
    summary="我参与的协商议题（提出、召集、记录、参与）与到期事项",
)
def my_deliberations(
    principal: CurrentPrincipal, ctx: Ctx, min_position: MinPosition = None
) -> list[dict[str, Any]]:
    see_position(ctx, min_position)
    return ctx.deliberation_queries.mine(principal)


@router.get(
    "/notices",
    dependencies=[allow("me.notices")],
    summary="我的政策通知（按收到先后，cursor 为已跳过条数）：需要时确认已阅",
)
def my_notices(
    principal: CurrentPrincipal,
    ctx: Ctx,
    cursor: Cursor = 0,
    limit: Limit = 200,
    min_position: MinPosition = None,
) -> list[dict[str, Any]]:
    see_position(ctx, min_position)
    return ctx.task_queries.notices(principal, cursor, limit)
