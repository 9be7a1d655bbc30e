"""我的 The caller: who they are, and their own requests."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import CurrentPrincipal, Ctx, Cursor, Limit, MinPosition, see_position
from api.schemas import PageRead

router = APIRouter(prefix="/me", tags=["me 我的"])


@router.get("", summary="当前身份、居住小组与角色")
def whoami(principal: CurrentPrincipal) -> dict[str, Any]:
    return {"person_id": principal.person_id, "ref": principal.ref, "home_group": principal.home_group,
            "roles": [{"role": r.value, "unit": u} for r, u in sorted(principal.roles)]}


@router.get("/requests", response_model=PageRead, summary="我的诉求：当前状态与所在单位")
def my_requests(principal: CurrentPrincipal, ctx: Ctx, cursor: Cursor = 0, limit: Limit = 50,
                min_position: MinPosition = None) -> dict[str, Any]:
    see_position(ctx, min_position)
    return ctx.queries.my_requests(principal, cursor, limit)


@router.get("/notices", summary="我的政策通知：任务下派到居民的通知，需要时确认已阅")
def my_notices(principal: CurrentPrincipal, ctx: Ctx, min_position: MinPosition = None) -> list[dict[str, Any]]:
    see_position(ctx, min_position)
    return ctx.task_queries.notices(principal)
