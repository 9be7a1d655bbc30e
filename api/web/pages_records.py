"""The five trace records of a topic (WZ-6) as printable pages: each rebuilt from the log by
application/records/trace.py and laid out as the paper form, in the console's frame; printing
drops the menu and the buttons (console.css, @media print)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from markupsafe import Markup

from api.access import grant_for
from api.records_render import html_value, meta_line
from api.web.errors import PageRoute
from api.web.session import ctx_of, render_for, require_session
from application.deliberation.queries import topic_subjects
from application.records.trace import record_for, records_for

router = APIRouter(include_in_schema=False, route_class=PageRoute)


@router.get("/topics/{topic_id}/records")
def records_index(request: Request, topic_id: UUID) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant = grant_for("topics.records", session.principal, ctx, topic_id=topic_id)
    records = records_for(ctx.ledger, topic_id)
    ctx.access_log.record(
        grant,
        f"records:topic:{topic_id}",
        topic_subjects(ctx.ledger, str(topic_id)),
    )
    return render_for(
        request,
        session,
        "records.html",
        topic_id=topic_id,
        records=list(records.values()),
    )


@router.get("/topics/{topic_id}/records/{number}")
def printable_record(
    request: Request, topic_id: UUID, number: int = Path(ge=1, le=5)
) -> Response:
    session, ctx = require_session(request), ctx_of(request)
    grant = grant_for("topics.records", session.principal, ctx, topic_id=topic_id)
    record = record_for(ctx.ledger, topic_id, number)
    ctx.access_log.record(
        grant,
        f"record:{number}:topic:{topic_id}",
        topic_subjects(ctx.ledger, str(topic_id)),
    )
    # html_value escapes every value itself (api/records_render.py): safe to mark as markup
    sections = [
        {"heading": s["heading"], "body": Markup(html_value(s["fields"]))}
        for s in record["sections"]
    ]
    return render_for(
        request,
        session,
        "record.html",
        topic_id=topic_id,
        record=record,
        meta=meta_line(record),
        sections=sections,
    )
