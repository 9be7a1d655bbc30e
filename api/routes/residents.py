"""居民查找 Staff find the residents of their units by name or reference (P0039)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.access import allow
from api.deps import Ctx, MinPosition, see_position
from api.one_hop import OneHopRoute
from api.schemas import Code
from application.access.grants import Grant
from application.people.search import search_residents

router = APIRouter(prefix="/units", tags=["units 单位"], route_class=OneHopRoute)

Search = Annotated[
    str,
    Query(
        min_length=1,
        max_length=64,
        description="姓名中的字，或人员编号的开头（如 P0039）",
    ),
]


class ResidentRead(BaseModel):
    ref: str = Field(description="人员编号")
    person_id: str = Field(description="人员标识")
    name: str = Field(description="姓名")
    home_group: str = Field(description="所在居民小组")


class ResidentsRead(BaseModel):
    unit: str = Field(description="单位")
    query: str = Field(description="查找的内容")
    items: list[ResidentRead] = Field(description="找到的居民（至多 50 人）")


@router.get(
    "/{code}/residents",
    response_model=ResidentsRead,
    summary="按姓名或人员编号查找本辖区居民（仅限辖区内工作人员）",
)
def find_residents(
    code: Code,
    q: Search,
    grant: Annotated[Grant, allow("units.residents")],
    ctx: Ctx,
    min_position: MinPosition = None,
) -> ResidentsRead:
    see_position(ctx, min_position)
    found = search_residents(ctx.ledger, code, q)
    ctx.access_log.record(
        grant,
        f"residents:{code}",
        {row["person_id"]: row["home_group"] for row in found},
    )
    return ResidentsRead.model_validate({"unit": code, "query": q, "items": found})
