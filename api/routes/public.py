"""公开 What anyone may read without signing in: figures and results, with no personal data
unless the resident consented to its publication."""

from __future__ import annotations

from fastapi import APIRouter

from api.access import allow
from api.deliberation_schemas import PostedResultsRead
from api.deps import Ctx, Cursor, Limit, MinPosition, see_position
from api.one_hop import OneHopRoute
from api.people_schemas import PublicResultsRead
from api.reads.units import PublicStatsRead
from api.report_schemas import PublicNoticesRead
from api.schemas import Code

router = APIRouter(prefix="/public", tags=["public 公开"], route_class=OneHopRoute)


@router.get(
    "/units/{code}/stats",
    response_model=PublicStatsRead,
    dependencies=[allow("public.stats")],
    summary="公开统计：辖区受理、办结、满意度（不含个人信息）",
)
def public_stats(
    code: Code, ctx: Ctx, min_position: MinPosition = None
) -> PublicStatsRead:
    see_position(ctx, min_position)
    return PublicStatsRead.model_validate(ctx.publication.statistics(code))


@router.get(
    "/units/{code}/results",
    response_model=PublicResultsRead,
    dependencies=[allow("public.results")],
    summary="公开办理结果：已办结诉求（标题仅在居民同意公开时显示）",
)
def public_results(
    code: Code,
    ctx: Ctx,
    cursor: Cursor = 0,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> PublicResultsRead:
    see_position(ctx, min_position)
    return PublicResultsRead.model_validate(
        ctx.publication.results(code, cursor, limit)
    )


@router.get(
    "/units/{code}/deliberations",
    response_model=PostedResultsRead,
    dependencies=[allow("public.deliberations")],
    summary="公开张贴的协商结果（JH-5.4）：议题标题仅在提出人同意公开时显示",
)
def public_deliberations(
    code: Code,
    ctx: Ctx,
    cursor: Cursor = 0,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> PostedResultsRead:
    see_position(ctx, min_position)
    found = ctx.publication.posted_deliberations(code, cursor, limit)
    return PostedResultsRead.model_validate(found)


@router.get(
    "/units/{code}/notices",
    response_model=PublicNoticesRead,
    dependencies=[allow("public.notices")],
    summary="公示：落实情况报告（WZ-5.8-d）与“五议两公开”的决议、实施结果公开（LS-2.4.12）；"
    "姓名仅在本人同意公开时显示，否则遮盖",
)
def public_notices(
    code: Code,
    ctx: Ctx,
    cursor: Cursor = 0,
    limit: Limit = 50,
    min_position: MinPosition = None,
) -> PublicNoticesRead:
    see_position(ctx, min_position)
    found = ctx.publication.notices(code, cursor, limit)
    return PublicNoticesRead.model_validate(found)
