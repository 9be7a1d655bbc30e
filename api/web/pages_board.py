"""公示栏 The public board of a community: its figures, resolved requests and posted
deliberation results, readable without signing in and holding no personal data
unless the resident or proposer consented (the same reads as /api/v1/public)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deliberation_schemas import PostedResultsRead
from api.people_schemas import PublicResultsRead
from api.reads.units import PublicStatsRead
from api.report_schemas import PublicNoticesRead
from api.schemas import Code
from api.web.errors import PageRoute
from api.web.pages_requests import unit_names
from api.web.session import ctx_of, current_session, render_for
from domain.deliberation.profiles import MAJOR_DECISION_DEFAULT
from domain.levels import Level

router = APIRouter(include_in_schema=False, route_class=PageRoute)
SHOWN = 20


@router.get("/board/{code}")
def board(request: Request, code: Code) -> Response:
    ctx = ctx_of(request)
    unit = ctx.ledger.registry().unit(code)
    if unit.level is Level.GROUP and unit.parent:  # a group reads its community's board
        unit = ctx.ledger.registry().unit(unit.parent)
    figures = PublicStatsRead.model_validate(ctx.publication.statistics(unit.code))
    results = PublicResultsRead.model_validate(
        ctx.publication.results(unit.code, 0, SHOWN)
    )
    posted = PostedResultsRead.model_validate(
        ctx.publication.posted_deliberations(unit.code, 0, SHOWN)
    )
    notices = PublicNoticesRead.model_validate(
        ctx.publication.notices(unit.code, 0, SHOWN)
    )
    context: dict[str, Any] = {
        "unit": unit,
        "figures": figures,
        "results": results.items,
        "posted": posted.items,
        "notices": notices.items,  # WZ-5.8-d, LS-2.4.12
        "stage_names": {s.key: s.name for s in MAJOR_DECISION_DEFAULT},
        "units": unit_names(ctx),
    }
    session = current_session(request)
    if session is not None:
        return render_for(request, session, "board.html", **context)
    return request.app.state.pages.render("board.html", principal=None, **context)
