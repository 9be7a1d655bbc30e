"""考核 The assessment page (BZ-A2): a unit's figures for a period and its children ranked."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access import grant_for
from api.web.errors import PageRoute, refusal
from api.web.session import ctx_of, render_for, require_session
from application.assessment.export import COLUMNS
from application.assessment.period import parse_period
from domain.calendar import CHINA
from domain.errors import DomainError

router = APIRouter(include_in_schema=False, route_class=PageRoute)
RATES = {name for name, _ in COLUMNS if name.endswith("_rate")}


def shown(name: str, value: object) -> str:
    """A rate as a percentage, a missing figure as a dash."""
    if value is None:
        return "—"
    if name in RATES and isinstance(value, float):
        return f"{value * 100:.1f}%"
    return str(value)


@router.get("/units/{code}/assessment")
def unit_assessment(request: Request, code: str, period: str = "") -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant_for("units.assessment", session.principal, ctx, code=code)
    period = period or datetime.now(CHINA).strftime("%Y-%m")
    try:
        pack, problem = ctx.assessment.assess(code, parse_period(period)), None
    except DomainError as error:
        pack, problem = None, refusal(error)
    return render_for(
        request,
        session,
        "assessment.html",
        200 if problem is None else problem.status,
        unit=ctx.ledger.registry().unit(code),
        period=period,
        pack=pack,
        refusal=problem,
        columns=COLUMNS,
        shown=shown,
    )
