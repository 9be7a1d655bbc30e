"""我的 The caller: who they are, and their own requests."""

from __future__ import annotations

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
from api.one_hop import OneHopRoute
from api.people_schemas import ConsentRead, ConsentUpdate
from api.reads.me import ResidentPartRead, RoleRead, WhoAmIRead
from api.reads.requests import MyRequestsRead
from api.reads.tasks import NoticeRead
from api.reads.topics import MyTopicRead
from api.routes.services import present
from domain.levels import RESIDENT_DUTIES, RESIDENT_VENUE

router = APIRouter(prefix="/me", tags=["me 我的"], route_class=OneHopRoute)


@router.get(
    "",
    response_model=WhoAmIRead,
    dependencies=[allow("me.read")],
    summary="当前身份、居住小组与角色",
)
def whoami(principal: CurrentPrincipal) -> WhoAmIRead:
    return WhoAmIRead(
        person_id=principal.person_id,
        ref=principal.ref,
        home_group=principal.home_group,
        roles=[RoleRead(role=r.value, unit=u) for r, u in sorted(principal.roles)],
        # BZ-L2, BZ-L3: a resident is the fifth level, with its own part and its own venue
        as_resident=ResidentPartRead(duties=list(RESIDENT_DUTIES), venue=RESIDENT_VENUE)
        if principal.home_group
        else None,
    )


@router.get(
    "/requests",
    dependencies=[allow("me.requests")],
    response_model=MyRequestsRead,
    response_model_exclude_unset=True,
    summary="我的诉求：当前状态与所在单位",
)
def my_requests(
    principal: CurrentPrincipal,
    ctx: Ctx,
    cursor: Cursor = 0,
    limit: Limit = 50,
    min_position: MinPosition = None,
    as_of: AsOf = None,
) -> MyRequestsRead:
    if as_of is not None:
        found = present(ctx.as_of, "as_of").my_requests(principal, cursor, limit, as_of)
    else:
        see_position(ctx, min_position)
        found = ctx.queries.my_requests(principal, cursor, limit)
    return MyRequestsRead.model_validate(found)


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
) -> ConsentRead:
    return ConsentRead.model_validate(
        ctx.publication.set_consent(
            principal,
            body.consent,
            idempotency(principal, idempotency_key, request, body),
        )
    )


@router.get(
    "/deliberations",
    response_model=list[MyTopicRead],
    dependencies=[allow("me.deliberations")],
    summary="我参与的协商议题（提出、召集、记录、参与）与到期事项",
)
def my_deliberations(
    principal: CurrentPrincipal, ctx: Ctx, min_position: MinPosition = None
) -> list[MyTopicRead]:
    see_position(ctx, min_position)
    return [
        MyTopicRead.model_validate(r) for r in ctx.deliberation_queries.mine(principal)
    ]


@router.get(
    "/notices",
    response_model=list[NoticeRead],
    dependencies=[allow("me.notices")],
    summary="我的政策通知（按收到先后，cursor 为已跳过条数）：需要时确认已阅",
)
def my_notices(
    principal: CurrentPrincipal,
    ctx: Ctx,
    cursor: Cursor = 0,
    limit: Limit = 200,
    min_position: MinPosition = None,
) -> list[NoticeRead]:
    see_position(ctx, min_position)
    notices = ctx.task_queries.notices(principal, cursor, limit)
    return [NoticeRead.model_validate(n) for n in notices]
