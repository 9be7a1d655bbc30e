"""辖区统计 (BZ-A1): the figures GET /api/v1/units/{code}/stats returns, drawn as bar
charts in SVG on the server (no script), with the numbers beside them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access import grant_for
from api.deps import see_position
from api.web.errors import PageRoute
from api.web.session import ctx_of, render_for, require_session
from domain.vocabulary import Status, label

router = APIRouter(include_in_schema=False, route_class=PageRoute)
# The stats figures charted, in the order a person reads them, with their labels.
FLOW = (
    ("received", "受理"),
    ("resolved", "办结"),
    ("resolved_here", "本级办结"),
    ("resolved_at_entry_unit", "在首接小组办结"),
    ("escalated_up", "上报"),
    ("delegated_down", "交办"),
    ("open", "在办"),
)
BAR_AREA = 200  # SVG user units a full bar spans; the label column sits left of it
ROW_HEIGHT = 32


@dataclass(frozen=True)
class Bar:
    name: str
    value: float
    shown: str
    y: int
    width: float


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT + 8


def chart(title: str, figures: list[tuple[str, float]], top: float = 0) -> Chart:
    """Bars scaled to the largest figure (or to `top`, as 5 for a rating out of 5)."""
    scale = max([top, *(value for _, value in figures)]) or 1
    bars = [
        Bar(
            name,
            value,
            f"{value:g}",
            index * ROW_HEIGHT + 4,
            round(BAR_AREA * value / scale, 1),
        )
        for index, (name, value) in enumerate(figures)
    ]
    return Chart(title, bars)


def charts(found: dict[str, Any], counts: dict[str, int]) -> list[Chart]:
    flow = [(name, float(found.get(key) or 0)) for key, name in FLOW]
    by_status = [
        (label("status", s.value), float(counts.get(s.value, 0))) for s in Status
    ]
    made = [chart("诉求办理情况", flow), chart("本单位诉求按状态", by_status)]
    if found.get("satisfaction_average") is not None:
        made.append(
            chart("满意度（满分5分）", [("平均分", found["satisfaction_average"])], 5)
        )
    return made


@router.get("/units/{code}/stats")
def unit_stats(request: Request, code: str, seen: int | None = None) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant_for("units.stats", session.principal, ctx, code=code)
    see_position(ctx, seen)
    found = ctx.queries.stats(code)
    counts = ctx.queries.view.inbox_counts(code)
    return render_for(
        request,
        session,
        "unit_stats.html",
        unit=ctx.ledger.registry().unit(code),
        stats=found,
        charts=charts(found, counts),
        bar_area=BAR_AREA,
    )
