"""卷宗: a request's or a topic's dossier as a readable, printable page — names and
roles instead of ids, Beijing time, Chinese labels, and how to verify it offline."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access import grant_for
from api.context import ApiContext
from api.web.errors import PageRoute
from api.web.grants import needed
from api.web.names import Names, unit_names
from api.web.session import ctx_of, render_for, require_session
from application.deliberation.queries import topic_subjects
from application.signin.sessions import Session

router = APIRouter(include_in_schema=False, route_class=PageRoute)


def dossier_page(
    request: Request, session: Session, dossier: dict[str, Any]
) -> Response:
    """The dossier's page; `dossier` is what the API's dossier route returns."""
    ctx = ctx_of(request)
    return render_for(
        request,
        session,
        "dossier.html",
        d=dossier,
        who=Names(ctx),
        units=unit_names(ctx),
        linked=linked_requests(ctx, dossier),
    )


def linked_requests(ctx: ApiContext, dossier: dict[str, Any]) -> list[dict[str, Any]]:
    """A topic's linked requests by title (the ids stay in the links)."""
    if dossier["kind"] != "topic":
        return []
    found = []
    for request_id in dossier["linked_items"]["requests"]:
        row = ctx.queries.view.request(str(request_id))
        found.append({"id": request_id, "title": (row or {}).get("title") or "诉求"})
    return found


@router.get("/dossiers/topics/{topic_id}")
def topic_dossier(request: Request, topic_id: UUID) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant = grant_for("audit.dossier_topic", session.principal, ctx, topic_id=topic_id)
    found = needed(ctx.topic_dossiers, "协商卷宗").topic(str(topic_id))
    ctx.access_log.record(
        grant, f"dossier:topic:{topic_id}", topic_subjects(ctx.ledger, str(topic_id))
    )
    return dossier_page(request, session, found)
