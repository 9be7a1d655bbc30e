"""居民查找: staff find a resident of their units by name or reference (P0039), e.g. to name
them in a plan; names are decrypted in memory for the page and the read is logged."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access import grant_for
from api.context import ApiContext
from api.web.errors import PageRoute
from api.web.session import ctx_of, render_for, require_session
from application.people.search import search_residents
from application.principals import Principal
from domain.errors import DomainError

router = APIRouter(include_in_schema=False, route_class=PageRoute)


def may_search(ctx: ApiContext, principal: Principal, code: str) -> bool:
    """Whether the unit's page offers the search (staff over the unit, BZ-D3)."""
    try:
        grant_for("units.residents", principal, ctx, code=code)
    except DomainError:
        return False
    return True


@router.get("/units/{code}/residents")
def residents(request: Request, code: str, q: str = "") -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant = grant_for("units.residents", session.principal, ctx, code=code)
    wanted = q.strip()[:64]
    found = search_residents(ctx.ledger, code, wanted) if wanted else []
    ctx.access_log.record(
        grant, f"residents:{code}", {r["person_id"]: r["home_group"] for r in found}
    )
    return render_for(
        request,
        session,
        "residents.html",
        unit=ctx.ledger.registry().unit(code),
        query=wanted,
        found=found,
    )
