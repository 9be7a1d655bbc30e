"""培训时钟 The service's clock: read it; in development an administrator moves it forward."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import Field, StringConstraints

from api.access import allow
from api.deps import Ctx, CurrentPrincipal
from api.one_hop import OneHopRoute
from api.reads.values import Read
from api.schemas import Body, Reason
from application.calendar.clock import AdvanceClock

router = APIRouter(prefix="/clock", tags=["clock 培训时钟"], route_class=OneHopRoute)
Span = Annotated[str, StringConstraints(pattern=r"^\s*(\d+[wdhmsWDHMS])+\s*$")]


class ClockRead(Read):
    now: str = Field(description="服务时间（墙上时间加培训偏移）")
    wall: str = Field(description="墙上时间")
    offset_seconds: int = Field(description="培训偏移（秒）")
    development: bool = Field(description="是否开发模式（仅开发模式可拨钟）")


class ClockAdvanced(ClockRead):
    position: int = Field(description="该命令产生的日志位置")


class ClockAdvance(Body):
    """管理员在开发模式下把服务时间向前拨（如 3d、12h）；记为一条事件。"""

    by: Span = Field(description="拨快多久：w 周、d 天、h 时、m 分、s 秒，如 3d")
    reason: Reason = Field(description="为何拨钟（如培训演示逾期督办）")


@router.get(
    "",
    response_model=ClockRead,
    dependencies=[allow("clock.read")],
    summary="服务时间与培训偏移",
)
def read_clock(_: CurrentPrincipal, ctx: Ctx) -> ClockRead:
    return ClockRead.model_validate(ctx.clock.state())


@router.post(
    "/advance",
    response_model=ClockAdvanced,
    dependencies=[allow("clock.advance")],
    summary="拨快服务时间（仅开发模式，管理员；TRAINING-CLOCK）",
)
def advance_clock(
    body: ClockAdvance, principal: CurrentPrincipal, ctx: Ctx
) -> ClockAdvanced:
    advanced = ctx.clock.advance(principal, AdvanceClock(body.by, body.reason))
    return ClockAdvanced.model_validate(advanced)
