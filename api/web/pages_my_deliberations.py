"""A resident's deliberations (我的协商): the topics they proposed or are invited to, what is
due, and in an online sitting the ballot they may cast now (WZ-5.5-d)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access import grant_for
from api.deps import see_position
from api.web.errors import PageRoute
from api.web.session import ctx_of, render_for, require_session
from application.ledger import Ledger
from application.records.words import WORDS

router = APIRouter(include_in_schema=False, route_class=PageRoute)


def sitting_now(ledger: Ledger, sitting_id: str | None, me: str) -> dict[str, Any]:
    """What the person may do in the topic's current sitting: sign in, or cast online."""
    if not sitting_id:
        return {}
    sitting = ledger.sitting(sitting_id)
    if sitting.outcome is not None or me not in sitting.participants:
        return {"sitting_id": sitting_id}
    ballots = sitting.ballots
    may_cast = (
        sitting.mode in ("online", "online_offline")  # WZ-5.3-d: the online side
        and ballots.open_item is not None
        and me not in ballots.paper_voters
        and me in sitting.eligible
        and me in sitting.present
        and me not in ballots.cast
    )
    return {
        "sitting_id": sitting_id,
        "sign_in": me not in sitting.present,
        "cast": may_cast,
        "mode": sitting.mode,
    }


def mine(ctx: Any, principal: Any) -> list[dict[str, Any]]:
    """One entry a topic, with every role the person holds on it."""
    return [
        {
            **entry,
            "now": sitting_now(
                ctx.ledger, entry.get("current_sitting"), principal.person_id
            ),
        }
        for entry in ctx.deliberation_queries.mine(principal)
    ]


@router.get("/my/deliberations")
def my_deliberations(request: Request, seen: int | None = None) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    see_position(ctx, seen)
    grant_for("me.deliberations", session.principal, ctx)
    return render_for(
        request,
        session,
        "my_deliberations.html",
        topics=mine(ctx, session.principal),
        words=WORDS,
    )
