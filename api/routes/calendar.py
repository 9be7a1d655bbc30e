"""工作日历 The working-day calendar in force (CAL-1): official data plus loaded years."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.access import allow
from api.deps import Ctx, CurrentPrincipal
from api.one_hop import OneHopRoute
from api.reads.units import CalendarLoadedRead, CalendarYearRead
from api.registry_schemas import ScheduleLoad
from api.strict import WholeNumber
from application.registry.service import administrator

router = APIRouter(
    prefix="/calendar", tags=["calendar 工作日历"], route_class=OneHopRoute
)
Year = Annotated[WholeNumber, Path(ge=2000, le=2100)]


@router.get(
    "/{year}",
    response_model=CalendarYearRead,
    response_model_exclude_unset=True,
    dependencies=[allow("calendar.read")],
    summary="某年的节假日与调休；未知年份按周一至周五（期限标为暂定）",
)
def read_year(year: Year, _: CurrentPrincipal, ctx: Ctx) -> CalendarYearRead:
    calendar = ctx.deadlines.calendar()
    schedule = calendar.schedules.get(year)
    if schedule is None:
        return CalendarYearRead(
            year=year,
            known=False,
            fallback="Monday to Friday",
            holidays=[],
            workdays=[],
        )
    return CalendarYearRead(
        year=year,
        known=True,
        source=schedule.source,
        holidays=sorted(d.isoformat() for d in schedule.holidays),
        workdays=sorted(d.isoformat() for d in schedule.workdays),
    )


@router.put(
    "/{year}",
    response_model=CalendarLoadedRead,
    dependencies=[allow("calendar.load")],
    summary="载入某年安排（管理员）；在办事项的暂定期限随即按此重算",
)
def load_year(
    year: Year, body: ScheduleLoad, principal: CurrentPrincipal, ctx: Ctx
) -> CalendarLoadedRead:
    actor = administrator(principal)
    loaded = ctx.deadlines.load_schedule(
        actor, year, body.holidays, body.workdays, body.source
    )
    return CalendarLoadedRead.model_validate({**loaded, **ctx.recompute_provisional()})
