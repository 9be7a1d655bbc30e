"""访问记录 The access log: who read whose personal data, when (for the supervision committee)."""

from __future__ import annotations

from fastapi import APIRouter

from api.access import allow
from api.deps import Ctx, Cursor, Limit
from api.one_hop import OneHopRoute
from api.reads.units import AccessLogRead
from api.schemas import Code

router = APIRouter(
    prefix="/units", tags=["access log 访问记录"], route_class=OneHopRoute
)


@router.get(
    "/{code}/access-log",
    response_model=AccessLogRead,
    dependencies=[allow("units.access_log")],
    summary="访问记录：工作人员与监督委员会查看本辖区居民个人信息的记录（谁、何时、查看了谁、哪项资源）",
)
def access_log(
    code: Code, ctx: Ctx, cursor: Cursor = 0, limit: Limit = 50
) -> AccessLogRead:
    return AccessLogRead.model_validate(ctx.access_log.page(code, cursor, limit))
