"""监督委员会: filings due and late, the access log, and the way to the other views."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access import grant_for
from api.web.errors import PageRoute
from api.web.names import Names, unit_names
from api.web.session import ctx_of, render_for, require_session
from application.signin.sessions import Session
from domain.levels import Level

router = APIRouter(include_in_schema=False, route_class=PageRoute)
LOG_PAGE = 50


@router.get("/supervision/{code}")
def supervision_home(request: Request, code: str, after: int = 0) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant_for("units.access_log", session.principal, ctx, code=code)
    unit = ctx.ledger.registry().unit(code)
    log = ctx.access_log.page(code, max(after, 0), LOG_PAGE)
    names = Names(ctx)
    entries = [logged(entry, names) for entry in log["items"]]
    filings = filings_of(request, session, code, unit.level)
    return render_for(
        request,
        session,
        "supervision.html",
        unit=unit,
        late=[f for f in filings if f["late"]],
        due=[f for f in filings if not f["late"]],
        entries=entries,
        next_cursor=log["next_cursor"],
        units=unit_names(ctx),
    )


def filings_of(
    request: Request, session: Session, code: str, level: Level
) -> list[dict[str, Any]]:
    """The community's settled topics not filed yet or filed late (WZ-5.7-a)."""
    if level is not Level.COMMUNITY:
        return []
    ctx = ctx_of(request)
    grant_for("units.deliberations", session.principal, ctx, code=code)
    found = ctx.deliberation_queries.community(session.principal, code, 0, 1)
    rows = []
    for row in found["filings_due"]:
        filing = [d for d in row["due"] if d["action"] == "file"]
        rows.append(
            {
                "topic_id": row["topic_id"],
                "title": row.get("title") or "",
                "status": row.get("status"),
                "due": filing[0]["due"] if filing else row.get("file_due"),
                "late": bool(row.get("file_late")) or any(d["late"] for d in filing),
                "filed_at": row.get("filed_at"),
            }
        )
    return rows


def logged(entry: dict[str, Any], names: Names) -> dict[str, Any]:
    """An access-log entry with the reader by name and the people read about by reference."""
    kind, _, item = entry["resource"].partition(":")
    return {
        **entry,
        "reader": names(entry["reader_id"]),
        "subject_refs": [names.ref(s) for s in entry["subjects"]],
        "kind": kind,
        "link": resource_link(entry["resource"]),
    }


def resource_link(resource: str) -> str | None:
    """Where the page read can be opened again (by who may)."""
    parts = resource.split(":")
    if parts[0] == "request" or parts[:2] in (
        ["dossier", "request"],
        ["bundle", "request"],
    ):
        return f"/requests/{parts[-1]}"
    if parts[0] == "inbox":
        return f"/units/{parts[1]}/inbox"
    if parts[:2] in (["dossier", "topic"], ["bundle", "topic"]):
        return f"/dossiers/topics/{parts[-1]}"
    return None
