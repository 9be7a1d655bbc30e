"""单位 Units of the five-level tree: list, inbox, statistics, and registry changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.access import allow
from api.deliberation_schemas import ProfileBody
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
from api.reads.requests import InboxRead
from api.reads.topics import CommunityTopicsRead, SuggestionRead
from api.reads.units import ProfileAdoptedRead, StatsRead, UnitRead
from api.routes.services import present
from api.schemas import Code
from application.access.grants import Grant
from domain.vocabulary import Category, Status

router = APIRouter(prefix="/units", tags=["units 单位"], route_class=OneHopRoute)
StatusFilter = Annotated[
    list[Status], Query(alias="status", max_length=20, description="按状态筛选")
]
CategoryFilter = Annotated[
    list[Category], Query(max_length=20, description="按类别筛选")
]


@router.get(
    "",
    response_model=list[UnitRead],
    dependencies=[allow("units.list")],
    summary="全部单位（区、街道、社区、居民小组）",
)
def list_units(
    _: CurrentPrincipal, ctx: Ctx, min_position: MinPosition = None
) -> list[UnitRead]:
    see_position(ctx, min_position)
    return [UnitRead.model_validate(unit) for unit in ctx.queries.units()]


@router.get(
    "/{code}/inbox",
    response_model=InboxRead,
    response_model_exclude_unset=True,
    summary="单位待办：等待本单位处理的诉求，按到达先后",
)
def inbox(
    code: Code,
    grant: Annotated[Grant, allow("units.inbox")],
    ctx: Ctx,
    status_: StatusFilter = [],  # noqa: B006
    category: CategoryFilter = [],  # noqa: B006
    cursor: Cursor = 0,
    limit: Limit = 50,
    min_position: MinPosition = None,
    as_of: AsOf = None,
) -> InboxRead:
    statuses, categories = [s.value for s in status_], [c.value for c in category]
    if as_of is not None:
        found = present(ctx.as_of, "as_of").inbox(
            code, statuses, categories, cursor, limit, as_of
        )
    else:
        see_position(ctx, min_position)
        found = ctx.queries.inbox(code, statuses, categories, cursor, limit)
    ctx.access_log.record(
        grant,
        f"inbox:{code}",
        {r["resident_id"]: r["origin_group"] for r in found["items"]},
    )
    return InboxRead.model_validate(found)


@router.get(
    "/{code}/stats",
    response_model=StatsRead,
    response_model_exclude_unset=True,
    dependencies=[allow("units.stats")],
    summary="辖区统计：受理、本级办结、上报、交办、在办、满意度（BZ-A1）",
)
def stats(
    code: Code, ctx: Ctx, min_position: MinPosition = None, as_of: AsOf = None
) -> StatsRead:
    if as_of is not None:
        return StatsRead.model_validate(present(ctx.as_of, "as_of").stats(code, as_of))
    see_position(ctx, min_position)
    return StatsRead.model_validate(ctx.queries.stats(code))


@router.get(
    "/{code}/deliberations",
    response_model=CommunityTopicsRead,
    dependencies=[allow("units.deliberations")],
    summary="社区协商议题：状态与到期事项；监督委员会另见待备案与逾期备案",
)
def deliberations(
    code: Code,
    principal: CurrentPrincipal,
    ctx: Ctx,
    cursor: Cursor = 0,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> CommunityTopicsRead:
    see_position(ctx, min_position)
    found = ctx.deliberation_queries.community(principal, code, cursor, limit)
    return CommunityTopicsRead.model_validate(found)


@router.get(
    "/{code}/topic-suggestions",
    response_model=list[SuggestionRead],
    dependencies=[allow("units.topic_suggestions")],
    summary="同一事项被多次反映的诉求：建议合并为一个协商议题（WZ-5.1）",
)
def topic_suggestions(
    code: Code, principal: CurrentPrincipal, ctx: Ctx, min_position: MinPosition = None
) -> list[SuggestionRead]:
    see_position(ctx, min_position)
    found = ctx.deliberation_queries.suggestions(principal, code)
    return [SuggestionRead.model_validate(s) for s in found]


@router.put(
    "/{code}/deliberation-profile",
    response_model=ProfileAdoptedRead,
    dependencies=[allow("units.deliberation_profile")],
    summary="社区采用的协商规则（wenzhou-2021 / lishui-2017 / jinhua-2023 / "
    "shaoxing-2024）；此后批准的议题锁定该规则",
)
def adopt_profile(
    code: Code,
    body: ProfileBody,
    principal: CurrentPrincipal,
    ctx: Ctx,
    request: Request,
    idempotency_key: IdempotencyHeader = None,
) -> ProfileAdoptedRead:
    adopted = ctx.deliberation.adopt_profile(
        principal,
        code,
        body.profile,
        idempotency(principal, idempotency_key, request, body),
    )
    return ProfileAdoptedRead.model_validate(adopted)
