"""考核 A unit's assessment pack for a period: JSON, CSV or XLSX (BZ-A1, BZ-A2, BZ-A3)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.access import allow
from api.deps import Ctx, MinPosition, see_position
from api.one_hop import OneHopRoute
from api.reads.assessment import AssessmentRead
from api.schemas import TEXT_DOCUMENT, Code
from application.assessment.export import to_csv, to_xlsx
from application.assessment.period import parse_period

router = APIRouter(prefix="/units", tags=["units 单位"], route_class=OneHopRoute)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILES = {"csv": ("text/csv; charset=utf-8", to_csv), "xlsx": (XLSX, to_xlsx)}
PeriodText = Annotated[
    str | None,
    Query(
        pattern=r"^\d{4}(-\d{2}|-[Qq][1-4])?$",
        description="考核期：2026-11（月）、2026-Q4（季）、2026（年）；或用 from/to",
    ),
]


@router.get(
    "/{code}/assessment",
    response_model=AssessmentRead,
    dependencies=[allow("units.assessment")],
    responses={
        200: {
            "description": "JSON、CSV 或 XLSX（按 format）",
            "content": {"text/csv": TEXT_DOCUMENT, XLSX: TEXT_DOCUMENT},
        }
    },
    summary="考核：本单位与各下级单位在考核期内的受理、响应、办结、就近办结、上报、交办、"
    "逾期、满意度，下级排名（BZ-A2）",
)
def assessment(
    code: Code,
    ctx: Ctx,
    period: PeriodText = None,
    first: Annotated[date | None, Query(alias="from", description="起（含）")] = None,
    last: Annotated[date | None, Query(alias="to", description="止（含）")] = None,
    format: Annotated[  # noqa: A002
        Literal["json", "csv", "xlsx"], Query(description="json、csv 或 xlsx")
    ] = "json",
    min_position: MinPosition = None,
) -> AssessmentRead | Response:
    see_position(ctx, min_position)
    pack = ctx.assessment.assess(code, parse_period(period, first, last))
    if format == "json":
        return AssessmentRead.model_validate(pack)
    media_type, render = FILES[format]
    name = f"assessment-{code}-{pack['period'].replace('..', '_')}.{format}"
    return Response(
        render(pack),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
